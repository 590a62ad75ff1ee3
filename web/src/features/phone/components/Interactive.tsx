//! What the customer taps on a business message: reply buttons under the bubble, or the list button that opens a
//! sheet of sections and rows (as WhatsApp shows them). Taps go back through `onTap`.
import { useEffect, useId, useRef, type KeyboardEvent, type Ref } from 'react';
import { useTranslation } from 'react-i18next';
import { Icon } from '../../../components/ui';
import type { PhoneChoice, PhoneInteractive } from '../chat';

const action =
  'flex w-full min-h-10 items-center justify-center gap-1.5 rounded-xl bg-white px-3 py-2 text-center text-sm font-medium text-sky-700 shadow-xs transition hover:bg-sky-50 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none disabled:cursor-not-allowed disabled:text-slate-400 disabled:hover:bg-white';

/** The reply buttons of a message, stacked under its bubble, each as wide as the bubble. */
export function ReplyButtons({ buttons, disabled, onTap }: { buttons: PhoneChoice[]; disabled: boolean; onTap: (b: PhoneChoice) => void }) {
  return (
    <div className="mt-1 flex flex-col gap-1" data-testid="phone-reply-buttons">
      {buttons.map((b) => (
        <button key={b.id} type="button" className={action} disabled={disabled} onClick={() => onTap(b)} data-testid="phone-reply-button" data-reply-id={b.id}>
          <Icon name="reply" className="size-4 shrink-0 rtl:-scale-x-100" />
          <span className="min-w-0 truncate" dir="auto">
            {b.title}
          </span>
        </button>
      ))}
    </div>
  );
}

/** "≡ Choose": the button under a list message that opens its sheet. */
export function ListOpener({ label, disabled, expanded, onOpen, ref }: { label: string; disabled: boolean; expanded: boolean; onOpen: () => void; ref?: Ref<HTMLButtonElement> }) {
  return (
    <button ref={ref} type="button" className={`mt-1 ${action}`} disabled={disabled} onClick={onOpen} aria-haspopup="dialog" aria-expanded={expanded} data-testid="phone-open-list">
      <Icon name="list" className="size-4 shrink-0" />
      <span className="min-w-0 truncate" dir="auto">
        {label}
      </span>
    </button>
  );
}

/**
 * The list's sheet over the chat: a modal dialog titled by the list button's label, its sections and rows (title,
 * description); tapping a row sends it. Focus moves to the first row and stays inside; Escape, the close button and
 * the backdrop close it, and focus goes back to the opener (the caller's `onClose`).
 */
export function ListSheet({ list, onPick, onClose }: { list: Extract<PhoneInteractive, { kind: 'list' }>; onPick: (row: PhoneChoice) => void; onClose: () => void }) {
  const { t } = useTranslation();
  const titleId = useId();
  const panel = useRef<HTMLDivElement>(null);
  const label = list.button || t('phone.list.defaultButton');

  useEffect(() => {
    const first = panel.current?.querySelector<HTMLElement>('[data-testid="phone-list-row"]') ?? panel.current;
    first?.focus();
  }, []);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.stopPropagation();
      onClose();
      return;
    }
    if (e.key !== 'Tab' || !panel.current) return;
    const focusable = [...panel.current.querySelectorAll<HTMLElement>('button:not([disabled])')];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  };

  return (
    <div className="absolute inset-0 z-20 flex flex-col justify-end" onKeyDown={onKeyDown}>
      <div className="absolute inset-0 animate-fade-in bg-slate-900/40" onClick={onClose} aria-hidden="true" />
      <div
        ref={panel}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        className="relative flex max-h-[80%] animate-slide-up flex-col rounded-t-2xl bg-white shadow-2xl outline-none"
        data-testid="phone-list-sheet"
      >
        <div className="flex items-center gap-2 border-b border-slate-100 px-3 py-2.5">
          <button
            type="button"
            onClick={onClose}
            className="rounded-full p-1.5 text-slate-500 hover:bg-slate-100 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none"
            aria-label={t('common.close')}
            data-testid="phone-list-close"
          >
            <Icon name="close" className="size-5" />
          </button>
          <h2 id={titleId} className="min-w-0 flex-1 truncate text-center text-base font-semibold text-slate-900 pe-8" dir="auto">
            {label}
          </h2>
        </div>
        <div className="min-h-0 overflow-y-auto px-2 pt-1 pb-3">
          {list.sections.map((s, i) => (
            <section key={i} aria-label={s.title || undefined} className="pt-2">
              {s.title && (
                <h3 className="px-3 pb-1 text-xs font-semibold tracking-wide text-success-700 uppercase">
                  <bdi>{s.title}</bdi>
                </h3>
              )}
              <ul>
                {s.rows.map((r) => (
                  <li key={r.id}>
                    <button
                      type="button"
                      onClick={() => onPick(r)}
                      className="flex w-full items-center gap-3 rounded-xl px-3 py-2.5 text-start hover:bg-slate-50 focus-visible:bg-sky-50 focus-visible:ring-2 focus-visible:ring-sky-500 focus-visible:outline-none"
                      data-testid="phone-list-row"
                      data-reply-id={r.id}
                    >
                      <span className="min-w-0 flex-1">
                        {/* <bdi>: the row lines up with the page's side, its own words keep their direction. */}
                        <span className="block text-sm text-slate-900">
                          <bdi>{r.title}</bdi>
                        </span>
                        {r.description && (
                          <span className="block text-xs text-slate-500">
                            <bdi>{r.description}</bdi>
                          </span>
                        )}
                      </span>
                      <span className="size-5 shrink-0 rounded-full border-2 border-slate-300" aria-hidden="true" />
                    </button>
                  </li>
                ))}
              </ul>
            </section>
          ))}
        </div>
      </div>
    </div>
  );
}
