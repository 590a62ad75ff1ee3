import { useEffect, useLayoutEffect, useRef, useState, type FormEvent, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, Badge, Card, CardBody, EmptyState, Field, Icon, IconButton, LanguageSwitcher, PageSpinner, Select, Spinner, TextField } from '../../../components/ui';
import { Logo } from '../../../app/layouts/Logo';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatTime } from '../../../lib/format';
import { whatsappText } from '../../../lib/whatsappText';
import { phoneDigits, SimulatorUnavailable, type CustomerMessage, type SimNumber } from '../api';
import { customerFileType, tapReply, toBubble, type PhoneBubble, type PhoneChoice, type PhoneInteractive, type PhoneTick } from '../chat';
import { useAutoRead, useSimChat, useSimNumbers, useSimSend } from '../hooks/usePhone';
import { fileBase64, samplePictureBase64 } from '../samplePicture';
import { ListOpener, ListSheet, ReplyButtons } from './Interactive';

const DEFAULT_PHONE = '+1 415 555 0100';
const DEFAULT_NAME = 'Casey Customer';
const SAMPLE_PLACE = { name: 'Ferry Building, San Francisco', latitude: 37.7955, longitude: -122.3937 };

function validPhone(phone: string): boolean {
  const d = phoneDigits(phone);
  return d.length >= 6 && d.length <= 15;
}

const TICKS: Record<PhoneTick, { icon: 'clock' | 'checkDouble' | 'alert'; className: string }> = {
  pending: { icon: 'clock', className: 'text-slate-400' },
  delivered: { icon: 'checkDouble', className: 'text-slate-400' },
  read: { icon: 'checkDouble', className: 'text-success-500' },
  failed: { icon: 'alert', className: 'text-danger-600' },
};

function KindLabel({ type }: { type: string }) {
  const { t } = useTranslation();
  const icon = type === 'image' || type === 'sticker' ? 'image' : type === 'location' ? 'mapPin' : 'file';
  const known = ['image', 'document', 'location', 'video', 'audio', 'sticker', 'template'] as const;
  const label = (known as readonly string[]).includes(type) ? t(`phone.kinds.${type as (typeof known)[number]}`) : type;
  return (
    <span className="mb-0.5 flex items-center gap-1 text-xs font-medium text-slate-500">
      <Icon name={icon} className="size-3.5" />
      {label}
    </span>
  );
}

type ListMessage = Extract<PhoneInteractive, { kind: 'list' }>;

/** The message a reply answers, quoted above it as WhatsApp does (who wrote it, and its first words). */
function Quote({ quoted, business }: { quoted: PhoneBubble; business: string }) {
  const { t } = useTranslation();
  return (
    <div className={cn('mb-1 rounded-lg border-s-4 px-2 py-1 text-xs', quoted.mine ? 'border-secondary-500 bg-secondary-50' : 'border-primary-500 bg-black/5')} data-testid="phone-quote">
      <p className={cn('font-semibold', quoted.mine ? 'text-secondary-700' : 'text-primary-700')}>{quoted.mine ? t('phone.you') : business}</p>
      <p className="line-clamp-2 text-slate-600" dir="auto">
        {quoted.text ?? (quoted.type !== 'text' ? t(`phone.kinds.${quoted.type === 'image' ? 'image' : quoted.type === 'location' ? 'location' : 'document'}`) : '')}
      </p>
    </div>
  );
}

/**
 * `picture`: what this page sent as a photo, shown from memory (the simulator keeps only the bytes, behind auth).
 * A business message with reply buttons or a list shows them under the bubble; `onTap` answers with one, and
 * `onOpenList` opens the list's sheet (from the button, so focus can go back to it).
 */
function Bubble({
  b,
  picture,
  quoted,
  busy,
  listOpen,
  onTap,
  onOpenList,
}: {
  b: PhoneBubble;
  picture?: { src: string; filename: string };
  quoted?: { bubble: PhoneBubble; business: string };
  busy: boolean;
  listOpen: boolean;
  onTap: (interactive: PhoneInteractive, choice: PhoneChoice) => void;
  onOpenList: (list: ListMessage, messageId: string, opener: HTMLButtonElement | null) => void;
}) {
  const { t, i18n } = useTranslation();
  const tick = b.tick ? TICKS[b.tick] : null;
  const interactive = b.interactive;
  const opener = useRef<HTMLButtonElement>(null);
  const plain = b.type === 'text' || b.reply || interactive !== null;
  return (
    <div className={cn('flex', b.mine ? 'justify-end' : 'justify-start')} data-testid="phone-message" data-mine={b.mine} data-kind={interactive?.kind ?? (b.reply ? 'reply' : b.type)}>
      <div className={cn('flex max-w-[80%] flex-col', interactive && 'w-[80%]')}>
        <div
          className={cn(
            'rounded-2xl px-3 pt-1.5 pb-1 text-sm text-slate-900 shadow-xs',
            b.mine ? 'rounded-se-md bg-secondary-100' : 'rounded-ss-md bg-white',
          )}
        >
          {quoted && <Quote quoted={quoted.bubble} business={quoted.business} />}
          {picture ? (
            <img src={picture.src} alt={t('phone.kinds.image')} className="mb-0.5 max-h-56 max-w-full rounded-lg" data-testid="phone-picture" />
          ) : (
            !plain && <KindLabel type={b.type} />
          )}
          {b.template && (
            <p className="mb-0.5 font-mono text-[11px] text-slate-500" dir="ltr" data-testid="phone-template">
              {b.template.name}
              {b.template.language ? ` · ${b.template.language}` : ''}
            </p>
          )}
          {interactive?.header && (
            <p className="mb-0.5 font-semibold break-words" dir="auto">
              {interactive.header}
            </p>
          )}
          {b.text && !(picture && b.text === picture.filename) && (
            <p className="break-words whitespace-pre-wrap" dir="auto">
              {whatsappText(b.text)}
            </p>
          )}
          {interactive?.footer && (
            <p className="mt-0.5 text-xs text-slate-500" dir="auto">
              {interactive.footer}
            </p>
          )}
          <div className="mt-0.5 flex items-center justify-end gap-1 text-[11px] text-slate-500">
            <time dateTime={b.time}>{formatTime(b.time, i18n.language)}</time>
            {tick && b.tick && (
              <span className={cn('inline-flex', tick.className)} data-testid="phone-ticks" data-status={b.tick} title={t(`phone.ticks.${b.tick}`)} role="img" aria-label={t(`phone.ticks.${b.tick}`)}>
                <Icon name={tick.icon} className="size-4" strokeWidth={2} />
              </span>
            )}
          </div>
          {b.failed && <p className="text-xs text-danger-700">{t('phone.notDelivered')}</p>}
        </div>
        {interactive?.kind === 'buttons' && <ReplyButtons buttons={interactive.buttons} disabled={busy || b.failed} onTap={(choice) => onTap(interactive, choice)} />}
        {interactive?.kind === 'list' && (
          <ListOpener
            ref={opener}
            label={interactive.button || t('phone.list.defaultButton')}
            disabled={busy || b.failed}
            expanded={listOpen}
            onOpen={() => onOpenList(interactive, b.id, opener.current)}
          />
        )}
      </div>
    </div>
  );
}

function Chat({ number, phone, name }: { number: SimNumber; phone: string; name: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const chat = useSimChat(phone, number.phoneNumberId, true);
  const send = useSimSend(phone, number.phoneNumberId);
  useAutoRead(phone, number.phoneNumberId, chat.data);
  const [text, setText] = useState('');
  const [menu, setMenu] = useState(false);
  const [fileError, setFileError] = useState<unknown>(null);
  const [pictures, setPictures] = useState<Record<string, { src: string; filename: string }>>({});
  const [sheet, setSheet] = useState<{ list: ListMessage; messageId: string; opener: HTMLButtonElement | null } | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const composer = useRef<HTMLFormElement>(null);
  const bubbles = (chat.data ?? []).map(toBubble);
  const byId = new Map(bubbles.map((b) => [b.id, b]));
  const quotedOf = (b: PhoneBubble) => {
    const bubble = b.replyTo ? byId.get(b.replyTo) : undefined;
    return bubble ? { bubble, business: number.verifiedName } : undefined;
  };
  const last = bubbles[bubbles.length - 1]?.id;

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last]);

  useEffect(() => {
    if (!menu) return;
    const onDown = (e: MouseEvent) => {
      if (!composer.current?.contains(e.target as Node)) setMenu(false);
    };
    const onKey = (e: globalThis.KeyboardEvent) => e.key === 'Escape' && setMenu(false);
    document.addEventListener('mousedown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('mousedown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [menu]);

  const deliver = (message: Omit<CustomerMessage, 'phoneNumberId' | 'name'>, onSent?: () => void) => {
    setMenu(false);
    setFileError(null);
    const who = name.trim();
    send.mutate(
      { phone, message: { ...message, phoneNumberId: number.phoneNumberId, ...(who ? { name: who } : {}) } },
      {
        onSuccess: ({ id }) => {
          if (message.type === 'image' && message.mediaBase64 && message.mimeType) {
            const picture = { src: `data:${message.mimeType};base64,${message.mediaBase64}`, filename: message.filename ?? '' };
            setPictures((old) => ({ ...old, [id]: picture }));
          }
          onSent?.();
        },
      },
    );
  };

  const submit = (e?: FormEvent) => {
    e?.preventDefault();
    const body = text.trim();
    if (!body || send.isPending) return;
    deliver({ type: 'text', text: body }, () => setText(''));
  };

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter' && !e.nativeEvent.isComposing) submit(e);
  };

  const sendPhoto = () => {
    const picture = samplePictureBase64();
    const caption = text.trim();
    deliver(
      { type: 'image', ...(picture ? { mediaBase64: picture, mimeType: 'image/png', filename: 'photo.png' } : {}), ...(caption ? { caption } : {}) },
      () => setText(''),
    );
  };

  const sendFile = (file: File | undefined) => {
    if (!file) return;
    setMenu(false);
    fileBase64(file).then(
      (mediaBase64) => {
        const type = customerFileType(file.type);
        deliver({ type, mediaBase64, mimeType: file.type || 'application/octet-stream', filename: file.name });
      },
      (e: unknown) => setFileError(e),
    );
  };

  /** The customer taps a reply button or a list row: it goes back as their answer to that message. */
  const tap = (messageId: string, interactive: PhoneInteractive, choice: PhoneChoice) => {
    if (send.isPending) return;
    deliver({ ...tapReply(interactive, choice), replyTo: messageId });
  };

  const closeSheet = () => {
    const opener = sheet?.opener;
    setSheet(null);
    if (opener?.isConnected) opener.focus();
  };

  const sendLocation = () =>
    deliver({ type: 'location', latitude: SAMPLE_PLACE.latitude, longitude: SAMPLE_PLACE.longitude, text: SAMPLE_PLACE.name });

  const menuItem = 'flex w-full items-center gap-2.5 rounded-lg px-3 py-2 text-start text-sm text-slate-700 hover:bg-slate-100';

  return (
    <div className="relative flex h-full min-h-0 flex-col" data-testid="phone-chat">
      <div className="flex items-center gap-3 bg-primary-700 px-4 pt-3 pb-3 text-white">
        <span className="flex size-9 items-center justify-center rounded-full bg-white/20 text-sm font-semibold">
          <Icon name="building" className="size-5" />
        </span>
        <div className="min-w-0">
          <p className="truncate font-semibold" data-testid="phone-business-name">{number.verifiedName}</p>
          <p className="truncate text-xs text-primary-100" dir="ltr">{number.displayPhoneNumber}</p>
        </div>
      </div>
      <div
        ref={scroller}
        className="min-h-0 flex-1 space-y-1.5 overflow-y-auto bg-slate-100 bg-[radial-gradient(var(--color-slate-200)_1px,transparent_1px)] bg-size-[18px_18px] px-3 py-3"
        data-testid="phone-messages"
      >
        {chat.isPending ? (
          <div className="flex justify-center py-10 text-primary-500">
            <Spinner label={t('common.loading')} />
          </div>
        ) : chat.isError ? (
          <Alert tone="danger">{errorText(chat.error)}</Alert>
        ) : bubbles.length === 0 ? (
          <p className="mx-auto mt-8 max-w-60 rounded-xl bg-white/90 px-3 py-2 text-center text-xs text-slate-500 shadow-xs">{t('phone.empty')}</p>
        ) : (
          bubbles.map((b) => (
            <Bubble
              key={b.id}
              b={b}
              picture={pictures[b.id]}
              quoted={quotedOf(b)}
              busy={send.isPending}
              listOpen={sheet?.messageId === b.id}
              onTap={(interactive, choice) => tap(b.id, interactive, choice)}
              onOpenList={(list, messageId, opener) => setSheet({ list, messageId, opener })}
            />
          ))
        )}
      </div>
      {(send.isError || fileError !== null) && (
        <div className="bg-white px-3 pt-2">
          <Alert tone="danger">{errorText(send.error ?? fileError)}</Alert>
        </div>
      )}
      <form ref={composer} onSubmit={submit} className="relative flex items-center gap-2 bg-white px-2 py-2">
        {menu && (
          <div className="absolute start-2 bottom-14 z-10 w-56 animate-scale-in rounded-xl border border-slate-200 bg-white p-1.5 shadow-xl" role="menu" data-testid="phone-attach-menu">
            <button type="button" role="menuitem" className={menuItem} onClick={sendPhoto} data-testid="phone-send-photo">
              <Icon name="image" className="size-4 text-primary-600" />
              {t('phone.samplePhoto')}
            </button>
            <button type="button" role="menuitem" className={menuItem} onClick={() => fileInput.current?.click()}>
              <Icon name="file" className="size-4 text-primary-600" />
              {t('phone.chooseFile')}
            </button>
            <button type="button" role="menuitem" className={menuItem} onClick={sendLocation} data-testid="phone-send-location">
              <Icon name="mapPin" className="size-4 text-danger-600" />
              {t('phone.location')}
            </button>
          </div>
        )}
        <input
          ref={fileInput}
          type="file"
          className="hidden"
          onChange={(e) => {
            sendFile(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <IconButton
          icon="paperclip"
          round
          label={t('phone.attach')}
          onClick={() => setMenu((m) => !m)}
          aria-expanded={menu}
          aria-haspopup="menu"
          data-testid="phone-attach"
        />
        <input
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('phone.placeholder')}
          aria-label={t('phone.placeholder')}
          dir="auto"
          className="h-10 min-w-0 flex-1 rounded-full border border-slate-200 bg-slate-50 px-4 text-sm focus:border-primary-500 focus:ring-4 focus:ring-primary-500/15 focus:outline-none"
          data-testid="phone-input"
        />
        <IconButton
          type="submit"
          variant="primary"
          round
          icon="send"
          iconClassName="rtl:-scale-x-100"
          label={t('phone.send')}
          loading={send.isPending}
          disabled={!text.trim()}
          data-testid="phone-send"
        />
      </form>
      {sheet && (
        <ListSheet
          list={sheet.list}
          onClose={closeSheet}
          onPick={(row) => {
            tap(sheet.messageId, sheet.list, row);
            closeSheet();
          }}
        />
      )}
    </div>
  );
}

export function CustomerPhonePage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [params] = useSearchParams();
  const numbers = useSimNumbers();
  const [chosen, setChosen] = useState(params.get('number') ?? '');
  const [phone, setPhone] = useState(DEFAULT_PHONE);
  const [name, setName] = useState(DEFAULT_NAME);
  const list = numbers.data ?? [];
  const number = list.find((n) => n.phoneNumberId === chosen) ?? list[0];
  const phoneOk = validPhone(phone);

  useEffect(() => {
    document.title = `${t('phone.title')} · Parley`;
  }, [t]);

  const unavailable = numbers.error instanceof SimulatorUnavailable;

  return (
    <div className="flex min-h-dvh flex-col bg-slate-100" data-testid="phone-page">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Logo />
            <Badge tone="accent">{t('phone.badge')}</Badge>
          </div>
          <LanguageSwitcher />
        </div>
      </header>
      <main className="mx-auto flex w-full max-w-5xl flex-1 flex-col gap-4 px-3 py-4 sm:px-6 md:flex-row md:items-start md:gap-8 md:py-8">
        <div className="space-y-4 md:w-80 md:shrink-0">
          <div className="px-1">
            <h1 className="text-xl font-semibold tracking-tight text-slate-900 sm:text-2xl">{t('phone.title')}</h1>
            <p className="mt-1 text-sm text-slate-500">{t('phone.subtitle')}</p>
          </div>
          {!numbers.isPending && !numbers.isError && list.length > 0 && (
            <Card>
              <CardBody className="space-y-3">
                <Field label={t('phone.businessNumber')} htmlFor="phone-number">
                  <Select id="phone-number" value={number?.phoneNumberId ?? ''} onChange={(e) => setChosen(e.target.value)} data-testid="phone-business">
                    {list.map((n) => (
                      <option key={n.phoneNumberId} value={n.phoneNumberId}>
                        {n.verifiedName} ({n.displayPhoneNumber})
                      </option>
                    ))}
                  </Select>
                </Field>
                <TextField
                  label={t('phone.yourPhone')}
                  id="phone-customer"
                  type="tel"
                  dir="ltr"
                  value={phone}
                  onChange={(e) => setPhone(e.target.value)}
                  error={phoneOk ? undefined : t('phone.invalidPhone')}
                  data-testid="phone-customer"
                />
                <TextField label={t('phone.yourName')} id="phone-name" value={name} onChange={(e) => setName(e.target.value)} hint={t('phone.nameHint')} data-testid="phone-name" />
              </CardBody>
            </Card>
          )}
        </div>
        <div className="flex flex-1 justify-center">
          {numbers.isPending ? (
            <PageSpinner label={t('common.loading')} />
          ) : unavailable ? (
            <Card className="w-full max-w-md" data-testid="phone-unavailable">
              <EmptyState icon="phone" title={t('phone.unavailableTitle')} description={t('phone.unavailableBody')} />
            </Card>
          ) : numbers.isError ? (
            <Alert tone="danger" className="w-full max-w-md">{errorText(numbers.error)}</Alert>
          ) : !number ? (
            <Card className="w-full max-w-md">
              <EmptyState icon="phone" title={t('phone.noNumbersTitle')} description={t('phone.noNumbersBody')} />
            </Card>
          ) : (
            <div className="h-[calc(100dvh-7rem)] max-h-[760px] min-h-[420px] w-full overflow-hidden rounded-3xl border border-slate-300 bg-white shadow-xl md:h-[720px] md:max-w-sm md:rounded-[2.5rem] md:border-[10px] md:border-slate-900">
              {phoneOk ? (
                <Chat key={`${number.phoneNumberId}:${phoneDigits(phone)}`} number={number} phone={phone} name={name} />
              ) : (
                <div className="flex h-full items-center justify-center p-6 text-center text-sm text-slate-500">{t('phone.invalidPhone')}</div>
              )}
            </div>
          )}
        </div>
      </main>
    </div>
  );
}
