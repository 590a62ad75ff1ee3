//! The editor's "When" section: the trigger kind (grouped) and that kind's settings: keywords, a status, a label, a
//! field, a deal stage, a wait in minutes or hours, or a cron schedule.
import { useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Field, Input, SelectField, TextField } from '../../../components/ui';
import { splitKeywords, type TriggerDraft } from '../form';
import { CONVERSATION_STATUSES, TRIGGER_GROUPS, type TriggerKind } from '../types';
import { ChoicePick, FieldPick, LabelPick, StagePick } from './pickers';
import { useTranslate } from './useRuleText';

function KeywordsInput({ keywords, onChange, error }: { keywords: string[]; onChange: (k: string[]) => void; error?: string }) {
  const { t } = useTranslation();
  const [typing, setTyping] = useState('');
  const add = () => {
    const words = splitKeywords([...keywords, typing].join(','));
    if (words.length !== keywords.length) onChange(words);
    setTyping('');
  };
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' || e.key === ',') {
      e.preventDefault();
      add();
    } else if (e.key === 'Backspace' && typing === '' && keywords.length > 0) {
      onChange(keywords.slice(0, -1));
    }
  };
  return (
    <Field label={t('automations.editor.keywords')} htmlFor="trigger-keywords" error={error} hint={t('automations.editor.keywordsHint')}>
      {keywords.length > 0 && (
        <ul className="flex flex-wrap gap-1.5" data-testid="trigger-keyword-list">
          {keywords.map((k) => (
            <li key={k} className="inline-flex max-w-full items-center gap-1 rounded-full bg-primary-50 py-0.5 ps-2.5 pe-1 text-sm text-primary-800" data-testid="trigger-keyword">
              <bdi className="truncate">{k}</bdi>
              <button
                type="button"
                className="rounded-full p-0.5 text-primary-500 hover:bg-primary-100 hover:text-primary-800"
                aria-label={t('automations.editor.removeKeyword', { word: k })}
                onClick={() => onChange(keywords.filter((w) => w !== k))}
              >
                <svg viewBox="0 0 20 20" className="size-3.5" fill="none" stroke="currentColor" strokeWidth="2" aria-hidden="true">
                  <path d="M6 6l8 8M14 6l-8 8" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      )}
      <div className="flex gap-2">
        <Input
          id="trigger-keywords"
          dir="auto"
          value={typing}
          invalid={Boolean(error)}
          placeholder={t('automations.editor.keywordsPlaceholder')}
          onChange={(e) => setTyping(e.target.value)}
          onKeyDown={onKey}
          onBlur={() => typing.trim() && add()}
          data-testid="trigger-keyword-input"
        />
        <Button variant="outline" onClick={add} disabled={typing.trim() === ''} data-testid="trigger-keyword-add">
          {t('automations.editor.addKeyword')}
        </Button>
      </div>
    </Field>
  );
}

/** How long a timer waits, in whole minutes or hours. */
function WaitField({ unit, max, value, onChange, error }: { unit: 'minutes' | 'hours'; max: number; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <TextField
      id={`trigger-${unit}`}
      label={t(`automations.editor.${unit}`)}
      hint={t(`automations.editor.${unit}Hint`)}
      type="number"
      inputMode="numeric"
      min={1}
      max={max}
      className="max-w-40"
      value={value}
      onChange={(ev) => onChange(ev.target.value)}
      error={error}
    />
  );
}

export function TriggerSection({ trigger, onChange, errors }: { trigger: TriggerDraft; onChange: (t: TriggerDraft) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  const set = (patch: Partial<TriggerDraft>) => onChange({ ...trigger, ...patch });
  const e = (k: string) => errors[`trigger.${k}`];
  return (
    <div className="space-y-4">
      <SelectField
        id="trigger-kind"
        label={t('automations.editor.triggerKind')}
        value={trigger.kind}
        onChange={(ev) => set({ kind: ev.target.value as TriggerKind })}
        error={errors.trigger}
        hint={tr(`automations.triggerHints.${trigger.kind}`)}
        data-testid="trigger-kind"
      >
        {TRIGGER_GROUPS.map((g) => (
          <optgroup key={g.group} label={tr(`automations.triggerGroups.${g.group}`)}>
            {g.kinds.map((k) => (
              <option key={k} value={k}>
                {tr(`automations.triggerKinds.${k}`)}
              </option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      {trigger.kind === 'messageReceived' && <KeywordsInput keywords={trigger.keywords} onChange={(keywords) => set({ keywords })} error={e('keywords')} />}
      {trigger.kind === 'conversationStatusChanged' && (
        <ChoicePick
          id="trigger-status"
          label={t('automations.editor.intoStatus')}
          empty={t('automations.editor.anyStatus')}
          choices={CONVERSATION_STATUSES}
          text={(s) => tr(`automations.status.${s}`)}
          value={trigger.status}
          onChange={(status) => set({ status })}
          error={e('status')}
        />
      )}
      {(trigger.kind === 'labelAdded' || trigger.kind === 'labelRemoved') && (
        <LabelPick id="trigger-label" label={t('automations.editor.label')} empty={t('automations.editor.anyLabel')} value={trigger.labelId} onChange={(labelId) => set({ labelId })} error={e('labelId')} />
      )}
      {trigger.kind === 'contactFieldChanged' && (
        <FieldPick id="trigger-field" label={t('automations.editor.field')} empty={t('automations.editor.anyField')} value={trigger.field} onChange={(field) => set({ field })} error={e('field')} />
      )}
      {trigger.kind === 'dealStageChanged' && (
        <StagePick id="trigger-stage" label={t('automations.editor.stage')} empty={t('automations.editor.anyStage')} value={trigger.stageId} onChange={(stageId) => set({ stageId })} error={e('stageId')} />
      )}
      {trigger.kind === 'noAgentReply' && <WaitField unit="minutes" max={10080} value={trigger.minutes} onChange={(minutes) => set({ minutes })} error={e('minutes')} />}
      {trigger.kind === 'noCustomerReply' && <WaitField unit="hours" max={720} value={trigger.hours} onChange={(hours) => set({ hours })} error={e('hours')} />}
      {trigger.kind === 'schedule' && (
        <TextField
          id="trigger-cron"
          label={t('automations.editor.cron')}
          hint={t('automations.editor.cronHint')}
          dir="ltr"
          className="max-w-64 font-mono"
          value={trigger.cron}
          onChange={(ev) => set({ cron: ev.target.value })}
          error={e('cron')}
          data-testid="trigger-cron"
        />
      )}
    </div>
  );
}
