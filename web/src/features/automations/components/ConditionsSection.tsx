//! The editor's "Only if" section: groups of conditions (all or any of a group's rows, all or any of the groups),
//! each row a kind and its settings; rows and groups are added and removed. No group: the rule always runs.
import { useTranslation } from 'react-i18next';
import { Button, IconButton, Select, SelectField, TextField } from '../../../components/ui';
import { emptyCondition, emptyGroup, type ConditionDraft, type GroupDraft } from '../form';
import { CONDITION_TYPES, CONSENT_STATUSES, CONVERSATION_STATUSES, FIELD_OPS, TEXT_OPS, type ConditionType, type Match } from '../types';
import { CheckSet, ChoicePick, FieldPick, LabelPick, NumberChecks } from './pickers';
import { useTranslate } from './useRuleText';

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7] as const;

function MatchSelect({ value, onChange, label, testId }: { value: Match; onChange: (m: Match) => void; label: string; testId?: string }) {
  const { t } = useTranslation();
  return (
    <Select controlSize="sm" className="w-auto" aria-label={label} value={value} onChange={(e) => onChange(e.target.value as Match)} data-testid={testId}>
      <option value="all">{t('automations.editor.matchAll')}</option>
      <option value="any">{t('automations.editor.matchAny')}</option>
    </Select>
  );
}

function ConditionSettings({ c, set, err }: { c: ConditionDraft; set: (p: Partial<ConditionDraft>) => void; err: (k: string) => string | undefined }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  const id = (k: string) => `${c.key}-${k}`;
  switch (c.type) {
    case 'messageText':
      return (
        <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
          <ChoicePick id={id('op')} label={t('automations.editor.operator')} choices={TEXT_OPS} text={(o) => tr(`automations.textOps.${o}`)} value={c.textOp} onChange={(v) => set({ textOp: v as ConditionDraft['textOp'] })} error={err('op')} />
          <TextField id={id('value')} label={t('automations.editor.value')} dir="auto" value={c.value} onChange={(e) => set({ value: e.target.value })} error={err('value')} />
        </div>
      );
    case 'contactField': {
      const needsValue = c.fieldOp !== 'isSet' && c.fieldOp !== 'isNotSet';
      return (
        <div className="grid gap-3 sm:grid-cols-3">
          <FieldPick id={id('field')} label={t('automations.editor.field')} value={c.field} onChange={(field) => set({ field })} error={err('field')} />
          <ChoicePick id={id('op')} label={t('automations.editor.operator')} choices={FIELD_OPS} text={(o) => tr(`automations.fieldOps.${o}`)} value={c.fieldOp} onChange={(v) => set({ fieldOp: v as ConditionDraft['fieldOp'] })} error={err('op')} />
          {needsValue && <TextField id={id('value')} label={t('automations.editor.value')} dir="auto" value={c.value} onChange={(e) => set({ value: e.target.value })} error={err('value')} />}
        </div>
      );
    }
    case 'label':
      return (
        <div className="grid gap-3 sm:grid-cols-[12rem_1fr]">
          <ChoicePick id={id('has')} label={t('automations.editor.conversation')} choices={['has', 'lacks']} text={(v) => tr(`automations.editor.${v}Label`)} value={c.has ? 'has' : 'lacks'} onChange={(v) => set({ has: v !== 'lacks' })} />
          <LabelPick id={id('labelId')} label={t('automations.editor.label')} value={c.labelId} onChange={(labelId) => set({ labelId })} error={err('labelId')} />
        </div>
      );
    case 'consent':
      return <ChoicePick id={id('status')} label={t('automations.editor.consent')} choices={CONSENT_STATUSES} text={(s) => tr(`automations.consent.${s}`)} value={c.consent} onChange={(consent) => set({ consent })} error={err('status')} />;
    case 'conversationStatus':
      return <CheckSet legend={t('automations.editor.statuses')} values={c.statuses} choices={CONVERSATION_STATUSES} text={(s) => tr(`automations.status.${s}`)} onChange={(statuses) => set({ statuses })} error={err('statuses')} />;
    case 'number':
      return <NumberChecks legend={t('automations.editor.numbers')} values={c.connectionIds} onChange={(connectionIds) => set({ connectionIds })} error={err('connectionIds')} />;
    case 'businessHours':
      return (
        <ChoicePick id={id('open')} label={t('automations.editor.businessHours')} choices={['open', 'closed']} text={(v) => tr(`automations.editor.hours_${v}`)} value={c.open ? 'open' : 'closed'} onChange={(v) => set({ open: v !== 'closed' })} />
      );
    case 'timeOfDay':
      return (
        <div className="space-y-3">
          <div className="grid grid-cols-2 gap-3 sm:max-w-80">
            <TextField id={id('from')} type="time" label={t('automations.editor.from')} value={c.from} onChange={(e) => set({ from: e.target.value })} error={err('from')} />
            <TextField id={id('to')} type="time" label={t('automations.editor.to')} value={c.to} onChange={(e) => set({ to: e.target.value })} error={err('to')} />
          </div>
          <CheckSet legend={t('automations.editor.weekdays')} values={c.weekdays} choices={WEEKDAYS} text={(d) => tr(`automations.weekday.${d}`)} onChange={(weekdays) => set({ weekdays })} error={err('weekdays')} />
        </div>
      );
  }
}

function ConditionRow({ c, path, errors, onChange, onRemove }: { c: ConditionDraft; path: string; errors: Record<string, string>; onChange: (c: ConditionDraft) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  return (
    <li className="space-y-3 rounded-xl border border-slate-200 bg-slate-50/60 p-3" data-testid="condition-row">
      <div className="flex items-end gap-2">
        <div className="min-w-0 flex-1">
          <SelectField
            id={`${c.key}-type`}
            label={t('automations.editor.conditionType')}
            value={c.type}
            onChange={(e) => onChange({ ...c, type: e.target.value as ConditionType })}
            data-testid="condition-type"
          >
            {CONDITION_TYPES.map((k) => (
              <option key={k} value={k}>
                {tr(`automations.conditionTypes.${k}`)}
              </option>
            ))}
          </SelectField>
        </div>
        <IconButton icon="trash" label={t('automations.editor.removeCondition')} onClick={onRemove} data-testid="condition-remove" />
      </div>
      <ConditionSettings c={c} set={(p) => onChange({ ...c, ...p })} err={(k) => errors[`${path}.${k}`]} />
    </li>
  );
}

export function ConditionsSection({
  match,
  groups,
  onChange,
  errors,
}: {
  match: Match;
  groups: GroupDraft[];
  onChange: (match: Match, groups: GroupDraft[]) => void;
  errors: Record<string, string>;
}) {
  const { t } = useTranslation();
  const setGroup = (gi: number, g: GroupDraft | null) =>
    onChange(match, g === null ? groups.filter((_, i) => i !== gi) : groups.map((x, i) => (i === gi ? g : x)));
  return (
    <div className="space-y-3">
      {(errors.conditions || errors['conditions.groups']) && <p className="text-sm text-danger-600">{errors.conditions ?? errors['conditions.groups']}</p>}
      {groups.length === 0 && <p className="text-sm text-slate-500">{t('automations.editor.noConditions')}</p>}
      {groups.length > 1 && (
        <div className="flex flex-wrap items-center gap-2 text-sm text-slate-700">
          <span>{t('automations.editor.groupsMatch')}</span>
          <MatchSelect value={match} onChange={(m) => onChange(m, groups)} label={t('automations.editor.groupsMatch')} testId="groups-match" />
        </div>
      )}
      <ol className="space-y-3">
        {groups.map((g, gi) => (
          <li key={g.key} className="space-y-3 rounded-2xl border border-slate-200 p-3" data-testid="condition-group">
            <div className="flex flex-wrap items-center justify-between gap-2">
              <div className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-700">
                <span>{t('automations.editor.group', { n: gi + 1 })}</span>
                {g.items.length > 1 && <MatchSelect value={g.match} onChange={(m) => setGroup(gi, { ...g, match: m })} label={t('automations.editor.groupMatch', { n: gi + 1 })} />}
              </div>
              <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50" onClick={() => setGroup(gi, null)}>
                {t('automations.editor.removeGroup')}
              </Button>
            </div>
            {errors[`conditions.groups[${gi}].items`] && <p className="text-sm text-danger-600">{errors[`conditions.groups[${gi}].items`]}</p>}
            <ul className="space-y-2">
              {g.items.map((c, ii) => (
                <ConditionRow
                  key={c.key}
                  c={c}
                  path={`conditions.groups[${gi}].items[${ii}]`}
                  errors={errors}
                  onChange={(next) => setGroup(gi, { ...g, items: g.items.map((x, i) => (i === ii ? next : x)) })}
                  onRemove={() => setGroup(gi, g.items.length === 1 ? null : { ...g, items: g.items.filter((_, i) => i !== ii) })}
                />
              ))}
            </ul>
            <Button size="sm" variant="outline" onClick={() => setGroup(gi, { ...g, items: [...g.items, emptyCondition()] })} disabled={g.items.length >= 20} data-testid="condition-add">
              {t('automations.editor.addCondition')}
            </Button>
          </li>
        ))}
      </ol>
      <Button size="sm" variant="secondary" onClick={() => onChange(match, [...groups, emptyGroup()])} disabled={groups.length >= 10} data-testid="group-add">
        {groups.length === 0 ? t('automations.editor.addFirstCondition') : t('automations.editor.addGroup')}
      </Button>
    </div>
  );
}
