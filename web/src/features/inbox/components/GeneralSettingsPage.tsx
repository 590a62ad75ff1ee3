import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { InboxSettings, TimeZone } from '../../../api/types';
import { Alert, Badge, Button, Card, CardBody, CardHeader, Input, QueryView, Select, TextAreaField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { useInboxSettings, useSaveInboxSettings } from '../hooks/useInbox';
import { hoursToRows, invalidDays, rowsToHours, timeZones, weekdayNames, type DayRow } from '../settings';

const AUTO_ASSIGN = ['off', 'round_robin', 'least_busy'] as const;
type AutoAssign = (typeof AUTO_ASSIGN)[number];

function Switch({ checked, onChange, label, testId }: { checked: boolean; onChange: (v: boolean) => void; label: ReactNode; testId: string }) {
  return (
    <label className="flex cursor-pointer items-center gap-3 text-sm font-medium text-slate-700">
      <input type="checkbox" className="peer sr-only" checked={checked} onChange={(e) => onChange(e.target.checked)} data-testid={testId} />
      <span
        aria-hidden="true"
        className={cn(
          'relative inline-flex h-6 w-10 shrink-0 rounded-full transition peer-focus-visible:ring-4 peer-focus-visible:ring-primary-500/25',
          checked ? 'bg-primary-600' : 'bg-slate-300',
        )}
      >
        <span className={cn('absolute top-0.5 size-5 rounded-full bg-white shadow transition-all', checked ? 'start-[1.125rem]' : 'start-0.5')} />
      </span>
      {label}
    </label>
  );
}

function HoursEditor({ rows, onChange, invalid }: { rows: DayRow[]; onChange: (rows: DayRow[]) => void; invalid: number[] }) {
  const { t, i18n } = useTranslation();
  const names = useMemo(() => weekdayNames(i18n.language), [i18n.language]);
  const set = (day: number, patch: Partial<DayRow>) => onChange(rows.map((r) => (r.day === day ? { ...r, ...patch } : r)));
  const time = (r: DayRow, end: 'from' | 'to') => (
    <Input
      type="time"
      value={r[end]}
      onChange={(e) => set(r.day, end === 'from' ? { from: e.target.value } : { to: e.target.value })}
      aria-label={t(`inboxSettings.hours.${end}`, { day: names[r.day] })}
      invalid={invalid.includes(r.day)}
      controlSize="sm"
      className="w-32"
      data-testid={`business-hours-${end}`}
    />
  );
  return (
    <div className="divide-y divide-slate-100 rounded-xl border border-slate-200" data-testid="business-hours">
      {rows.map((r) => (
        <div key={r.day} className="flex flex-wrap items-center gap-x-4 gap-y-2 px-3 py-2.5" data-testid="business-hours-day" data-day={r.day}>
          <label className="flex w-36 items-center gap-2.5 text-sm font-medium text-slate-800">
            <input
              type="checkbox"
              className="size-4 accent-primary-600"
              checked={r.open}
              onChange={(e) => set(r.day, { open: e.target.checked })}
              data-testid="business-hours-open"
            />
            {names[r.day]}
          </label>
          {r.open ? (
            <div className="flex items-center gap-2">
              {time(r, 'from')}
              <span className="text-slate-400">–</span>
              {time(r, 'to')}
            </div>
          ) : (
            <span className="text-sm text-slate-400">{t('inboxSettings.hours.closed')}</span>
          )}
        </div>
      ))}
    </div>
  );
}

function SettingsForm({ initial }: { initial: InboxSettings }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveInboxSettings();
  const [timezone, setTimezone] = useState(initial.timezone);
  const [hoursEnabled, setHoursEnabled] = useState(initial.businessHoursEnabled);
  const [rows, setRows] = useState(() => hoursToRows(initial.businessHours));
  const [awayEnabled, setAwayEnabled] = useState(initial.awayMessageEnabled);
  const [awayMessage, setAwayMessage] = useState(initial.awayMessage);
  const [autoAssign, setAutoAssign] = useState<AutoAssign>((AUTO_ASSIGN as readonly string[]).includes(initial.autoAssign) ? (initial.autoAssign as AutoAssign) : 'off');
  const [capacity, setCapacity] = useState(String(initial.defaultCapacity));
  const [checked, setChecked] = useState(false);
  const zones = useMemo(() => timeZones(initial.timezone), [initial.timezone]);

  const invalid = invalidDays(rows);
  const capacityValue = Number(capacity);
  const capacityOk = Number.isInteger(capacityValue) && capacityValue >= 1 && capacityValue <= 1000;
  const awayOk = !awayEnabled || awayMessage.trim() !== '';

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setChecked(true);
    if (invalid.length > 0 || !capacityOk || !awayOk) return;
    save.mutate({
      timezone: timezone as TimeZone,
      businessHoursEnabled: hoursEnabled,
      businessHours: rowsToHours(rows),
      awayMessageEnabled: awayEnabled,
      awayMessage: awayMessage.trim(),
      autoAssign,
      defaultCapacity: capacityValue,
    });
  };

  return (
    <form onSubmit={submit} className="space-y-6" noValidate data-testid="inbox-settings-form">
      <Card>
        <CardHeader
          title={t('inboxSettings.hours.title')}
          description={t('inboxSettings.hours.subtitle')}
          actions={
            hoursEnabled && (
              <Badge tone={save.data?.openNow ?? initial.openNow ? 'success' : 'neutral'} dot>
                <span data-testid="open-now">{save.data?.openNow ?? initial.openNow ? t('inboxSettings.hours.openNow') : t('inboxSettings.hours.closedNow')}</span>
              </Badge>
            )
          }
        />
        <CardBody className="space-y-4">
          <Switch checked={hoursEnabled} onChange={setHoursEnabled} label={t('inboxSettings.hours.enabled')} testId="business-hours-enabled" />
          <div className="max-w-sm space-y-1.5">
            <label htmlFor="inbox-timezone" className="block text-sm font-medium text-slate-700">
              {t('inboxSettings.hours.timezone')}
            </label>
            <Select id="inbox-timezone" value={timezone} onChange={(e) => setTimezone(e.target.value)} data-testid="timezone-select">
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replace(/_/g, ' ')}
                </option>
              ))}
            </Select>
          </div>
          <HoursEditor rows={rows} onChange={setRows} invalid={checked ? invalid : []} />
          {checked && invalid.length > 0 && <p className="text-sm text-danger-600" data-testid="hours-error">{t('inboxSettings.hours.invalid')}</p>}
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('inboxSettings.away.title')} description={t('inboxSettings.away.subtitle')} />
        <CardBody className="space-y-4">
          <Switch checked={awayEnabled} onChange={setAwayEnabled} label={t('inboxSettings.away.enabled')} testId="away-enabled" />
          <TextAreaField
            label={t('inboxSettings.away.message')}
            id="away-message"
            value={awayMessage}
            onChange={(e) => setAwayMessage(e.target.value)}
            disabled={!awayEnabled}
            error={checked && !awayOk ? t('inboxSettings.away.required') : undefined}
            hint={t('inboxSettings.away.hint')}
            dir="auto"
            data-testid="away-message"
          />
        </CardBody>
      </Card>

      <Card>
        <CardHeader title={t('inboxSettings.assign.title')} description={t('inboxSettings.assign.subtitle')} />
        <CardBody className="space-y-4">
          <fieldset className="space-y-2" data-testid="auto-assign">
            <legend className="sr-only">{t('inboxSettings.assign.title')}</legend>
            {AUTO_ASSIGN.map((mode) => (
              <label
                key={mode}
                className={cn(
                  'flex cursor-pointer items-start gap-3 rounded-xl border px-4 py-3 transition',
                  autoAssign === mode ? 'border-primary-300 bg-primary-50/60' : 'border-slate-200 hover:bg-slate-50',
                )}
              >
                <input
                  type="radio"
                  name="auto-assign"
                  value={mode}
                  checked={autoAssign === mode}
                  onChange={() => setAutoAssign(mode)}
                  className="mt-0.5 size-4 accent-primary-600"
                  data-testid={`auto-assign-${mode}`}
                />
                <span>
                  <span className="block text-sm font-medium text-slate-800">{t(`inboxSettings.assign.modes.${mode}`)}</span>
                  <span className="block text-xs text-slate-500">{t(`inboxSettings.assign.help.${mode}`)}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <div className="max-w-xs">
            <TextField
              label={t('inboxSettings.assign.capacity')}
              id="default-capacity"
              type="number"
              min={1}
              max={1000}
              value={capacity}
              onChange={(e) => setCapacity(e.target.value)}
              error={checked && !capacityOk ? t('inboxSettings.assign.capacityInvalid') : undefined}
              hint={t('inboxSettings.assign.capacityHint')}
              data-testid="default-capacity"
            />
          </div>
        </CardBody>
      </Card>

      {save.isError && <Alert tone="danger">{errorText(save.error)}</Alert>}
      {save.isSuccess && (
        <Alert tone="success">
          <span data-testid="settings-saved">{t('inboxSettings.saved')}</span>
        </Alert>
      )}
      <div className="flex justify-end">
        <Button type="submit" loading={save.isPending} data-testid="settings-save">
          {t('common.save')}
        </Button>
      </div>
    </form>
  );
}

export function GeneralSettingsPage() {
  const settings = useInboxSettings();
  return <QueryView query={settings}>{(s) => <SettingsForm initial={s} />}</QueryView>;
}
