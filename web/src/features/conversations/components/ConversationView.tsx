import { Fragment, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Conversation, Message } from '../../../api/types';
import { Alert, Icon, LoadMore, PageSpinner, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatDay } from '../../../lib/format';
import { useNow } from '../../../lib/useNow';
import { usePageVisible } from '../../../lib/usePageVisible';
import { useConversationRoom, useTypers } from '../../realtime';
import { ConversationBotBar } from '../../flows';
import { useConnections } from '../../whatsapp';
import { useContact, useConversation, useConversationActions, useMe, useMessages, useOutbox } from '../hooks/useConversations';
import { useConversationBot } from '../hooks/useBot';
import { canReplyTo, isLocal, quoteText } from '../messages';
import { Composer } from './Composer';
import { ContactPanel } from './ContactPanel';
import { ConversationHeader } from './ConversationHeader';
import { MessageBubble, type Quote } from './MessageBubble';

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

/** "Ana is typing…" while other agents type in this conversation. */
function TypingIndicator({ conversationId }: { conversationId: string }) {
  const { t } = useTranslation();
  const typers = useTypers(conversationId);
  if (typers.length === 0) return null;
  const names = typers.map((x) => x.name || t('conversations.typing.someone'));
  const text = names.length === 1 ? t('conversations.typing.one', { name: names[0] }) : t('conversations.typing.many', { names: names.join(', ') });
  return (
    <div className="pointer-events-none absolute start-3 bottom-2 sm:start-6" aria-live="polite">
      <span className="inline-flex items-center gap-1.5 rounded-full bg-white/95 px-3 py-1 text-xs text-slate-600 shadow-sm" data-testid="typing-indicator">
        <span className="flex gap-0.5" aria-hidden="true">
          <span className="size-1.5 animate-bounce rounded-full bg-slate-400 [animation-delay:-0.3s]" />
          <span className="size-1.5 animate-bounce rounded-full bg-slate-400 [animation-delay:-0.15s]" />
          <span className="size-1.5 animate-bounce rounded-full bg-slate-400" />
        </span>
        {text}
      </span>
    </div>
  );
}

function Messages({ conversationId, unread, onReply }: { conversationId: string; unread: number; onReply: (m: Message) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const messages = useMessages(conversationId);
  const { retry, markRead } = useConversationActions(conversationId);
  const { resend } = useOutbox(conversationId);
  const me = useMe().id;
  const visible = usePageVisible();
  const now = useNow(60_000);
  const scroller = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  const fromBottom = useRef(0);
  const edges = useRef<{ oldest?: string; newest?: string }>({});
  const markedFor = useRef<string | null>(null);

  const ordered = useMemo(() => chronological(messages.data?.pages), [messages.data]);
  const byWaId = useMemo(() => new Map(ordered.flatMap((m) => (m.waMessageId ? [[m.waMessageId, m] as const] : []))), [ordered]);
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
    if (newest && newest.id !== before.newest && (isLocal(newest) || (me !== null && newest.senderUserId === me))) stick.current = true;
    if (stick.current) el.scrollTop = el.scrollHeight;
  }, [oldest, newest, me]);

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

  const quoteOf = (m: Message): Quote | null => {
    if (!m.replyToWaId) return null;
    const quoted = byWaId.get(m.replyToWaId);
    if (!quoted) return { author: t('conversations.reply.earlier'), text: '', missing: true };
    const author = quoted.direction === 'inbound' ? t('conversations.reply.customer') : (quoted.senderName ?? t('conversations.reply.team'));
    return { author, text: quoteText(quoted).text };
  };

  const scrollTo = (waId: string | null | undefined) => {
    const target = waId ? byWaId.get(waId) : undefined;
    if (!target) return;
    scroller.current?.querySelector(`[data-message-id="${CSS.escape(target.id)}"]`)?.scrollIntoView({ block: 'center', behavior: 'smooth' });
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
    <div className="relative flex min-h-0 flex-1 flex-col">
      <div
        ref={scroller}
        onScroll={onScroll}
        className="min-h-0 flex-1 overflow-x-hidden overflow-y-auto bg-slate-100 bg-[radial-gradient(var(--color-slate-200)_1px,transparent_1px)] bg-size-[18px_18px]"
        data-testid="messages"
      >
        <div ref={content} className="space-y-1.5 px-3 pt-4 pb-8 sm:px-6">
          <LoadMore pages={messages} label={t('conversations.loadOlder')} className="pb-2 text-center" testId="load-older" />
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
                <MessageBubble
                  message={m}
                  onRetry={(id) => (isLocal(m) ? void resend(m) : retry.mutate(id))}
                  retrying={retry.isPending && retry.variables === m.id}
                  onReply={canReplyTo(m) ? () => onReply(m) : undefined}
                  quote={quoteOf(m)}
                  onQuoteClick={m.replyToWaId ? () => scrollTo(m.replyToWaId) : undefined}
                />
              </Fragment>
            );
          })}
          {retry.isError && <Alert tone="danger">{errorText(retry.error)}</Alert>}
        </div>
      </div>
      <TypingIndicator conversationId={conversationId} />
    </div>
  );
}

export function ConversationView({ conversationId, basePath }: { conversationId: string; basePath: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const conversation = useConversation(conversationId);
  const connections = useConnections();
  const [replyTo, setReplyTo] = useState<Message | null>(null);
  const [panel, setPanel] = useState(false);
  const contactId = conversation.data?.contactId ?? '';
  const contact = useContact(contactId);
  const bot = useConversationBot(conversationId);
  useConversationRoom(conversationId);

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
    <div className="relative flex h-full min-h-0 w-full" data-testid="conversation" data-conversation-id={c.id}>
      <div className="flex min-w-0 flex-1 flex-col">
        <ConversationHeader conversation={c} basePath={basePath} panelOpen={panel} onTogglePanel={() => setPanel((p) => !p)} />
        <WindowIndicator conversation={c} />
        <Messages conversationId={c.id} unread={c.unreadCount} onReply={setReplyTo} />
        {bot.data && <ConversationBotBar run={bot.data} />}
        {connections.isPending ? (
          <div className="flex justify-center border-t border-slate-200 bg-white p-4">
            <Spinner className="text-primary-500" label={t('common.loading')} />
          </div>
        ) : (
          <Composer conversation={c} connectionKind={kind} replyTo={replyTo} onCancelReply={() => setReplyTo(null)} contactEmail={contact.data?.email} />
        )}
      </div>
      <aside
        className={cn(
          'min-h-0 border-slate-200 2xl:static 2xl:flex 2xl:w-80 2xl:shrink-0 2xl:border-s',
          panel ? 'absolute inset-0 z-30 flex sm:start-auto sm:w-96 sm:border-s sm:shadow-2xl' : 'hidden',
        )}
        aria-label={t('conversations.contact.title')}
      >
        <ContactPanel conversation={c} basePath={basePath} onClose={() => setPanel(false)} />
      </aside>
    </div>
  );
}
