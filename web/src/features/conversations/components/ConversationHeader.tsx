import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Agent, Conversation } from '../../../api/types';
import { Alert, Avatar, Button, Icon, IconButton, MenuHeading, MenuItem, Popover, Select } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime } from '../../../lib/format';
import { CampaignTag } from '../../campaigns';
import { StartFlowAction } from '../../flows';
import { PRESENCE_DOT, presenceTone, useAgents, useTeams } from '../../inbox';
import { CONVERSATION_STATUSES, contactLabel, isConversationStatus, type ConversationStatus } from '../conversation';
import { useConversationActions, useMe } from '../hooks/useConversations';
import { SNOOZE_PRESETS, parseCustomSnooze, snoozeUntil, toDateTimeLocal, type SnoozePreset } from '../snooze';
import { LabelChips, LabelPicker } from './LabelPicker';
import { LazyWebsiteBadge } from '../../widgets';

function PresenceDot({ agent, className }: { agent: Pick<Agent, 'online' | 'status'>; className?: string }) {
  const { t } = useTranslation();
  const tone = presenceTone(agent);
  return (
    <span
      className={cn('inline-block size-2.5 shrink-0 rounded-full ring-2 ring-white', PRESENCE_DOT[tone], className)}
      title={t(`agentStatus.${tone}`)}
      data-presence={tone}
    />
  );
}

/** Who handles the conversation: an agent (with their presence) and/or a team. */
function AssignMenu({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const me = useMe().id;
  const agents = useAgents();
  const teams = useTeams();
  const { assign } = useConversationActions(conversation.id);
  const [open, setOpen] = useState(false);
  const list = [...(agents.data ?? [])].sort((a, b) => Number(b.userId === me) - Number(a.userId === me));

  const choose = (input: { assigneeId?: string | null; teamId?: string | null }) => {
    setOpen(false);
    assign.mutate({ id: conversation.id, input });
  };

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      testId="assign-menu"
      label={t('conversations.assign.title')}
      panelClassName="w-72 max-h-[60vh] overflow-y-auto"
      trigger={
        <Button
          variant="outline"
          size="sm"
          onClick={() => {
            // Presence moves on: show who is online now.
            if (!open) void agents.refetch();
            setOpen((o) => !o);
          }}
          aria-expanded={open}
          loading={assign.isPending}
          className="max-w-[11rem] sm:max-w-[14rem]"
          data-testid="assign-button"
          data-assignee-id={conversation.assigneeId ?? ''}
        >
          {conversation.assigneeName ? <Avatar name={conversation.assigneeName} className="size-5 text-[9px]" /> : <Icon name="userPlus" className="size-4" />}
          <span className="truncate">{conversation.assigneeName ?? t('conversations.assign.unassigned')}</span>
          {conversation.teamName && <span className="hidden truncate text-slate-400 sm:inline">· {conversation.teamName}</span>}
        </Button>
      }
    >
      <MenuHeading>{t('conversations.assign.agent')}</MenuHeading>
      <MenuItem selected={!conversation.assigneeId} onClick={() => choose({ assigneeId: null })} data-testid="assign-option-none">
        <Icon name="user" className="size-4 text-slate-400" />
        {t('conversations.assign.nobody')}
      </MenuItem>
      {list.map((a) => (
        <MenuItem
          key={a.userId}
          selected={conversation.assigneeId === a.userId}
          onClick={() => choose({ assigneeId: a.userId })}
          data-testid="assign-option"
          data-user-id={a.userId}
          data-online={a.online}
        >
          <span className="relative">
            <Avatar name={a.name} className="size-6 text-[10px]" />
            <PresenceDot agent={a} className="absolute -end-0.5 -bottom-0.5 size-2" />
          </span>
          <span className="min-w-0 flex-1 truncate">
            {a.name}
            {a.userId === me && <span className="text-slate-400"> ({t('conversations.assign.you')})</span>}
          </span>
          <span className="text-xs text-slate-400" title={t('conversations.assign.openCount', { count: a.openConversations })}>
            {a.openConversations}
          </span>
        </MenuItem>
      ))}
      {(teams.data ?? []).length > 0 && (
        <>
          <p className="mt-1 border-t border-slate-100 px-3 pt-2.5 pb-1 text-xs font-semibold tracking-wide text-slate-400 uppercase">
            {t('conversations.assign.teamTitle')}
          </p>
          <MenuItem selected={!conversation.teamId} onClick={() => choose({ teamId: null })} data-testid="assign-team-none">
            <Icon name="users" className="size-4 text-slate-400" />
            {t('conversations.assign.noTeam')}
          </MenuItem>
          {(teams.data ?? []).map((team) => (
            <MenuItem
              key={team.id}
              selected={conversation.teamId === team.id}
              onClick={() => choose({ teamId: team.id })}
              data-testid="assign-team-option"
              data-team-id={team.id}
            >
              <Icon name="users" className="size-4 text-primary-500" />
              <span className="min-w-0 flex-1 truncate">{team.name}</span>
            </MenuItem>
          ))}
        </>
      )}
      {assign.isError && <AssignError error={assign.error} />}
    </Popover>
  );
}

function AssignError({ error }: { error: unknown }) {
  const errorText = useErrorText();
  return <p className="px-3 py-2 text-xs text-danger-700">{errorText(error)}</p>;
}

/** The status select; "Snooze…" opens the choices of when the conversation comes back. */
function StatusControl({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  const { setStatus } = useConversationActions(conversation.id);
  const [snoozing, setSnoozing] = useState(false);
  const [custom, setCustom] = useState('');
  const [now, setNow] = useState(() => new Date());

  const snooze = (until: Date) => {
    setSnoozing(false);
    setStatus.mutate({ id: conversation.id, status: 'snoozed', snoozedUntil: until.toISOString() });
  };
  const customDate = parseCustomSnooze(custom, now);
  const presetLabel = (p: SnoozePreset) =>
    p === 'hour'
      ? t('conversations.snooze.hour')
      : p === 'tomorrow'
        ? t('conversations.snooze.tomorrow')
        : t('conversations.snooze.nextWeek');

  return (
    <Popover
      open={snoozing}
      onOpenChange={setSnoozing}
      testId="snooze-menu"
      label={t('conversations.snooze.title')}
      panelClassName="w-72"
      trigger={
        <Select
          value={conversation.status}
          onChange={(e) => {
            const value = e.target.value as ConversationStatus;
            if (value === 'snoozed') {
              setNow(new Date());
              setSnoozing(true);
              return;
            }
            setStatus.mutate({ id: conversation.id, status: value });
          }}
          disabled={setStatus.isPending}
          aria-label={t('common.status')}
          controlSize="sm"
          className="w-32 sm:w-36"
          data-testid="conversation-status"
        >
          {CONVERSATION_STATUSES.map((s) => (
            <option key={s} value={s}>
              {s === 'snoozed' && conversation.status !== 'snoozed' ? t('conversations.snooze.option') : t(`conversations.status.${s}`)}
            </option>
          ))}
          {!isConversationStatus(conversation.status) && <option value={conversation.status}>{conversation.status}</option>}
        </Select>
      }
    >
      <MenuHeading>{t('conversations.snooze.title')}</MenuHeading>
      {SNOOZE_PRESETS.map((p) => (
        <MenuItem key={p} onClick={() => snooze(snoozeUntil(p, new Date()))} data-testid={`snooze-${p}`}>
          <Icon name="clock" className="size-4 text-slate-400" />
          <span className="flex-1">{presetLabel(p)}</span>
          <span className="text-xs text-slate-400">{formatDateTime(snoozeUntil(p, now).toISOString(), i18n.language)}</span>
        </MenuItem>
      ))}
      <form
        className="mt-1 space-y-2 border-t border-slate-100 px-3 pt-2.5 pb-2"
        onSubmit={(e) => {
          e.preventDefault();
          const at = parseCustomSnooze(custom, new Date());
          if (at) snooze(at);
        }}
      >
        <label className="block text-xs font-medium text-slate-600" htmlFor="snooze-custom">
          {t('conversations.snooze.custom')}
        </label>
        <div className="flex gap-2">
          <input
            id="snooze-custom"
            type="datetime-local"
            value={custom}
            min={toDateTimeLocal(now)}
            onChange={(e) => setCustom(e.target.value)}
            className="h-8 min-w-0 flex-1 rounded-lg border border-slate-200 px-2 text-sm"
            data-testid="snooze-custom-input"
          />
          <Button type="submit" size="sm" disabled={!customDate} data-testid="snooze-custom-apply">
            {t('conversations.snooze.apply')}
          </Button>
        </div>
      </form>
    </Popover>
  );
}

export function ConversationHeader({
  conversation,
  basePath,
  onTogglePanel,
  panelOpen,
}: {
  conversation: Conversation;
  basePath: string;
  onTogglePanel: () => void;
  panelOpen: boolean;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { setStatus, setLabels } = useConversationActions(conversation.id);
  const name = contactLabel(conversation);
  const labels = conversation.labels ?? [];
  const failure = setStatus.error ?? setLabels.error;
  return (
    <div className="border-b border-slate-200 bg-white">
      <div className="flex items-center gap-3 px-3 pt-2.5 pb-2 sm:px-4">
        <Link
          to={basePath}
          className="-ms-1 rounded-lg p-1.5 text-slate-500 hover:bg-slate-100 md:hidden"
          aria-label={t('conversations.back')}
          data-testid="conversation-back"
        >
          <Icon name="arrowStart" className="size-5 rtl:-scale-x-100" />
        </Link>
        <Avatar name={name} className="size-10" />
        <div className="min-w-0 flex-1">
          <h2 className="truncate font-semibold text-slate-900" dir="auto" data-testid="conversation-title">
            {name}
          </h2>
          <p className="truncate text-xs text-slate-500">
            {conversation.contactName && conversation.contactPhone && (
              <>
                <span dir="ltr">{conversation.contactPhone}</span>
                {' · '}
              </>
            )}
            <span data-testid="conversation-number">{conversation.connectionName}</span>
          </p>
          <LazyWebsiteBadge kind={conversation.connectionKind} />
        </div>
        <IconButton
          icon="panel"
          label={t('conversations.contact.toggle')}
          onClick={onTogglePanel}
          aria-pressed={panelOpen}
          className="rtl:-scale-x-100 2xl:hidden"
          data-testid="contact-panel-toggle"
        />
      </div>
      <div className="flex flex-wrap items-center gap-2 px-3 pb-2.5 sm:px-4" data-testid="conversation-toolbar">
        <AssignMenu conversation={conversation} />
        <StatusControl conversation={conversation} />
        <LabelPicker selected={labels} onChange={(labelIds) => setLabels.mutate({ id: conversation.id, labelIds })} pending={setLabels.isPending} />
        <StartFlowAction conversationId={conversation.id} contactId={conversation.contactId} />
        {conversation.status === 'snoozed' && conversation.snoozedUntil && (
          <span className="inline-flex items-center gap-1 rounded-full bg-accent-50 px-2 py-0.5 text-xs text-accent-800" data-testid="snoozed-until">
            <Icon name="clock" className="size-3.5" />
            {t('conversations.snooze.until', { time: formatDateTime(conversation.snoozedUntil, i18n.language) })}
          </span>
        )}
        {conversation.campaignName && <CampaignTag id={conversation.campaignId} name={conversation.campaignName} linked={basePath.startsWith('/app')} />}
        <LabelChips labels={labels} />
      </div>
      {failure !== null && (
        <div className="px-4 pb-2">
          <Alert tone="danger">{errorText(failure)}</Alert>
        </div>
      )}
    </div>
  );
}
