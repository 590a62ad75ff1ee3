import { Fragment, useEffect, useLayoutEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Conversation, Message } from '../../../api/types';
import { Alert, Avatar, Button, Icon, PageSpinner, Select, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatDay } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { usePageVisible } from '../../../lib/usePageVisible';
import { useConnections } from '../../whatsapp';
import { CONVERSATION_STATUSES, contactLabel } from '../conversation';
import { useConversation, useConversationActions, useMessages } from '../hooks/useConversations';
import { Composer } from './Composer';
import { MessageBubble } from './MessageBubble';

/** Within this many pixels of the bottom the view follows new messages. */
const STICK_PX = 80;

function WindowIndicator({ conversation }: { conversation: Conversation }) {
  const { t, i18n } = useTranslation();
  return (
    <div
      className={cn(
        'flex items-center gap-1.5 border-b px-4 py-1.5 text-xs',
        conversation.windowOpen ? 'border-slate-100 bg-white text-slate-500' : 'border-accent-100 bg-accent-50 text-accent-800',
      )}
      data-testid="window-indicator"
      data-open={conversation.windowOpen}
    >
      <Icon name="clock" className="size-3.5 shrink-0" />
      {conversation.windowOpen && conversation.windowExpiresAt
        ? t('conversations.window.openUntil', { time: formatDateTime(conversation.windowExpiresAt, i18n.language) })
        : t('conversations.window.closed')}
    </div>
  );
}

function Header({ conversation, basePath }: { conversation: Conversation; basePath: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { setStatus } = useConversationActions(conversation.id);
  const name = contactLabel(conversation);
  return (
    <div className="border-b border-slate-200 bg-white">
      <div className="flex items-center gap-3 px-3 py-2.5 sm:px-4">
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
        </div>
        <div className="w-28 shrink-0 sm:w-32">
          <Select
            value={conversation.status}
            onChange={(e) => setStatus.mutate({ id: conversation.id, status: e.target.value })}
            disabled={setStatus.isPending}
            aria-label={t('common.status')}
            data-testid="conversation-status"
          >
            {CONVERSATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`conversations.status.${s}`)}
              </option>
            ))}
          </Select>
        </div>
      </div>
      {setStatus.isError && (
        <div className="px-4 pb-2">
          <Alert tone="danger">{errorText(setStatus.error)}</Alert>
        </div>
      )}
    </div>
  );
}

/** Oldest first, each message once (pages can overlap for a moment while new messages push older ones down). */
function chronological(pages: { items: Message[] }[] | undefined): Message[] {
  const seen = new Set<string>();
  const out: Message[] = [];
  for (const page of pages ?? []) {
    for (const m of page.items) {
      if (!seen.has(m.id)) {
        seen.add(m.id);
        out.push(m);
      }
    }
  }
  return out.reverse();
}

function dayKey(iso: string): string {
  return new Date(iso).toDateString();
}

function Messages({ conversationId, unread }: { conversationId: string; unread: number }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const messages = useMessages(conversationId);
  const { retry, markRead } = useConversationActions(conversationId);
  const visible = usePageVisible();
  const now = useNow(60_000);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const fromBottom = useRef(0);
  const edges = useRef<{ oldest?: string; newest?: string }>({});
  const markedFor = useRef<string | null>(null);

  const ordered = chronological(messages.data?.pages);
  const oldest = ordered[0]?.id;
  const newest = ordered[ordered.length - 1];
  const latestInbound = ordered.findLast((m) => m.direction === 'inbound')?.id;
  const { mutate: markReadMutate } = markRead;

  // Opening a conversation with unread messages, and each new customer message seen while the page is in front,
  // marks it read (which also sends WhatsApp's read receipt, so not again for what was already read).
  useEffect(() => {
    if (!visible || !latestInbound || markedFor.current === latestInbound) return;
    const opening = markedFor.current === null;
    markedFor.current = latestInbound;
    if (opening && unread === 0) return;
    markReadMutate(conversationId);
  }, [visible, latestInbound, conversationId, unread, markReadMutate]);

  // Older messages arrive above: keep what is on screen in place. New ones below: follow them while at the bottom,
  // and always after sending.
  useLayoutEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const before = edges.current;
    edges.current = { oldest, newest: newest?.id };
    if (before.oldest && oldest !== before.oldest && newest?.id === before.newest) {
      el.scrollTop = el.scrollHeight - el.clientHeight - fromBottom.current;
      return;
    }
    if (newest && newest.id !== before.newest && newest.direction === 'outbound') stick.current = true;
    if (stick.current) el.scrollTop = el.scrollHeight;
  }, [oldest, newest]);

  // Pictures load after layout and grow the list: stay at the bottom if that is where the reader was.
  useEffect(() => {
    const el = scroller.current;
    const inner = content.current;
    if (!el || !inner || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      if (stick.current) el.scrollTop = el.scrollHeight;
    });
    observer.observe(inner);
    return () => observer.disconnect();
  }, [messages.isPending]);

  const onScroll = () => {
    const el = scroller.current;
    if (!el) return;
    fromBottom.current = el.scrollHeight - el.scrollTop - el.clientHeight;
    stick.current = fromBottom.current < STICK_PX;
  };

  if (messages.isPending) return <div className="flex-1"><PageSpinner label={t('common.loading')} /></div>;
  if (messages.isError) {
    return (
      <div className="flex-1 p-4">
        <Alert tone="danger">{errorText(messages.error)}</Alert>
      </div>
    );
  }

  return (
    <div
      ref={scroller}
      onScroll={onScroll}
      className="min-h-0 flex-1 overflow-y-auto bg-slate-100 bg-[radial-gradient(var(--color-slate-200)_1px,transparent_1px)] bg-size-[18px_18px]"
      data-testid="messages"
    >
      <div ref={content} className="space-y-1.5 px-3 py-4 sm:px-6">
        {messages.hasNextPage && (
          <div className="pb-2 text-center">
            <Button variant="outline" size="sm" onClick={() => void messages.fetchNextPage()} loading={messages.isFetchingNextPage} data-testid="load-older">
              {t('conversations.loadOlder')}
            </Button>
          </div>
        )}
        {ordered.length === 0 && <p className="py-10 text-center text-sm text-slate-500">{t('conversations.noMessages')}</p>}
        {ordered.map((m, i) => {
          const prev = ordered[i - 1];
          const newDay = !prev || dayKey(prev.createdAt) !== dayKey(m.createdAt);
          return (
            <Fragment key={m.id}>
              {newDay && (
                <div className="flex justify-center py-2">
                  <span className="rounded-full bg-white/90 px-3 py-0.5 text-xs font-medium text-slate-500 shadow-xs">{formatDay(m.createdAt, now, i18n.language)}</span>
                </div>
              )}
              <MessageBubble message={m} onRetry={(id) => retry.mutate(id)} retrying={retry.isPending && retry.variables === m.id} />
            </Fragment>
          );
        })}
        {retry.isError && <Alert tone="danger">{errorText(retry.error)}</Alert>}
      </div>
    </div>
  );
}

export function ConversationView({ conversationId, basePath }: { conversationId: string; basePath: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const conversation = useConversation(conversationId);
  const connections = useConnections();

  if (conversation.isPending) return <PageSpinner label={t('common.loading')} />;
  if (conversation.isError) {
    return (
      <div className="p-4">
        <Link to={basePath} className="mb-3 inline-flex items-center gap-1.5 text-sm text-slate-500 md:hidden">
          <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
          {t('conversations.back')}
        </Link>
        <Alert tone="danger">{errorText(conversation.error)}</Alert>
      </div>
    );
  }
  const c = conversation.data;
  const kind = connections.data?.find((n) => n.id === c.connectionId)?.kind;
  return (
    <div className="flex h-full min-h-0 flex-col" data-testid="conversation" data-conversation-id={c.id}>
      <Header conversation={c} basePath={basePath} />
      <WindowIndicator conversation={c} />
      <Messages conversationId={c.id} unread={c.unreadCount} />
      {connections.isPending ? (
        <div className="flex justify-center border-t border-slate-200 bg-white p-4">
          <Spinner className="text-primary-500" label={t('common.loading')} />
        </div>
      ) : (
        <Composer conversation={c} connectionKind={kind} />
      )}
    </div>
  );
}
