import { useTranslation } from 'react-i18next';
import type { Message } from '../../../api/types';
import { Button, Icon } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatTime } from '../../../lib/format';
import { describeMessage, failureReason, isLocal } from '../messages';
import { InteractiveChoices, MessageContent } from './MessageContent';
import { StatusTicks } from './StatusTicks';

/** What a reply quotes: who wrote the quoted message and a line of it; `missing` when it is not loaded. */
export interface Quote {
  author: string;
  text: string;
  missing?: boolean;
}

function QuoteBlock({ quote, onClick }: { quote: Quote; onClick?: () => void }) {
  const { t } = useTranslation();
  return (
    <button
      type="button"
      onClick={onClick}
      disabled={!onClick}
      className="mb-1 block w-full rounded-lg border-s-4 border-primary-400 bg-black/5 px-2.5 py-1.5 text-start text-xs disabled:cursor-default"
      data-testid="message-quote"
    >
      <span className="block font-semibold text-primary-700">{quote.author}</span>
      <span className="line-clamp-2 break-words text-slate-600" dir="auto">
        {quote.missing ? t('conversations.reply.missing') : quote.text || t('conversations.reply.attachment')}
      </span>
    </button>
  );
}

/**
 * One message as a chat bubble: the customer's at the start side, ours at the end side (mirrored in RTL), internal
 * notes in yellow. A reply shows the message it quotes; `onReply` adds the reply action.
 */
export function MessageBubble({
  message,
  onRetry,
  retrying,
  onReply,
  quote,
  onQuoteClick,
}: {
  message: Message;
  onRetry?: (id: string) => void;
  retrying?: boolean;
  onReply?: () => void;
  quote?: Quote | null;
  onQuoteClick?: () => void;
}) {
  const { t, i18n } = useTranslation();
  const note = message.direction === 'note';
  const ours = message.direction === 'outbound' || note;
  const failed = ours && message.status === 'failed';
  const local = isLocal(message);
  const reason = failed ? (local ? message.local.reason : null) ?? failureReason(message.error) : null;
  const sending = local && message.local.state === 'sending';
  const view = describeMessage(message);

  return (
    <div
      className={cn('group flex items-center gap-1', ours ? 'flex-row-reverse' : 'flex-row')}
      data-testid="message"
      data-direction={message.direction}
      data-status={message.status}
      data-message-id={message.id}
      data-local={local || undefined}
    >
      {/* The bubble, and under it what an interactive message offered (its buttons or its list's rows). */}
      <div className={cn('flex max-w-[85%] min-w-0 flex-col gap-1 sm:max-w-[70%]', ours ? 'items-end' : 'items-start')}>
        <div
          className={cn(
            'max-w-full min-w-20 rounded-2xl px-3 pt-2 pb-1.5 text-sm text-slate-900 shadow-xs',
            note ? 'rounded-se-md border border-warning-200 bg-warning-50' : ours ? 'rounded-se-md bg-primary-100' : 'rounded-ss-md bg-white',
            failed && 'ring-1 ring-danger-300',
          )}
        >
          {note && (
            <p className="mb-1 flex items-center gap-1 text-[11px] font-semibold tracking-wide text-warning-800 uppercase" data-testid="note-label">
              <Icon name="lock" className="size-3" />
              {t('conversations.note.label')}
              {message.senderName && <span className="font-medium tracking-normal normal-case">· {message.senderName}</span>}
            </p>
          )}
          {!note && ours && message.flowRunId ? (
            <p className="mb-0.5 flex items-center gap-1 text-[11px] font-semibold text-secondary-700" data-testid="message-bot">
              <span className="inline-flex items-center gap-0.5 rounded bg-secondary-100 px-1 py-px text-[10px] tracking-wide uppercase">
                <Icon name="bot" className="size-3" />
                {t('bot.badge')}
              </span>
              <span className="truncate" dir="auto">
                {message.flowName}
              </span>
            </p>
          ) : (
            !note &&
            ours &&
            message.senderName && (
              <p className="mb-0.5 text-[11px] font-semibold text-primary-700" data-testid="message-sender">
                {message.senderName}
              </p>
            )
          )}
          {quote && <QuoteBlock quote={quote} onClick={onQuoteClick} />}
          <MessageContent view={view} />
          <div className="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-slate-500">
            <time dateTime={message.createdAt} title={formatDateTime(message.createdAt, i18n.language)}>
              {formatTime(message.createdAt, i18n.language)}
            </time>
            {message.direction === 'outbound' && <StatusTicks status={message.status} />}
            {note && sending && <StatusTicks status="queued" />}
          </div>
          {failed && (
            <div className="mt-1.5 flex flex-wrap items-center gap-2 border-t border-danger-200 pt-1.5" data-testid="message-failure">
              <p className="flex min-w-0 flex-1 items-start gap-1 text-xs text-danger-700">
                <Icon name="alert" className="mt-px size-3.5 shrink-0" />
                <span className="break-words" dir="auto">{reason ?? t('conversations.failed')}</span>
              </p>
              {onRetry && (
                <Button size="sm" variant="outline" loading={retrying} onClick={() => onRetry(message.id)} data-testid="retry-message">
                  <Icon name="refresh" className="size-3.5" />
                  {t('conversations.retry')}
                </Button>
              )}
            </div>
          )}
        </div>
        {view.kind === 'interactive' && <InteractiveChoices interactive={view.interactive} />}
      </div>
      {onReply && (
        <button
          type="button"
          onClick={onReply}
          className="rounded-full p-1.5 text-slate-400 opacity-0 transition group-hover:opacity-100 hover:bg-white hover:text-slate-600 focus-visible:opacity-100 [@media(hover:none)]:opacity-70"
          aria-label={t('conversations.reply.action')}
          title={t('conversations.reply.action')}
          data-testid="message-reply"
        >
          <Icon name="reply" className="size-4 rtl:-scale-x-100" />
        </button>
      )}
    </div>
  );
}
