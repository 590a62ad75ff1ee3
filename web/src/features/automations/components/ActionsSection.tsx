//! The editor's "Then" section: the actions in the order they run, each a kind and its settings (with pickers for
//! labels, people, teams, flows, fields and endpoints), moved up and down, removed, and added at the end.
import { useTranslation } from 'react-i18next';
import { Button, IconButton, Select, TextAreaField, TextField } from '../../../components/ui';
import { emptyAction, move, type ActionDraft } from '../form';
import { ACTION_TYPES, CONVERSATION_STATUSES, TICKET_PRIORITIES, type ActionType } from '../types';
import { ChoicePick, EndpointPick, FieldPick, FlowPick, LabelPick, MemberPick, TeamPick } from './pickers';
import { useTranslate } from './useRuleText';

function ActionSettings({ a, set, err }: { a: ActionDraft; set: (p: Partial<ActionDraft>) => void; err: (k: string) => string | undefined }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  const id = (k: string) => `${a.key}-${k}`;
  switch (a.type) {
    case 'sendText':
      return <TextAreaField id={id('text')} label={t('automations.editor.message')} hint={t('automations.editor.messageHint')} dir="auto" rows={3} maxLength={4096} value={a.text} onChange={(e) => set({ text: e.target.value })} error={err('text')} />;
    case 'sendTemplate':
      return (
        <div className="space-y-3">
          <div className="grid gap-3 sm:grid-cols-[1fr_8rem]">
            <TextField id={id('name')} label={t('automations.editor.templateName')} dir="ltr" value={a.templateName} onChange={(e) => set({ templateName: e.target.value })} error={err('name')} />
            <TextField id={id('language')} label={t('automations.editor.language')} dir="ltr" value={a.language} onChange={(e) => set({ language: e.target.value })} error={err('language')} />
          </div>
          <TextAreaField
            id={id('components')}
            label={t('automations.editor.components')}
            hint={t('automations.editor.componentsHint')}
            dir="ltr"
            rows={2}
            className="font-mono text-xs"
            value={a.components}
            onChange={(e) => set({ components: e.target.value })}
            error={err('components')}
          />
        </div>
      );
    case 'assign':
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <MemberPick id={id('userId')} label={t('automations.editor.agent')} empty={t('automations.editor.nobody')} value={a.userId} onChange={(userId) => set({ userId })} error={err('userId')} testId="action-agent" />
          <TeamPick id={id('teamId')} label={t('automations.editor.team')} empty={t('automations.editor.noTeam')} value={a.teamId} onChange={(teamId) => set({ teamId })} error={err('teamId')} testId="action-team" />
        </div>
      );
    case 'addLabel':
    case 'removeLabel':
      return <LabelPick id={id('labelId')} label={t('automations.editor.label')} value={a.labelId} onChange={(labelId) => set({ labelId })} error={err('labelId')} testId="action-label" />;
    case 'setField':
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <FieldPick id={id('field')} label={t('automations.editor.field')} value={a.field} onChange={(field) => set({ field })} error={err('field')} />
          <TextField id={id('value')} label={t('automations.editor.value')} hint={t('automations.editor.fieldValueHint')} dir="auto" value={a.fieldValue} onChange={(e) => set({ fieldValue: e.target.value })} error={err('value')} />
        </div>
      );
    case 'setStatus':
      return (
        <div className="grid gap-3 sm:grid-cols-2">
          <ChoicePick id={id('status')} label={t('automations.editor.status')} choices={CONVERSATION_STATUSES} text={(s) => tr(`automations.status.${s}`)} value={a.status} onChange={(status) => set({ status })} error={err('status')} />
          {a.status === 'snoozed' && (
            <TextField id={id('snoozeMinutes')} type="number" inputMode="numeric" min={1} max={43200} label={t('automations.editor.snoozeMinutes')} value={a.snoozeMinutes} onChange={(e) => set({ snoozeMinutes: e.target.value })} error={err('snoozeMinutes')} />
          )}
        </div>
      );
    case 'startFlow':
      return <FlowPick id={id('flowId')} label={t('automations.editor.flow')} hint={t('automations.editor.flowHint')} value={a.flowId} onChange={(flowId) => set({ flowId })} error={err('flowId')} testId="action-flow" />;
    case 'createTicket':
      return (
        <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
          <TextField id={id('subject')} label={t('automations.editor.subject')} dir="auto" maxLength={200} value={a.subject} onChange={(e) => set({ subject: e.target.value })} error={err('subject')} />
          <ChoicePick id={id('priority')} label={t('automations.editor.priority')} empty={t('automations.editor.defaultPriority')} choices={TICKET_PRIORITIES} text={(p) => tr(`automations.priority.${p}`)} value={a.priority} onChange={(priority) => set({ priority })} error={err('priority')} />
        </div>
      );
    case 'createDeal':
      return (
        <div className="grid gap-3 sm:grid-cols-[1fr_10rem]">
          <TextField id={id('title')} label={t('automations.editor.dealTitle')} dir="auto" maxLength={200} value={a.title} onChange={(e) => set({ title: e.target.value })} error={err('title')} hint={t('automations.editor.dealHint')} />
          <TextField id={id('value')} type="number" min={0} step="any" label={t('automations.editor.dealValue')} value={a.dealValue} onChange={(e) => set({ dealValue: e.target.value })} error={err('value')} />
        </div>
      );
    case 'webhook':
      return <EndpointPick id={id('endpointId')} label={t('automations.editor.endpoint')} hint={t('automations.editor.endpointHint')} value={a.endpointId} onChange={(endpointId) => set({ endpointId })} error={err('endpointId')} />;
    case 'mailMember':
      return (
        <div className="space-y-3">
          <MemberPick id={id('userId')} label={t('automations.editor.member')} value={a.userId} onChange={(userId) => set({ userId })} error={err('userId')} />
          <TextField id={id('subject')} label={t('automations.editor.mailSubject')} dir="auto" maxLength={200} value={a.subject} onChange={(e) => set({ subject: e.target.value })} error={err('subject')} />
          <TextAreaField id={id('text')} label={t('automations.editor.mailText')} dir="auto" rows={3} maxLength={5000} value={a.text} onChange={(e) => set({ text: e.target.value })} error={err('text')} />
        </div>
      );
    case 'stopOtherRules':
      return <p className="text-sm text-slate-500">{t('automations.editor.stopHint')}</p>;
  }
}

export function ActionsSection({ actions, onChange, errors }: { actions: ActionDraft[]; onChange: (a: ActionDraft[]) => void; errors: Record<string, string> }) {
  const { t } = useTranslation();
  const tr = useTranslate();
  return (
    <div className="space-y-3">
      {errors.actions && <p className="text-sm text-danger-600">{errors.actions}</p>}
      <ol className="space-y-3">
        {actions.map((a, i) => {
          const path = `actions[${i}]`;
          const set = (p: Partial<ActionDraft>) => onChange(actions.map((x, j) => (j === i ? { ...x, ...p } : x)));
          return (
            <li key={a.key} className="space-y-3 rounded-2xl border border-slate-200 p-3" data-testid="action-row" data-type={a.type}>
              <div className="flex items-center justify-between gap-2">
                <p className="flex items-center gap-2 text-sm font-semibold text-slate-700">
                  <span className="flex size-6 shrink-0 items-center justify-center rounded-full bg-primary-50 text-xs text-primary-700" aria-hidden="true">
                    {i + 1}
                  </span>
                  {t('automations.editor.actionN', { n: i + 1 })}
                </p>
                <div className="flex shrink-0">
                  <IconButton size="sm" icon="chevronDown" iconClassName="rotate-180" label={t('automations.editor.moveActionUp', { n: i + 1 })} disabled={i === 0} onClick={() => onChange(move(actions, i, -1))} data-testid="action-up" />
                  <IconButton size="sm" icon="chevronDown" label={t('automations.editor.moveActionDown', { n: i + 1 })} disabled={i === actions.length - 1} onClick={() => onChange(move(actions, i, 1))} data-testid="action-down" />
                  <IconButton size="sm" icon="trash" label={t('automations.editor.removeAction', { n: i + 1 })} disabled={actions.length === 1} onClick={() => onChange(actions.filter((_, j) => j !== i))} data-testid="action-remove" />
                </div>
              </div>
              <Select aria-label={t('automations.editor.actionType', { n: i + 1 })} value={a.type} onChange={(e) => set({ type: e.target.value as ActionType })} data-testid="action-type">
                {ACTION_TYPES.map((k) => (
                  <option key={k} value={k}>
                    {tr(`automations.actionTypes.${k}`)}
                  </option>
                ))}
              </Select>
              {errors[path] && <p className="text-sm text-danger-600">{errors[path]}</p>}
              <ActionSettings a={a} set={set} err={(k) => errors[`${path}.${k}`]} />
            </li>
          );
        })}
      </ol>
      <Button size="sm" variant="secondary" onClick={() => onChange([...actions, emptyAction()])} disabled={actions.length >= 20} data-testid="action-add">
        {t('automations.editor.addAction')}
      </Button>
    </div>
  );
}
