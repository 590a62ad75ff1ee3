import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { Alert, Button, Card, EmptyState, Icon, LoadMore, PageHeader, PageSpinner, SearchInput, Select, TBody, TD, TR, Table, TableHeader } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime } from '../../../lib/format';
import { useDebounce } from '../../../lib/useDebounce';
import { useSession } from '../../auth';
import { PriorityBadge } from '../../deals/components/PriorityBadge';
import { contactName } from '../../deals/format';
import { isManager } from '../../deals/permissions';
import { PRIORITIES, type Priority } from '../../deals/types';
import { useAgents } from '../../inbox';
import { useTicketList } from '../hooks/useTickets';
import { TICKET_STATUSES, type Ticket, type TicketFilters, type TicketStatus } from '../types';
import { NewTicketDialog } from './NewTicketDialog';
import { TicketStatusBadge } from './TicketBadges';

type Tab = 'mine' | 'all';

function Due({ ticket }: { ticket: Ticket }) {
  const { t, i18n } = useTranslation();
  if (!ticket.dueAt) return <span className="text-slate-400">—</span>;
  return (
    <span className={ticket.overdue ? 'font-medium text-danger-600' : undefined}>
      {formatDateTime(ticket.dueAt, i18n.language)}
      {ticket.overdue && <span className="sr-only"> ({t('tickets.overdue')})</span>}
    </span>
  );
}

/** Tickets: "Mine" and "All" tabs (agents start on Mine), filters, search; `area` is `/app` or `/agent`. */
export function TicketsPage({ area }: { area: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const navigate = useNavigate();
  const agents = useAgents();
  const manager = isManager(session.role);
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab');
  const tab: Tab = asked === 'mine' || asked === 'all' ? asked : manager ? 'all' : 'mine';
  const [status, setStatus] = useState<TicketStatus | ''>('');
  const [priority, setPriority] = useState<Priority | ''>('');
  const [assigneeId, setAssigneeId] = useState('');
  const [search, setSearch] = useState('');
  const [creating, setCreating] = useState(false);
  const q = useDebounce(search.trim(), 300);

  const filters: TicketFilters = {
    mine: tab === 'mine' || undefined,
    status: status || undefined,
    priority: priority || undefined,
    assigneeId: tab === 'all' ? assigneeId || undefined : undefined,
    q: q || undefined,
    limit: 50,
  };
  const list = useTicketList(filters);
  const tickets = list.data?.pages.flatMap((p) => p.items) ?? [];
  const filtered = Boolean(status || priority || (tab === 'all' && assigneeId) || q);
  const to = (ticket: Ticket) => `${area}/tickets/${ticket.id}`;

  const setTab = (next: Tab) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        p.set('tab', next);
        return p;
      },
      { replace: true },
    );

  return (
    <div data-testid="tickets-page">
      <PageHeader
        title={t('tickets.title')}
        description={t('tickets.subtitle')}
        actions={
          <Button onClick={() => setCreating(true)} data-testid="new-ticket-button">
            <Icon name="plus" className="size-4" />
            {t('tickets.new')}
          </Button>
        }
      />
      <div className="mb-4 inline-flex rounded-xl border border-slate-200 bg-white p-0.5" role="tablist" aria-label={t('tickets.tabs.label')}>
        {(['mine', 'all'] as const).map((v) => (
          <button
            key={v}
            type="button"
            role="tab"
            aria-selected={tab === v}
            onClick={() => setTab(v)}
            className={cn('rounded-lg px-3 py-1.5 text-sm font-medium transition', tab === v ? 'bg-primary-50 text-primary-700' : 'text-slate-600 hover:text-slate-900')}
            data-testid={`tickets-tab-${v}`}
          >
            {t(`tickets.tabs.${v}`)}
          </button>
        ))}
      </div>
      <Card>
        <div className="grid gap-2 border-b border-slate-100 p-4 sm:grid-cols-2 lg:grid-cols-[minmax(12rem,1fr)_repeat(3,minmax(0,11rem))]">
          <SearchInput value={search} onChange={setSearch} label={t('tickets.search')} testId="ticket-search" />
          <Select value={status} onChange={(e) => setStatus(e.target.value as TicketStatus | '')} aria-label={t('tickets.fields.status')} data-testid="ticket-filter-status">
            <option value="">{t('tickets.allStatuses')}</option>
            {TICKET_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`tickets.status.${s}`)}
              </option>
            ))}
          </Select>
          <Select value={priority} onChange={(e) => setPriority(e.target.value as Priority | '')} aria-label={t('tickets.fields.priority')} data-testid="ticket-filter-priority">
            <option value="">{t('tickets.allPriorities')}</option>
            {PRIORITIES.map((p) => (
              <option key={p} value={p}>
                {t(`deals.priority.${p}`)}
              </option>
            ))}
          </Select>
          {tab === 'all' && (
            <Select value={assigneeId} onChange={(e) => setAssigneeId(e.target.value)} aria-label={t('tickets.fields.assignee')} data-testid="ticket-filter-assignee">
              <option value="">{t('tickets.allAssignees')}</option>
              {(agents.data ?? []).map((a) => (
                <option key={a.userId} value={a.userId}>
                  {a.name}
                </option>
              ))}
            </Select>
          )}
        </div>
        {list.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : list.isError ? (
          <div className="p-5">
            <Alert tone="danger">{errorText(list.error)}</Alert>
          </div>
        ) : tickets.length === 0 ? (
          <EmptyState icon="file" title={filtered ? t('tickets.noMatch') : tab === 'mine' ? t('tickets.emptyMine') : t('tickets.empty')} />
        ) : (
          <>
            <div className="hidden md:block">
              <Table data-testid="ticket-table">
                <TableHeader columns={[t('tickets.fields.number'), t('tickets.fields.subject'), t('tickets.fields.status'), t('tickets.fields.priority'), t('tickets.fields.assignee'), t('tickets.fields.contact'), t('tickets.fields.dueAt')]} />
                <TBody>
                  {tickets.map((tk) => (
                    <TR key={tk.id} className="cursor-pointer" onClick={() => navigate(to(tk))} data-testid="ticket-row" data-ticket-id={tk.id}>
                      <TD className="text-slate-500 tabular-nums">#{tk.number}</TD>
                      <TD className="font-medium text-slate-900">
                        <Link to={to(tk)} className="hover:text-primary-700" onClick={(e) => e.stopPropagation()} dir="auto">
                          {tk.subject}
                        </Link>
                      </TD>
                      <TD>
                        <TicketStatusBadge status={tk.status} />
                      </TD>
                      <TD>
                        <PriorityBadge priority={tk.priority} />
                      </TD>
                      <TD>{tk.assigneeName ?? <span className="text-slate-400">{t('tickets.unassigned')}</span>}</TD>
                      <TD dir="auto">{tk.contactId ? contactName({ name: tk.contactName, phone: tk.contactPhone }) : '—'}</TD>
                      <TD>
                        <Due ticket={tk} />
                      </TD>
                    </TR>
                  ))}
                </TBody>
              </Table>
            </div>
            <ul className="divide-y divide-slate-100 md:hidden" data-testid="ticket-cards">
              {tickets.map((tk) => (
                <li key={tk.id}>
                  <Link to={to(tk)} className="block px-4 py-3 hover:bg-slate-50" data-testid="ticket-row" data-ticket-id={tk.id}>
                    <span className="flex items-start justify-between gap-2">
                      <span className="min-w-0 font-medium text-slate-900" dir="auto">
                        <span className="me-1.5 text-slate-400 tabular-nums">#{tk.number}</span>
                        {tk.subject}
                      </span>
                      <TicketStatusBadge status={tk.status} />
                    </span>
                    <span className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
                      <PriorityBadge priority={tk.priority} />
                      <span>{tk.assigneeName ?? t('tickets.unassigned')}</span>
                      <Due ticket={tk} />
                    </span>
                  </Link>
                </li>
              ))}
            </ul>
            <LoadMore pages={list} label={t('tickets.more')} />
          </>
        )}
      </Card>
      {creating && (
        <NewTicketDialog
          defaults={{ assigneeId: manager ? null : session.user.id }}
          onClose={() => setCreating(false)}
          onCreated={(ticket) => navigate(to(ticket))}
        />
      )}
    </div>
  );
}
