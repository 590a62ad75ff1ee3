import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MenuHeading, MenuItem, Popover } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useSession } from '../../auth';
import { AGENT_STATUSES, type AgentStatus } from '../../realtime';
import { useAgents, useSetMyStatus } from '../hooks/useInbox';
import { PRESENCE_DOT } from '../presence';

/** The top bar's availability: online, away, busy or offline (auto-assignment only picks agents who are online). */
export function AgentStatusMenu() {
  const { t } = useTranslation();
  const session = useSession();
  const agents = useAgents();
  const setStatus = useSetMyStatus(session.user.id);
  const [open, setOpen] = useState(false);
  const mine = agents.data?.find((a) => a.userId === session.user.id);
  const status: AgentStatus = setStatus.isPending ? setStatus.variables : (mine?.status ?? 'online');

  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      align="end"
      testId="agent-status-menu"
      label={t('agentStatus.title')}
      panelClassName="w-56"
      trigger={
        <button
          type="button"
          onClick={() => setOpen((o) => !o)}
          aria-expanded={open}
          aria-haspopup="menu"
          title={t('agentStatus.title')}
          className="flex h-10 items-center gap-2 rounded-xl px-2 text-sm text-slate-600 transition hover:bg-slate-100"
          data-testid="agent-status-button"
          data-status={status}
        >
          <span className={cn('size-2.5 rounded-full ring-2 ring-white', PRESENCE_DOT[status])} aria-hidden="true" />
          <span className="hidden md:inline">{t(`agentStatus.${status}`)}</span>
          <span className="sr-only md:hidden">{t('agentStatus.current', { status: t(`agentStatus.${status}`) })}</span>
        </button>
      }
    >
      <MenuHeading>{t('agentStatus.title')}</MenuHeading>
      {AGENT_STATUSES.map((s) => (
        <MenuItem
          key={s}
          selected={s === status}
          onClick={() => {
            setOpen(false);
            setStatus.mutate(s);
          }}
          data-testid="agent-status-option"
          data-status={s}
        >
          <span className={cn('size-2.5 rounded-full', PRESENCE_DOT[s])} aria-hidden="true" />
          <span className="flex-1">{t(`agentStatus.${s}`)}</span>
        </MenuItem>
      ))}
      {setStatus.isError && <p className="px-3 py-1.5 text-xs text-danger-700">{t('agentStatus.failed')}</p>}
    </Popover>
  );
}
