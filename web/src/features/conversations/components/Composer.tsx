import { useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import type { CannedResponse, Conversation, Message } from '../../../api/types';
import { Alert, Icon, IconButton } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { useSessionState } from '../../auth';
import { useCannedResponses } from '../../inbox';
import { useTypingSignal } from '../../realtime';
import { cannedTrigger, fillCannedVariables, filterCanned, replaceRange, type CannedContext } from '../composer';
import { useConversationActions, useOutbox } from '../hooks/useConversations';
import { composerMode, quoteText, sendAsFor, type PendingSend } from '../messages';
import { CannedPicker } from './CannedPicker';
import { EmojiPicker } from './EmojiPicker';
import { TemplatePicker } from './TemplatePicker';

const MAX_ROWS = 6;

export type ComposerMode = 'reply' | 'note';

function ReplyPreview({ message, onCancel }: { message: Message; onCancel: () => void }) {
  const { t } = useTranslation();
  const quote = quoteText(message);
  const author = message.direction === 'inbound' ? t('conversations.reply.customer') : (message.senderName ?? t('conversations.reply.team'));
  return (
    <div className="mb-2 flex items-start gap-2 rounded-xl border-s-4 border-primary-400 bg-slate-50 px-3 py-2" data-testid="composer-reply-preview">
      <Icon name="reply" className="mt-0.5 size-4 shrink-0 text-primary-500 rtl:-scale-x-100" />
      <div className="min-w-0 flex-1 text-xs">
        <p className="font-semibold text-primary-700">{t('conversations.reply.replyingTo', { name: author })}</p>
        <p className="truncate text-slate-600" dir="auto">
          {quote.text || t('conversations.reply.attachment')}
        </p>
      </div>
      <button
        type="button"
        onClick={onCancel}
        className="rounded-lg p-1 text-slate-400 hover:bg-slate-200 hover:text-slate-600"
        aria-label={t('conversations.reply.cancel')}
        data-testid="composer-reply-cancel"
      >
        <Icon name="close" className="size-4" />
      </button>
    </div>
  );
}

function TextComposer({
  conversation,
  mode,
  replyTo,
  onCancelReply,
  canned,
  onWindowError,
}: {
  conversation: Conversation;
  mode: ComposerMode;
  replyTo: Message | null;
  onCancelReply: () => void;
  canned: CannedContext;
  onWindowError: (error: unknown) => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { send } = useOutbox(conversation.id);
  const { upload } = useConversationActions(conversation.id);
  const typing = useTypingSignal(conversation.id);
  const [text, setText] = useState('');
  const [caret, setCaret] = useState(0);
  const [active, setActive] = useState(0);
  const [dismissedAt, setDismissedAt] = useState<number | null>(null);
  const input = useRef<HTMLTextAreaElement>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const placeCaret = useRef<number | null>(null);
  const note = mode === 'note';

  const trigger = cannedTrigger(text, caret);
  const pickerOpen = trigger !== null && dismissedAt !== trigger.start;
  const responses = useCannedResponses(pickerOpen);
  const options = pickerOpen ? filterCanned(responses.data ?? [], trigger.query) : [];
  const highlighted = Math.min(active, Math.max(0, options.length - 1));

  // After inserting (a canned reply, an emoji) the caret goes after the insertion.
  useLayoutEffect(() => {
    const at = placeCaret.current;
    const el = input.current;
    if (at === null || !el) return;
    placeCaret.current = null;
    el.focus();
    el.setSelectionRange(at, at);
  });

  const change = (value: string, at: number) => {
    setText(value);
    setCaret(at);
    setActive(0);
    if (!cannedTrigger(value, at)) setDismissedAt(null);
    if (value.trim()) typing.input();
    else typing.stop();
  };

  const insert = (start: number, end: number, what: string) => {
    const next = replaceRange(text, start, end, what);
    placeCaret.current = next.caret;
    change(next.text, next.caret);
  };

  const pick = (c: CannedResponse) => {
    if (!trigger) return;
    insert(trigger.start, trigger.end, fillCannedVariables(c.content, canned));
  };

  const deliver = async (what: PendingSend, restore: string) => {
    onWindowError(null);
    const result = await send(what, !note ? replyTo : null);
    if (!result.ok && result.windowClosed) {
      setText((current) => current || restore);
      onWindowError(result.error);
    }
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body) return;
    setText('');
    setCaret(0);
    typing.stop();
    if (note) {
      void deliver({ kind: 'note', text: body }, body);
      return;
    }
    onCancelReply();
    void deliver({ kind: 'message', input: { type: 'text', text: body, ...(replyTo ? { replyTo: replyTo.id } : {}) } }, body);
  };

  const onKeyDown = (e: KeyboardEvent<HTMLTextAreaElement>) => {
    if (pickerOpen && trigger) {
      if (e.key === 'Escape') {
        e.preventDefault();
        e.stopPropagation();
        setDismissedAt(trigger.start);
        return;
      }
      if (options.length > 0) {
        if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
          e.preventDefault();
          const step = e.key === 'ArrowDown' ? 1 : -1;
          setActive((highlighted + step + options.length) % options.length);
          return;
        }
        if ((e.key === 'Enter' && !e.shiftKey) || e.key === 'Tab') {
          e.preventDefault();
          const choice = options[highlighted];
          if (choice) pick(choice);
          return;
        }
      }
    }
    if (e.key === 'Escape' && replyTo && !note) {
      e.preventDefault();
      onCancelReply();
      return;
    }
    // Enter (or Ctrl/Cmd+Enter) sends, Shift+Enter breaks the line; an IME composing a word keeps its Enter.
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const attach = (file: File | undefined) => {
    if (!file) return;
    upload.mutate(file, {
      onSuccess: (media) => {
        const caption = text.trim();
        setText('');
        typing.stop();
        onCancelReply();
        void deliver(
          {
            kind: 'message',
            input: { type: sendAsFor(media.mimeType ?? file.type), mediaId: media.id, ...(caption ? { caption } : {}), ...(replyTo ? { replyTo: replyTo.id } : {}) },
            media,
          },
          caption,
        );
      },
    });
  };

  const rows = Math.min(MAX_ROWS, Math.max(1, text.split('\n').length));
  const placeholder = note ? t('conversations.note.placeholder') : t('conversations.composer.placeholder');

  return (
    <form onSubmit={submit} className="px-3 pt-2 pb-3 sm:px-4" data-testid="composer-form">
      {upload.error !== null && (
        <Alert tone="danger" className="mb-2">
          <span data-testid="composer-upload-error">{errorText(upload.error)}</span>
        </Alert>
      )}
      {!note && replyTo && <ReplyPreview message={replyTo} onCancel={onCancelReply} />}
      <div className="relative flex items-end gap-1 sm:gap-2">
        {pickerOpen && <CannedPicker options={options} active={highlighted} loading={responses.isPending} onPick={pick} onHover={setActive} />}
        {!note && (
          <>
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
            <IconButton
              icon="paperclip"
              label={t('conversations.composer.attach')}
              onClick={() => fileInput.current?.click()}
              loading={upload.isPending}
              data-testid="composer-attach"
            />
          </>
        )}
        <EmojiPicker
          onPick={(emoji) => {
            const el = input.current;
            insert(el?.selectionStart ?? text.length, el?.selectionEnd ?? text.length, emoji);
          }}
        />
        <textarea
          ref={input}
          value={text}
          onChange={(e) => change(e.target.value, e.target.selectionStart)}
          onSelect={(e) => setCaret(e.currentTarget.selectionStart)}
          onKeyDown={onKeyDown}
          onBlur={() => typing.stop()}
          rows={rows}
          placeholder={placeholder}
          aria-label={placeholder}
          aria-autocomplete="list"
          aria-expanded={pickerOpen}
          dir="auto"
          className={cn(
            'block min-h-10 min-w-0 flex-1 resize-none rounded-xl border px-3.5 py-2 text-sm text-slate-900 shadow-xs placeholder:text-slate-400 focus:ring-4 focus:outline-none',
            note
              ? 'border-warning-300 bg-warning-50 focus:border-warning-500 focus:ring-warning-500/20'
              : 'border-slate-200 bg-white focus:border-primary-500 focus:ring-primary-500/15',
          )}
          data-testid="composer-input"
        />
        <IconButton
          type="submit"
          variant="primary"
          icon={note ? 'lock' : 'send'}
          iconClassName={note ? undefined : 'rtl:-scale-x-100'}
          label={note ? t('conversations.note.add') : t('conversations.composer.send')}
          disabled={!text.trim()}
          data-testid="composer-send"
        />
      </div>
      <p className="mt-1.5 hidden text-xs text-slate-400 sm:block">{note ? t('conversations.note.hint') : t('conversations.composer.hint')}</p>
    </form>
  );
}

function WindowClosedError({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const serverMessage = error instanceof ApiError ? error.message : null;
  return (
    <Alert tone="danger" title={t('conversations.window.closedTitle')} className="mx-3 mt-2 sm:mx-4">
      <span data-testid="composer-error">
        {errorText(error)}
        {serverMessage && serverMessage !== errorText(error) && <span className="mt-1 block text-xs opacity-90">{serverMessage}</span>}
      </span>
    </Alert>
  );
}

/**
 * Replies and internal notes. A reply is free text, a file, an emoji or a canned reply (type `/`), optionally quoting
 * a message; once the customer's 24-hour window is closed (Cloud API numbers) replies are locked to approved
 * templates. Notes stay inside the team and are always possible.
 */
export function Composer({
  conversation,
  connectionKind,
  replyTo = null,
  onCancelReply,
  contactEmail,
}: {
  conversation: Conversation;
  connectionKind: string | undefined;
  replyTo?: Message | null;
  onCancelReply?: () => void;
  contactEmail?: string | null;
}) {
  const { t } = useTranslation();
  const { session } = useSessionState();
  const [mode, setMode] = useState<ComposerMode>('reply');
  const [windowError, setWindowError] = useState<unknown>(null);
  const locked = composerMode(conversation, connectionKind) === 'template';
  const canned: CannedContext = {
    contact: { name: conversation.contactName, phone: conversation.contactPhone, email: contactEmail },
    agent: { name: session?.user.name },
    business: { name: session?.tenant?.name },
  };

  const tab = (value: ComposerMode, icon: 'reply' | 'lock', label: string) => (
    <button
      type="button"
      onClick={() => setMode(value)}
      aria-pressed={mode === value}
      className={cn(
        'inline-flex items-center gap-1.5 rounded-lg px-2.5 py-1 text-xs font-medium transition',
        mode === value ? (value === 'note' ? 'bg-warning-100 text-warning-800' : 'bg-primary-50 text-primary-700') : 'text-slate-500 hover:bg-slate-100',
      )}
      data-testid={`composer-mode-${value}`}
    >
      <Icon name={icon} className="size-3.5 rtl:-scale-x-100" />
      {label}
    </button>
  );

  return (
    <div className="border-t border-slate-200 bg-white" data-testid="composer" data-mode={mode} data-locked={locked}>
      <div className="flex items-center gap-1 px-3 pt-2 sm:px-4" role="group" aria-label={t('conversations.composer.mode')}>
        {tab('reply', 'reply', t('conversations.composer.reply'))}
        {tab('note', 'lock', t('conversations.note.tab'))}
      </div>
      {windowError !== null && <WindowClosedError error={windowError} />}
      {mode === 'reply' && locked ? (
        <TemplatePicker conversation={conversation} />
      ) : (
        <TextComposer
          conversation={conversation}
          mode={mode}
          replyTo={replyTo}
          onCancelReply={() => onCancelReply?.()}
          canned={canned}
          onWindowError={setWindowError}
        />
      )}
    </div>
  );
}
