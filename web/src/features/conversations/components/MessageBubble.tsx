import { useTranslation } from 'react-i18next';
import type { Message } from '../../../api/types';
import { Button, Icon } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatTime } from '../../../lib/format';
import { describeMessage, failureReason } from '../messages';
import { MessageContent } from './MessageContent';
import { StatusTicks } from './StatusTicks';

/** One message as a chat bubble: the customer's at the start side, ours at the end side (mirrored in RTL). */
export function MessageBubble({ message, onRetry, retrying }: { message: Message; onRetry?: (id: string) => void; retrying?: boolean }) {
  const { t, i18n } = useTranslation();
  const outbound = message.direction === 'outbound';
  const failed = outbound && message.status === 'failed';
  const reason = failed ? failureReason(message.error) : null;

  return (
    <div
      className={cn('flex', outbound ? 'justify-end' : 'justify-start')}
      data-testid="message"
      data-direction={message.direction}
      data-status={message.status}
      data-message-id={message.id}
    >
      <div
        className={cn(
          'max-w-[85%] min-w-20 rounded-2xl px-3 pt-2 pb-1.5 text-sm text-slate-900 shadow-xs sm:max-w-[70%]',
          outbound ? 'rounded-se-md bg-primary-100' : 'rounded-ss-md bg-white',
          failed && 'ring-1 ring-danger-300',
        )}
      >
        <MessageContent view={describeMessage(message)} />
        <div className="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-slate-500">
          <time dateTime={message.createdAt} title={formatDateTime(message.createdAt, i18n.language)}>
            {formatTime(message.createdAt, i18n.language)}
          </time>
          {outbound && <StatusTicks status={message.status} />}
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
    </div>
  );
}
