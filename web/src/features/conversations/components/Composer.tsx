import { useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation, SendMessageInput } from '../../../api/types';
import { Alert, IconButton } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useConversationActions } from '../hooks/useConversations';
import { composerMode, sendAsFor } from '../messages';
import { TemplatePicker } from './TemplatePicker';

const MAX_ROWS = 6;

function TextComposer({ conversation }: { conversation: Conversation }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { send, upload } = useConversationActions(conversation.id);
  const [text, setText] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const busy = send.isPending || upload.isPending;
  const error = send.error ?? upload.error;

  const deliver = (input: SendMessageInput, onSent?: () => void) => {
    upload.reset();
    send.mutate({ conversationId: conversation.id, input }, { onSuccess: onSent });
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || busy) return;
    deliver({ type: 'text', text: body }, () => setText(''));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter sends, Shift+Enter breaks the line; an IME composing a word keeps its Enter.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const attach = (file: File | undefined) => {
    if (!file) return;
    send.reset();
    upload.mutate(file, {
      onSuccess: (media) => {
        const caption = text.trim();
        deliver(
          { type: sendAsFor(media.mimeType ?? file.type), mediaId: media.id, ...(caption ? { caption } : {}) },
          () => setText(''),
        );
      },
    });
  };

  const rows = Math.min(MAX_ROWS, Math.max(1, text.split('\n').length));

  return (
    <form onSubmit={submit} className="border-t border-slate-200 bg-white px-3 py-3 sm:px-4" data-testid="composer">
      {error && (
        <Alert tone="danger" className="mb-2">
          <span data-testid="composer-error">{errorText(error)}</span>
        </Alert>
      )}
      <div className="flex items-end gap-2">
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          onChange={(e) => {
            attach(e.target.files?.[0]);
            e.target.value = '';
          }}
          data-testid="composer-file"
        />
        <IconButton icon="paperclip" label={t('conversations.composer.attach')} onClick={() => fileInput.current?.click()} disabled={busy} data-testid="composer-attach" />
        <textarea
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          rows={rows}
          placeholder={t('conversations.composer.placeholder')}
          aria-label={t('conversations.composer.placeholder')}
          dir="auto"
          className="block min-h-10 flex-1 resize-none rounded-xl border border-slate-200 bg-white px-3.5 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:border-primary-500 focus:ring-4 focus:ring-primary-500/15 focus:outline-none"
          data-testid="composer-input"
        />
        <IconButton
          type="submit"
          variant="primary"
          icon="send"
          iconClassName="rtl:-scale-x-100"
          label={t('conversations.composer.send')}
          loading={busy}
          disabled={!text.trim()}
          data-testid="composer-send"
        />
      </div>
      <p className="mt-1.5 hidden text-xs text-slate-400 sm:block">{t('conversations.composer.hint')}</p>
    </form>
  );
}

/** Free text and files while the customer's reply window is open; once it closes, a template picker instead. */
export function Composer({ conversation, connectionKind }: { conversation: Conversation; connectionKind: string | undefined }) {
  if (composerMode(conversation, connectionKind) === 'template') return <TemplatePicker conversation={conversation} />;
  return <TextComposer conversation={conversation} />;
}
