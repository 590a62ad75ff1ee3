import type { UseInfiniteQueryResult } from '@tanstack/react-query';
import { memo, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { Connection, Conversation, InboxCounts, Label } from '../../../api/types';
import { Alert, Avatar, EmptyState, Icon, IconButton, PageSpinner, SearchInput, Select, Spinner, type IconName } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { useVirtualPages } from '../../../lib/useVirtualPages';
import { formatCompact, formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { CampaignTag } from '../../campaigns';
import { ConnectionIndicator } from '../../realtime';
import {
  ASSIGNEE_TABS,
  CONVERSATION_STATUSES,
  DEFAULT_STATUS,
  activityOf,
  contactLabel,
  isConversationStatus,
  parsePreview,
  type AssigneeTab,
  type PreviewKind,
} from '../conversation';

const PREVIEW_ICONS: Record<PreviewKind, IconName> = {
  image: 'image',
  sticker: 'image',
  video: 'file',
  audio: 'file',
  voice: 'file',
  document: 'file',
  location: 'mapPin',
  contacts: 'user',
  reaction: 'sparkles',
  template: 'file',
};

/** Every row has the same height, so 10,000 conversations scroll as smoothly as 10. */
const ROW_HEIGHT = 84;
/** The next page is asked for this many rows before the end. */
const PREFETCH_ROWS = 15;

function Preview({ text }: { text: string | null | undefined }) {
  const { t } = useTranslation();
  const p = parsePreview(text);
  if (!p) return <>{t('conversations.noMessages')}</>;
  if (!p.kind) return <>{p.text}</>;
  return (
    <>
      <Icon name={PREVIEW_ICONS[p.kind]} className="me-1 inline size-3.5 align-[-2px] text-slate-400" />
      {p.text || t(`conversations.kinds.${p.kind}`)}
    </>
  );
}

const ConversationRow = memo(function ConversationRow({ c, to, now }: { c: Conversation; to: string; now: number }) {
  const { t, i18n } = useTranslation();
  const unread = c.unreadCount > 0;
  const labels = c.labels ?? [];
  return (
    <NavLink
      to={to}
      data-testid="conversation-item"
      data-conversation-id={c.id}
      data-status={c.status}
      data-assignee-id={c.assigneeId ?? ''}
      className={({ isActive }) =>
        cn('flex h-full gap-3 border-b border-slate-100 px-4 py-2.5 transition', isActive ? 'bg-primary-50/80' : 'hover:bg-slate-50')
      }
    >
      <Avatar name={contactLabel(c)} className="mt-0.5 size-10" />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-2">
          <p className={cn('truncate text-sm text-slate-900', unread ? 'font-semibold' : 'font-medium')} dir="auto" data-testid="conversation-name">
            {contactLabel(c)}
          </p>
          <time className={cn('shrink-0 text-xs', unread ? 'font-medium text-primary-600' : 'text-slate-400')} dateTime={activityOf(c)}>
            {formatRelative(activityOf(c), now, i18n.language)}
          </time>
        </div>
        <div className="mt-0.5 flex items-center justify-between gap-2">
          <p className={cn('truncate text-sm', unread ? 'text-slate-700' : 'text-slate-500')} dir="auto" data-testid="conversation-preview">
            <Preview text={c.lastMessagePreview} />
          </p>
          {unread && (
            <span
              className="inline-flex h-5 min-w-5 shrink-0 items-center justify-center rounded-full bg-primary-600 px-1.5 text-[11px] font-semibold text-white"
              data-testid="unread-badge"
              aria-label={t('conversations.unread', { count: c.unreadCount })}
            >
              {c.unreadCount}
            </span>
          )}
        </div>
        <div className="mt-1 flex items-center gap-1.5 text-xs text-slate-400">
          {c.status !== 'open' && (
            <span
              className={cn(
                'shrink-0 rounded px-1.5 py-px text-[10px] font-semibold uppercase',
                c.status === 'snoozed' || c.status === 'pending' ? 'bg-accent-50 text-accent-700' : 'bg-slate-100 text-slate-500',
              )}
              data-testid="conversation-status-badge"
            >
              {isConversationStatus(c.status) ? t(`conversations.status.${c.status}`) : c.status}
            </span>
          )}
          {c.connectionKind === 'widget' && (
            <span className="shrink-0 text-sky-600" title={t('nav.widgets')} data-testid="website-row-badge">
              <Icon name="globe" className="size-3" />
              <span className="sr-only">{t('nav.widgets')}</span>
            </span>
          )}
          <span className="min-w-0 truncate">{c.connectionName}</span>
          {c.campaignName && <CampaignTag id={c.campaignId} name={c.campaignName} className="max-w-[8rem] shrink py-px text-[11px]" />}
          {labels.length > 0 && (
            <span className="flex shrink-0 items-center gap-0.5" data-testid="conversation-label-dots">
              {labels.slice(0, 5).map((l) => (
                <span key={l.id} className="size-2 rounded-full" style={{ backgroundColor: l.color }} title={l.name} />
              ))}
            </span>
          )}
          <span className="flex-1" />
          {c.assigneeName ? (
            <span title={t('conversations.assign.assignedTo', { name: c.assigneeName })} data-testid="conversation-assignee">
              <Avatar name={c.assigneeName} className="size-5 text-[9px]" />
            </span>
          ) : c.teamName ? (
            <span className="max-w-[6rem] truncate" title={c.teamName}>
              {c.teamName}
            </span>
          ) : null}
        </div>
      </div>
    </NavLink>
  );
});

type ListQuery = Pick<UseInfiniteQueryResult, 'isPending' | 'isError' | 'error' | 'hasNextPage' | 'isFetchingNextPage' | 'fetchNextPage'>;

function FilterSelect({
  value,
  onChange,
  label,
  testId,
  options,
}: {
  value: string;
  onChange: (value: string) => void;
  label: string;
  testId: string;
  options: Array<{ value: string; label: string }>;
}) {
  return (
    <Select value={value} onChange={(e) => onChange(e.target.value)} aria-label={label} controlSize="sm" data-testid={testId}>
      {options.map((o) => (
        <option key={o.value} value={o.value}>
          {o.label}
        </option>
      ))}
    </Select>
  );
}

export interface ListFilterState {
  status: string;
  connectionId: string;
  labelId: string;
}

export function ConversationList({
  basePath,
  list,
  items,
  selectedId,
  tab,
  onTab,
  counts,
  filters,
  onFilters,
  search,
  onSearch,
  connections,
  labels,
  onShortcuts,
}: {
  basePath: string;
  list: ListQuery;
  items: Conversation[];
  selectedId: string | undefined;
  tab: AssigneeTab;
  onTab: (tab: AssigneeTab) => void;
  counts: InboxCounts | undefined;
  filters: ListFilterState;
  onFilters: (f: Partial<ListFilterState>) => void;
  search: string;
  onSearch: (q: string) => void;
  connections: Connection[];
  labels: Label[];
  onShortcuts: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const now = useNow();
  const { isFetchingNextPage } = list;
  const { scroller, virtual, rows } = useVirtualPages(items, list, { rowHeight: ROW_HEIGHT, overscan: 8, prefetchRows: PREFETCH_ROWS });

  // Keyboard navigation moves the selection: keep it on screen.
  const scrolledTo = useRef<string | undefined>(undefined);
  const selectedIndex = selectedId ? items.findIndex((c) => c.id === selectedId) : -1;
  useEffect(() => {
    if (selectedIndex < 0 || scrolledTo.current === selectedId) return;
    scrolledTo.current = selectedId;
    virtual.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedId, selectedIndex, virtual]);

  const filtered = Boolean(search.trim() || filters.connectionId || filters.labelId || filters.status !== DEFAULT_STATUS);
  const emptyTitle = filtered
    ? t('conversations.noMatch')
    : tab === 'mine'
      ? t('conversations.emptyMine')
      : tab === 'unassigned'
        ? t('conversations.emptyUnassigned')
        : t('conversations.emptyTitle');

  return (
    <div className="flex h-full min-h-0 w-full flex-col">
      <div className="space-y-2.5 border-b border-slate-200 px-4 pt-3 pb-3">
        <div className="flex items-center gap-2">
          <h1 className="text-lg font-semibold text-slate-900">{t('conversations.title')}</h1>
          <ConnectionIndicator className="ms-1" />
          <span className="flex-1" />
          <IconButton icon="keyboard" label={t('conversations.shortcuts.title')} onClick={onShortcuts} size="sm" data-testid="shortcuts-button" />
        </div>
        <div role="tablist" aria-label={t('conversations.tabs.label')} className="grid grid-cols-3 gap-1 rounded-xl bg-slate-100 p-1">
          {ASSIGNEE_TABS.map((value) => {
            const count = counts?.[value];
            return (
              <button
                key={value}
                type="button"
                role="tab"
                aria-selected={tab === value}
                onClick={() => onTab(value)}
                className={cn(
                  // Wraps (the count under a long label) rather than clipping a language's longer word.
                  'flex min-w-0 flex-wrap items-center justify-center gap-x-1 gap-y-0.5 rounded-lg px-1.5 py-1.5 text-xs font-medium transition',
                  tab === value ? 'bg-white text-primary-700 shadow-xs' : 'text-slate-500 hover:text-slate-800',
                )}
                data-testid={`inbox-tab-${value}`}
              >
                <span className="min-w-0 leading-tight [overflow-wrap:anywhere]">{t(`conversations.tabs.${value}`)}</span>
                {count !== undefined && (
                  <span
                    className={cn('shrink-0 rounded-full px-1.5 text-[10px] tabular-nums', tab === value ? 'bg-primary-100 text-primary-700' : 'bg-slate-200 text-slate-600')}
                    data-testid="inbox-tab-count"
                    data-count={count}
                    title={String(count)}
                  >
                    {formatCompact(count, i18n.language)}
                  </span>
                )}
              </button>
            );
          })}
        </div>
        <SearchInput value={search} onChange={onSearch} label={t('conversations.search')} testId="conversation-search" />
        {/* Three in a row when they fit; longer words (Russian, German) move the last one to a second row. */}
        <div className="flex flex-wrap gap-2 *:min-w-28 *:flex-1">
          <FilterSelect
            value={filters.status}
            onChange={(status) => onFilters({ status })}
            label={t('conversations.filterStatus')}
            testId="filter-status"
            options={[...CONVERSATION_STATUSES.map((s) => ({ value: s, label: t(`conversations.status.${s}`) })), { value: 'all', label: t('conversations.status.all') }]}
          />
          <FilterSelect
            value={filters.connectionId}
            onChange={(connectionId) => onFilters({ connectionId })}
            label={t('conversations.filterNumber')}
            testId="filter-number"
            options={[{ value: '', label: t('conversations.allNumbers') }, ...connections.map((c) => ({ value: c.id, label: c.name }))]}
          />
          <FilterSelect
            value={filters.labelId}
            onChange={(labelId) => onFilters({ labelId })}
            label={t('conversations.filterLabel')}
            testId="filter-label"
            options={[{ value: '', label: t('conversations.allLabels') }, ...labels.map((l) => ({ value: l.id, label: l.name }))]}
          />
        </div>
      </div>
      <div ref={scroller} className="min-h-0 flex-1 overflow-x-hidden overflow-y-auto" data-testid="conversation-list" data-count={items.length}>
        {list.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : list.isError ? (
          <div className="p-4">
            <Alert tone="danger">{errorText(list.error)}</Alert>
          </div>
        ) : items.length === 0 ? (
          <EmptyState icon="chat" title={emptyTitle} description={t('conversations.emptyBody')} />
        ) : (
          <div className="relative w-full" style={{ height: virtual.getTotalSize() }}>
            {rows.map((row) => {
              const c = items[row.index];
              if (!c) return null;
              return (
                <div key={row.key} className="absolute start-0 top-0 w-full" style={{ height: row.size, transform: `translateY(${row.start}px)` }}>
                  <ConversationRow c={c} to={`${basePath}/${c.id}`} now={now} />
                </div>
              );
            })}
          </div>
        )}
        {isFetchingNextPage && (
          <div className="flex justify-center p-3 text-primary-500">
            <Spinner label={t('common.loading')} />
          </div>
        )}
      </div>
    </div>
  );
}
