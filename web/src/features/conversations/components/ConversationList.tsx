import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import type { Connection, Conversation } from '../../../api/types';
import { Alert, Avatar, Button, EmptyState, Icon, PageSpinner, SearchInput, Select, type IconName } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatRelative } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { useConversationList, type ConversationFilters } from '../hooks/useConversations';
import { CONVERSATION_STATUSES, DEFAULT_STATUS, contactLabel, isConversationStatus, parsePreview, type PreviewKind } from '../conversation';

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

function ConversationItem({ c, to, now }: { c: Conversation; to: string; now: number }) {
  const { t, i18n } = useTranslation();
  const unread = c.unreadCount > 0;
  return (
    <NavLink
      to={to}
      data-testid="conversation-item"
      data-conversation-id={c.id}
      className={({ isActive }) =>
        cn(
          'flex gap-3 border-b border-slate-100 px-4 py-3 transition',
          isActive ? 'bg-primary-50/80' : 'hover:bg-slate-50',
        )
      }
    >
      <Avatar name={contactLabel(c)} className="size-10" />
      <div className="min-w-0 flex-1">
        <div className="flex items-baseline justify-between gap-2">
          <p className={cn('truncate text-sm text-slate-900', unread ? 'font-semibold' : 'font-medium')} dir="auto" data-testid="conversation-name">
            {contactLabel(c)}
          </p>
          <time
            className={cn('shrink-0 text-xs', unread ? 'font-medium text-primary-600' : 'text-slate-400')}
            dateTime={c.lastMessageAt ?? undefined}
          >
            {formatRelative(c.lastMessageAt, now, i18n.language)}
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
        <p className="mt-0.5 truncate text-xs text-slate-400">
          {c.connectionName}
          {c.status !== 'open' && <span> · {isConversationStatus(c.status) ? t(`conversations.status.${c.status}`) : c.status}</span>}
        </p>
      </div>
    </NavLink>
  );
}

export function ConversationList({
  basePath,
  filters,
  search,
  onSearch,
  onFilters,
  connections,
}: {
  basePath: string;
  filters: ConversationFilters;
  search: string;
  onSearch: (q: string) => void;
  onFilters: (f: Partial<ConversationFilters>) => void;
  connections: Connection[];
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const list = useConversationList(filters);
  const now = useNow();
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <div className="flex h-full min-h-0 w-full flex-col">
      <div className="space-y-2.5 border-b border-slate-200 px-4 pt-4 pb-3">
        <h1 className="text-lg font-semibold text-slate-900">{t('conversations.title')}</h1>
        <SearchInput value={search} onChange={onSearch} label={t('conversations.search')} />
        <div className="flex gap-2">
          <div className="min-w-0 flex-1">
            <Select
              value={filters.status}
              onChange={(e) => onFilters({ status: e.target.value })}
              aria-label={t('conversations.filterStatus')}
              data-testid="filter-status"
            >
              {CONVERSATION_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`conversations.status.${s}`)}
                </option>
              ))}
              <option value="all">{t('conversations.status.all')}</option>
            </Select>
          </div>
          <div className="min-w-0 flex-1">
            <Select
              value={filters.connectionId}
              onChange={(e) => onFilters({ connectionId: e.target.value })}
              aria-label={t('conversations.filterNumber')}
              data-testid="filter-number"
            >
              <option value="">{t('conversations.allNumbers')}</option>
              {connections.map((c) => (
                <option key={c.id} value={c.id}>
                  {c.name}
                </option>
              ))}
            </Select>
          </div>
        </div>
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto" data-testid="conversation-list">
        {list.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : list.isError ? (
          <div className="p-4">
            <Alert tone="danger">{errorText(list.error)}</Alert>
          </div>
        ) : items.length === 0 ? (
          <EmptyState
            icon="chat"
            title={filters.q || filters.connectionId || filters.status !== DEFAULT_STATUS ? t('conversations.noMatch') : t('conversations.emptyTitle')}
            description={t('conversations.emptyBody')}
          />
        ) : (
          <>
            {items.map((c) => (
              <ConversationItem key={c.id} c={c} to={`${basePath}/${c.id}`} now={now} />
            ))}
            {list.hasNextPage && (
              <div className="p-3 text-center">
                <Button variant="ghost" size="sm" onClick={() => void list.fetchNextPage()} loading={list.isFetchingNextPage}>
                  {t('conversations.showMore')}
                </Button>
              </div>
            )}
          </>
        )}
      </div>
    </div>
  );
}
