import { useTranslation } from 'react-i18next';
import { Input } from '../../../../../components/ui';
import { COMPARE_OPS, UNARY_OPS, type FlowCompareOp, type FlowRule } from '../../../types';
import { weekdayName } from '../../format';
import { CheckRow, PlainField, RowList, SelectRow, TemplateField, VariableMenu } from '../../settings/fields';
import { useSettingsData } from '../../settings/context';
import type { SettingsProps } from '../../settings/types';

const KINDS = ['compare', 'hasLabel', 'consent', 'time'] as const;

function ruleOf(kind: FlowRule['kind']): FlowRule {
  switch (kind) {
    case 'compare':
      return { kind, left: 'message.text', op: 'contains', value: '' };
    case 'hasLabel':
      return { kind, label: '', negate: false };
    case 'consent':
      return { kind, granted: true };
    case 'time':
      return { kind, days: [0, 1, 2, 3, 4], after: '09:00', before: '17:00' };
  }
}

function RuleForm({ rule, set }: { rule: FlowRule; set: (r: FlowRule) => void }) {
  const { t, i18n } = useTranslation();
  const { labels, readOnly } = useSettingsData();
  return (
    <>
      <SelectRow label={t('flows.condition.ruleKind')} value={rule.kind} onChange={(k) => set(ruleOf(k as FlowRule['kind']))} testId="rule-kind">
        {KINDS.map((k) => (
          <option key={k} value={k}>
            {t(`flows.condition.kinds.${k}`)}
          </option>
        ))}
      </SelectRow>
      {rule.kind === 'compare' && (
        <>
          <div className="space-y-1">
            <div className="flex items-center justify-between">
              <span className="text-sm font-medium text-slate-700">{t('flows.condition.left')}</span>
              <VariableMenu onPick={(path) => set({ ...rule, left: path })} />
            </div>
            <Input value={rule.left} readOnly={readOnly} onChange={(e) => set({ ...rule, left: e.target.value })} dir="ltr" className="font-mono text-xs" aria-label={t('flows.condition.left')} data-testid="rule-left" />
          </div>
          <SelectRow label={t('flows.condition.op')} value={rule.op} onChange={(op) => set({ ...rule, op: op as FlowCompareOp })} testId="rule-op">
            {COMPARE_OPS.map((op) => (
              <option key={op} value={op}>
                {t(`flows.opsLong.${op}`)}
              </option>
            ))}
          </SelectRow>
          {!UNARY_OPS.includes(rule.op) && (
            <TemplateField label={t('flows.condition.value')} value={rule.value ?? ''} onChange={(value) => set({ ...rule, value })} multiline={false} mono={rule.op === 'matches'} testId="rule-value" />
          )}
        </>
      )}
      {rule.kind === 'hasLabel' && (
        <>
          <PlainField label={t('flows.fields.label')} value={rule.label} onChange={(label) => set({ ...rule, label })} />
          {labels.length > 0 && (
            <div className="flex flex-wrap gap-1">
              {labels.map((l) => (
                <button key={l.id} type="button" disabled={readOnly} className="rounded-full bg-slate-100 px-2 py-0.5 text-xs hover:bg-slate-200" onClick={() => set({ ...rule, label: l.name })}>
                  {l.name}
                </button>
              ))}
            </div>
          )}
          <CheckRow label={t('flows.condition.negate')} checked={rule.negate ?? false} onChange={(negate) => set({ ...rule, negate })} />
        </>
      )}
      {rule.kind === 'consent' && (
        <SelectRow label={t('flows.condition.kinds.consent')} value={rule.granted ? 'yes' : 'no'} onChange={(v) => set({ ...rule, granted: v === 'yes' })}>
          <option value="yes">{t('flows.condition.consentGranted')}</option>
          <option value="no">{t('flows.condition.consentNotGranted')}</option>
        </SelectRow>
      )}
      {rule.kind === 'time' && (
        <>
          <fieldset>
            <legend className="mb-1 text-sm font-medium text-slate-700">{t('flows.condition.days')}</legend>
            <div className="flex flex-wrap gap-1">
              {[0, 1, 2, 3, 4, 5, 6].map((d) => {
                const on = (rule.days ?? []).includes(d);
                return (
                  <button
                    key={d}
                    type="button"
                    aria-pressed={on}
                    disabled={readOnly}
                    onClick={() => set({ ...rule, days: on ? (rule.days ?? []).filter((x) => x !== d) : [...(rule.days ?? []), d].sort() })}
                    className={on ? 'rounded-lg bg-primary-600 px-2 py-1 text-xs text-white' : 'rounded-lg bg-slate-100 px-2 py-1 text-xs text-slate-600'}
                  >
                    {weekdayName(d, i18n.language)}
                  </button>
                );
              })}
            </div>
            <p className="mt-1 text-xs text-slate-500">{t('flows.condition.daysHint')}</p>
          </fieldset>
          <div className="flex gap-3">
            <label className="space-y-1 text-sm font-medium text-slate-700">
              <span className="block">{t('flows.condition.after')}</span>
              <Input type="time" value={rule.after} readOnly={readOnly} onChange={(e) => set({ ...rule, after: e.target.value })} dir="ltr" />
            </label>
            <label className="space-y-1 text-sm font-medium text-slate-700">
              <span className="block">{t('flows.condition.before')}</span>
              <Input type="time" value={rule.before} readOnly={readOnly} onChange={(e) => set({ ...rule, before: e.target.value })} dir="ltr" />
            </label>
          </div>
        </>
      )}
    </>
  );
}

export function ConditionSettings({ data, onChange }: SettingsProps<'condition'>) {
  const { t } = useTranslation();
  const rules = data.rules ?? [];
  return (
    <div className="space-y-4">
      <SelectRow label={t('flows.condition.modeLabel')} value={data.mode ?? 'all'} onChange={(mode) => onChange({ ...data, mode: mode as 'all' | 'any' })} testId="condition-mode">
        <option value="all">{t('flows.condition.mode.all')}</option>
        <option value="any">{t('flows.condition.mode.any')}</option>
      </SelectRow>
      <RowList<FlowRule>
        label={t('flows.condition.rules')}
        items={rules}
        onChange={(next) => onChange({ ...data, rules: next })}
        make={() => ruleOf('compare')}
        max={20}
        addLabel={t('flows.condition.addRule')}
        testId="rules"
        render={(rule, set) => <RuleForm rule={rule} set={set} />}
      />
    </div>
  );
}
