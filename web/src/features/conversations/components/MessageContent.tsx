import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Badge, Icon, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import type { InteractiveContent } from '../../../lib/interactiveContent';
import { whatsappText } from '../../../lib/whatsappText';
import { useMediaObjectUrl, useSaveMedia } from '../hooks/useMedia';
import type { MessageView } from '../messages';

type MediaView = Extract<MessageView, { kind: 'media' }>;

function Caption({ text }: { text: string | null }) {
  if (!text) return null;
  return (
    <p className="mt-1 break-words whitespace-pre-wrap" dir="auto">
      {whatsappText(text)}
    </p>
  );
}

function Picture({ view }: { view: MediaView }) {
  const { t } = useTranslation();
  const stored = view.media?.status === 'stored';
  const { url, error } = useMediaObjectUrl(stored && view.media ? view.media.id : null);
  const alt = view.caption ?? view.filename ?? t('conversations.kinds.image');
  return (
    <div>
      {url ? (
        <img src={url} alt={alt} className="max-h-72 w-auto max-w-full rounded-lg bg-slate-100 object-contain" data-testid="message-image" />
      ) : (
        <div className="flex h-32 w-48 max-w-full items-center justify-center rounded-lg bg-slate-100 text-slate-400">
          {error || view.media?.status === 'failed' ? (
            <span className="flex items-center gap-1.5 px-3 text-xs">
              <Icon name="image" className="size-4" />
              {t('conversations.media.unavailable')}
            </span>
          ) : (
            <Spinner label={t('conversations.media.loading')} />
          )}
        </div>
      )}
      <Caption text={view.caption} />
    </div>
  );
}

function FileLink({ view }: { view: MediaView }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const save = useSaveMedia();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const media = view.media;
  const name = view.filename ?? t(`conversations.kinds.${view.mediaType}`);
  const ready = media?.status === 'stored';

  const download = () => {
    if (!media) return;
    setSaving(true);
    setError(null);
    save(media.id, view.filename ?? `${view.mediaType}`).then(
      () => setSaving(false),
      (e: unknown) => {
        setSaving(false);
        setError(e);
      },
    );
  };

  return (
    <div>
      <button
        type="button"
        onClick={download}
        disabled={!ready || saving}
        className="flex w-full max-w-64 items-center gap-2.5 rounded-lg bg-black/5 px-3 py-2 text-start transition hover:bg-black/10 disabled:cursor-default disabled:hover:bg-black/5"
        data-testid="media-download"
      >
        <span className="flex size-9 shrink-0 items-center justify-center rounded-lg bg-white text-primary-600">
          {saving ? <Spinner className="size-4" /> : <Icon name={view.mediaType === 'document' ? 'file' : 'download'} className="size-5" />}
        </span>
        <span className="min-w-0">
          <span className="block truncate text-sm font-medium" dir="auto">{name}</span>
          <span className="block text-xs text-slate-500">
            {media?.status === 'failed'
              ? t('conversations.media.unavailable')
              : ready
                ? t('conversations.media.download')
                : t('conversations.media.loading')}
          </span>
        </span>
      </button>
      {error !== null && <p className="mt-1 text-xs text-danger-700">{errorText(error)}</p>}
      <Caption text={view.caption} />
    </div>
  );
}

/** Video and audio (voice notes too) play inline once fetched; until then, and if fetching fails, the file card. */
function Player({ view }: { view: MediaView }) {
  const stored = view.media?.status === 'stored';
  const { url } = useMediaObjectUrl(stored && view.media ? view.media.id : null);
  if (!url) return <FileLink view={view} />;
  return (
    <div>
      {view.mediaType === 'video' ? (
        <video src={url} controls preload="metadata" className="max-h-72 w-auto max-w-full rounded-lg bg-black" data-testid="message-video" />
      ) : (
        <audio src={url} controls preload="metadata" className="w-64 max-w-full" data-testid="message-audio" />
      )}
      <Caption text={view.caption} />
    </div>
  );
}

export function MessageContent({ view }: { view: MessageView }) {
  const { t } = useTranslation();
  switch (view.kind) {
    case 'text':
      return (
        <p className="break-words whitespace-pre-wrap" dir="auto">
          {whatsappText(view.text)}
        </p>
      );
    case 'interactive': {
      const { header, text, footer } = view.interactive;
      return (
        <div data-testid="message-interactive" data-kind={view.interactive.kind}>
          {header && (
            <p className="mb-0.5 font-semibold break-words" dir="auto">
              {header}
            </p>
          )}
          {text && (
            <p className="break-words whitespace-pre-wrap" dir="auto">
              {whatsappText(text)}
            </p>
          )}
          {footer && (
            <p className="mt-0.5 text-xs text-slate-500" dir="auto">
              {footer}
            </p>
          )}
        </div>
      );
    }
    case 'media':
      if (view.mediaType === 'image' || view.mediaType === 'sticker') return <Picture view={view} />;
      if (view.mediaType === 'video' || view.mediaType === 'audio' || view.mediaType === 'voice') return <Player view={view} />;
      return <FileLink view={view} />;
    case 'location':
      return (
        <p className="flex items-start gap-1.5" data-testid="message-location">
          <Icon name="mapPin" className="mt-0.5 size-4 shrink-0 text-danger-600" />
          <span>
            {view.name && <span className="block font-medium" dir="auto">{view.name}</span>}
            {view.address && <span className="block text-sm text-slate-600" dir="auto">{view.address}</span>}
            <span className="block font-mono text-xs text-slate-600" dir="ltr">
              {view.latitude.toFixed(5)}, {view.longitude.toFixed(5)}
            </span>
          </span>
        </p>
      );
    case 'template':
      // The body the customer read, with WhatsApp's formatting; the template's name is a small caption.
      if (view.text) {
        return (
          <div data-testid="message-template">
            <p className="break-words whitespace-pre-wrap" dir="auto">
              {whatsappText(view.text)}
            </p>
            <p className="mt-1 flex items-center gap-1 text-xs opacity-70" data-testid="message-template-name">
              <Icon name="file" className="size-3 shrink-0" />
              <span>{t('conversations.template', { name: view.name })}</span>
            </p>
          </div>
        );
      }
      return (
        <p className="flex items-center gap-1.5" data-testid="message-template">
          <Icon name="file" className="size-4 shrink-0 text-primary-600" />
          <span>{t('conversations.template', { name: view.name })}</span>
        </p>
      );
    case 'reaction':
      return <p>{view.emoji ? t('conversations.reaction', { emoji: view.emoji }) : t('conversations.reactionRemoved')}</p>;
    case 'contacts':
      if (view.cards.length === 0) {
        return (
          <p className="flex items-center gap-1.5">
            <Icon name="user" className="size-4 shrink-0 text-primary-600" />
            <span>{t('conversations.contacts')}</span>
          </p>
        );
      }
      return (
        <ul className="space-y-1.5" data-testid="message-contacts">
          {view.cards.map((card, i) => (
            <li key={i} className="flex items-center gap-2.5 rounded-lg bg-black/5 px-2.5 py-1.5">
              <span className="flex size-8 shrink-0 items-center justify-center rounded-full bg-white text-primary-600">
                <Icon name="user" className="size-4" />
              </span>
              <span className="min-w-0">
                <span className="block truncate font-medium" dir="auto">{card.name}</span>
                {card.phone && <span className="block truncate text-xs text-slate-500" dir="ltr">{card.phone}</span>}
              </span>
            </li>
          ))}
        </ul>
      );
    case 'deleted':
      return <p className="text-slate-500 italic">{t('conversations.deleted')}</p>;
    case 'unsupported':
      return <p className="text-slate-500 italic">{t('conversations.unsupported', { type: view.type })}</p>;
  }
}

/** A chip for a choice the customer was offered: shown, not pressed (the customer answers on their phone). */
function Chip({ icon, children }: { icon?: 'reply'; children: string }) {
  return (
    <Badge tone="neutral" className="max-w-full" title={children} data-testid="message-choice">
      {icon && <Icon name={icon} className="size-3.5 shrink-0 rtl:-scale-x-100" />}
      <bdi className="truncate">{children}</bdi>
    </Badge>
  );
}

/**
 * What an interactive message offered, under its bubble as the customer saw it: the reply buttons, or the list's
 * button and the titles of its rows (by section, when the sections have titles).
 */
export function InteractiveChoices({ interactive }: { interactive: InteractiveContent }) {
  const { t } = useTranslation();
  if (interactive.kind === 'buttons') {
    return (
      <ul className="flex flex-wrap gap-1" aria-label={t('conversations.interactive.buttons')} data-testid="message-buttons">
        {interactive.buttons.map((b) => (
          <li key={b.id} className="flex min-w-0 max-w-full">
            <Chip icon="reply">{b.title}</Chip>
          </li>
        ))}
      </ul>
    );
  }
  const button = interactive.button || t('conversations.interactive.defaultListButton');
  return (
    <div className="min-w-0 max-w-full space-y-1" data-testid="message-list">
      <p className="flex items-center gap-1 text-xs font-medium text-slate-600">
        <Icon name="list" className="size-3.5 shrink-0" />
        <bdi className="truncate" data-testid="message-list-button">
          {button}
        </bdi>
      </p>
      {interactive.sections
        .filter((s) => s.rows.length > 0)
        .map((s, i) => (
          <div key={i} className="space-y-0.5">
            {s.title && <p className="text-[11px] font-semibold tracking-wide text-slate-500 uppercase"><bdi>{s.title}</bdi></p>}
            <ul className="flex flex-wrap gap-1" aria-label={s.title || button}>
              {s.rows.map((r) => (
                <li key={r.id} className="flex min-w-0 max-w-full">
                  <Chip>{r.title}</Chip>
                </li>
              ))}
            </ul>
          </div>
        ))}
    </div>
  );
}
