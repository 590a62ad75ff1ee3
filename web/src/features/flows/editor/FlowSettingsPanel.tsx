import { useTranslation } from 'react-i18next';
import { TextAreaField, TextField } from '../../../components/ui';
import { useConnections } from '../../whatsapp';
import { MATCH_MODES, TRIGGER_KINDS, type FlowMatchMode, type FlowTrigger, type FlowVariableDef, type TriggerKindName } from '../types';
import { isVariableName } from './settings/context';
import { CheckRow, Help, NumberField, PlainField, RowList, SelectRow } from './settings/fields';
import type { FlowMeta } from './store';

function withKind(trigger: FlowTrigger, kind: TriggerKindName): FlowTrigger {
  const rest = { connectionIds: trigger.connectionIds ?? [], priority: trigger.priority ?? 0 };
  if (kind === 'keyword') return { ...rest, kind, keywords: trigger.kind === 'keyword' ? trigger.keywords : [], matchMode: trigger.kind === 'keyword' ? trigger.matchMode : 'exact' };
  return { ...rest, kind };
}

/**
 * The flow's own settings: name and description, what starts it (trigger kind, keywords and how they match, the
 * WhatsApp numbers it listens on, its priority among flows that match), and the variables it declares.
 */
export function FlowSettingsPanel({
  meta,
  onMeta,
  variables,
  onVariables,
  readOnly,
}: {
  meta: FlowMeta;
  onMeta: (m: Partial<FlowMeta>) => void;
  variables: FlowVariableDef[];
  onVariables: (v: FlowVariableDef[], key?: string) => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const connections = useConnections();
  const trigger = meta.trigger;
  const setTrigger = (patch: Partial<FlowTrigger>) => onMeta({ trigger: { ...trigger, ...patch } as FlowTrigger });
  const numbers = trigger.connectionIds ?? [];
  const byMessage = trigger.kind === 'keyword' || trigger.kind === 'firstMessage' || trigger.kind === 'unassigned';

  return (
    <div className="space-y-5 p-4" data-testid="flow-settings">
      <section className="space-y-3">
        <TextField label={t('flows.fields.name')} value={meta.name} onChange={(e) => onMeta({ name: e.target.value })} readOnly={readOnly} maxLength={120} data-testid="flow-name" dir="auto" />
        <TextAreaField
          label={t('flows.fields.description')}
          value={meta.description}
          onChange={(e) => onMeta({ description: e.target.value })}
          readOnly={readOnly}
          rows={2}
          className="min-h-0"
          dir="auto"
        />
      </section>

      <section className="space-y-3 border-t border-slate-100 pt-4">
        <h3 className="text-sm font-semibold text-slate-900">{t('flows.trigger.title')}</h3>
        <SelectRow label={t('flows.trigger.kind')} value={trigger.kind} onChange={(k) => onMeta({ trigger: withKind(trigger, k as TriggerKindName) })} testId="trigger-kind">
          {TRIGGER_KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`flows.trigger.kinds.${k}`)}
            </option>
          ))}
        </SelectRow>
        <Help>{t(`flows.trigger.help.${trigger.kind}`)}</Help>
        {trigger.kind === 'keyword' && (
          <>
            <RowList<string>
              label={t('flows.trigger.keywords')}
              items={trigger.keywords}
              onChange={(keywords) => setTrigger({ keywords })}
              make={() => ''}
              max={50}
              addLabel={t('flows.trigger.addKeyword')}
              testId="keywords"
              render={(k, set, i) => <PlainField label={t('flows.trigger.keyword', { n: i + 1 })} value={k} onChange={set} max={200} mono={trigger.matchMode === 'regex'} testId="keyword" />}
            />
            <SelectRow label={t('flows.trigger.matchMode')} value={trigger.matchMode ?? 'exact'} onChange={(m) => setTrigger({ matchMode: m as FlowMatchMode })} testId="match-mode">
              {MATCH_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`flows.trigger.modes.${m}`)}
                </option>
              ))}
            </SelectRow>
          </>
        )}
        {byMessage && (
          <fieldset className="space-y-1.5">
            <legend className="mb-1 text-sm font-medium text-slate-700">{t('flows.trigger.numbers')}</legend>
            <p className="text-xs text-slate-500">{t('flows.trigger.numbersHint')}</p>
            {(connections.data ?? []).map((c) => (
              <CheckRow
                key={c.id}
                label={
                  <>
                    {c.name} {c.displayPhoneNumber && <span className="text-slate-400" dir="ltr">{c.displayPhoneNumber}</span>}
                  </>
                }
                checked={numbers.includes(c.id)}
                onChange={(on) => setTrigger({ connectionIds: on ? [...numbers, c.id] : numbers.filter((x) => x !== c.id) })}
              />
            ))}
          </fieldset>
        )}
        {byMessage && (
          <NumberField
            label={t('flows.trigger.priority')}
            value={trigger.priority ?? 0}
            min={-1000}
            max={1000}
            onChange={(priority) => setTrigger({ priority: Math.round(priority ?? 0) })}
            hint={t('flows.trigger.priorityHint')}
            testId="trigger-priority"
          />
        )}
      </section>

      <section className="space-y-3 border-t border-slate-100 pt-4">
        <h3 className="text-sm font-semibold text-slate-900">{t('flows.variables.title')}</h3>
        <Help>{t('flows.variables.help')}</Help>
        <RowList<FlowVariableDef>
          label={t('flows.variables.declared')}
          items={variables}
          onChange={(v) => onVariables(v)}
          make={() => ({ name: '' })}
          max={200}
          addLabel={t('flows.variables.add')}
          testId="variables"
          render={(v, set, i) => (
            <>
              <PlainField
                label={t('flows.variables.name')}
                value={v.name}
                onChange={(name) => set({ ...v, name: name.replace(/\s+/g, '_') })}
                mono
                error={v.name && !isVariableName(v.name) ? t('flows.variables.badName') : null}
                testId={`variable-${i}`}
              />
              <PlainField label={t('flows.fields.description')} value={v.description ?? ''} onChange={(description) => set({ ...v, description: description || null })} max={500} />
            </>
          )}
        />
      </section>
    </div>
  );
}
