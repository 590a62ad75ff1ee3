import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, Input, Select } from '../../../../components/ui';
import { cn } from '../../../../lib/cn';
import { useFlows } from '../../../flows/hooks';
import { timeZones } from '../../../inbox/settings';
import { defaultSchedule } from '../../form';
import { StepTitle } from './BasicsSteps';
import type { StepProps } from './types';

/** A checkbox that opens its options below it. */
function Option({ label, hint, checked, onChange, testId, children }: { label: string; hint?: string; checked: boolean; onChange: (on: boolean) => void; testId: string; children?: ReactNode }) {
  return (
    <div className={cn('rounded-xl border p-4 transition', checked ? 'border-primary-300 bg-primary-50/30' : 'border-slate-200')}>
      <label className="flex cursor-pointer items-start gap-3">
        <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
        <span>
          <span className="block text-sm font-medium text-slate-900">{label}</span>
          {hint && <span className="block text-xs text-slate-500">{hint}</span>}
        </span>
      </label>
      {checked && children && <div className="mt-3 ps-7">{children}</div>}
    </div>
  );
}

/** When it goes (now or at a time in a chosen zone) and how: quiet hours, a pace, a flow started by replies. */
export function ScheduleStep({ form, update, fieldErrors }: StepProps) {
  const { t } = useTranslation();
  const zones = useMemo(() => timeZones(form.timezone), [form.timezone]);
  const flows = useFlows();
  const published = (flows.data ?? []).filter((f) => f.status === 'published' || f.id === form.replyFlowId);
  return (
    <div className="max-w-2xl space-y-4">
      <StepTitle title={t('campaigns.wizard.schedule.title')} hint={t('campaigns.wizard.schedule.hint')} />
      <div className="grid gap-2 sm:grid-cols-2" role="radiogroup" aria-label={t('campaigns.wizard.schedule.when')}>
        {(['now', 'later'] as const).map((w) => (
          <label
            key={w}
            className={cn(
              'flex cursor-pointer items-start gap-3 rounded-xl border p-3 transition',
              form.when === w ? 'border-primary-400 bg-primary-50/50 ring-2 ring-primary-500/15' : 'border-slate-200 hover:border-slate-300',
            )}
          >
            <input type="radio" name="when" className="mt-1 size-4" checked={form.when === w} onChange={() => update(w === 'later' && !form.date ? { when: w, ...defaultSchedule(form.timezone) } : { when: w })} data-testid={`when-${w}`} />
            <span>
              <span className="block font-medium text-slate-900">{t(`campaigns.wizard.schedule.${w}`)}</span>
              <span className="block text-xs text-slate-500">{t(`campaigns.wizard.schedule.${w}Hint`)}</span>
            </span>
          </label>
        ))}
      </div>

      {form.when === 'later' && (
        <div className="space-y-4 rounded-xl border border-slate-200 p-4">
          <div className="grid gap-3 sm:grid-cols-2">
            <Field label={t('campaigns.wizard.schedule.date')} htmlFor="schedule-date">
              <Input id="schedule-date" type="date" value={form.date} onChange={(e) => update({ date: e.target.value })} data-testid="schedule-date" />
            </Field>
            <Field label={t('campaigns.wizard.schedule.time')} htmlFor="schedule-time">
              <Input id="schedule-time" type="time" value={form.time} onChange={(e) => update({ time: e.target.value })} data-testid="schedule-time" />
            </Field>
          </div>
          <Field label={t('campaigns.wizard.schedule.timezone')} htmlFor="schedule-zone" error={fieldErrors.timezone}>
            <Select id="schedule-zone" value={form.timezone} onChange={(e) => update({ timezone: e.target.value })} dir="ltr" data-testid="schedule-timezone">
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z}
                </option>
              ))}
            </Select>
          </Field>
          <label className="flex items-start gap-3 text-sm">
            <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" checked={form.recipientTimezone} onChange={(e) => update({ recipientTimezone: e.target.checked })} data-testid="recipient-timezone" />
            <span>
              <span className="block font-medium text-slate-900">{t('campaigns.wizard.schedule.recipientTimezone')}</span>
              <span className="block text-xs text-slate-500">{t('campaigns.wizard.schedule.recipientTimezoneHint')}</span>
            </span>
          </label>
        </div>
      )}

      <Option label={t('campaigns.wizard.schedule.quiet')} hint={t('campaigns.wizard.schedule.quietHint')} checked={form.quietHours} onChange={(on) => update({ quietHours: on })} testId="quiet-hours">
        <div className="grid max-w-sm grid-cols-2 gap-3">
          <Field label={t('campaigns.wizard.schedule.from')} htmlFor="quiet-start" error={fieldErrors.quietStart}>
            <Input id="quiet-start" type="time" value={form.quietStart} onChange={(e) => update({ quietStart: e.target.value })} />
          </Field>
          <Field label={t('campaigns.wizard.schedule.to')} htmlFor="quiet-end" error={fieldErrors.quietEnd}>
            <Input id="quiet-end" type="time" value={form.quietEnd} onChange={(e) => update({ quietEnd: e.target.value })} />
          </Field>
        </div>
      </Option>

      <Option label={t('campaigns.wizard.schedule.rate')} hint={t('campaigns.wizard.schedule.rateHint')} checked={form.limitRate} onChange={(on) => update({ limitRate: on })} testId="limit-rate">
        <Field label={t('campaigns.wizard.schedule.perSecond')} htmlFor="rate" error={fieldErrors.ratePerSecond}>
          <Input id="rate" type="number" min={1} max={1000} className="max-w-32" value={form.ratePerSecond} onChange={(e) => update({ ratePerSecond: e.target.value })} data-testid="rate" />
        </Field>
      </Option>

      <Option label={t('campaigns.wizard.schedule.flow')} hint={t('campaigns.wizard.schedule.flowHint')} checked={form.replyFlow} onChange={(on) => update({ replyFlow: on })} testId="reply-flow">
        {published.length === 0 ? (
          <p className="text-sm text-slate-500">{t('campaigns.wizard.schedule.noFlows')}</p>
        ) : (
          <Field label={t('campaigns.wizard.schedule.flowPick')} htmlFor="reply-flow-id" error={fieldErrors.replyFlowId}>
            <Select id="reply-flow-id" value={form.replyFlowId} onChange={(e) => update({ replyFlowId: e.target.value })} data-testid="reply-flow-id">
              <option value="">—</option>
              {published.map((f) => (
                <option key={f.id} value={f.id}>
                  {f.name}
                </option>
              ))}
            </Select>
          </Field>
        )}
      </Option>
    </div>
  );
}
