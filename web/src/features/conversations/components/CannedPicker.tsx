import { useTranslation } from 'react-i18next';
import type { CannedResponse } from '../../../api/types';
import { Spinner } from '../../../components/ui';
import { cn } from '../../../lib/cn';

/** The canned replies matching the `/word` being typed; the composer moves the highlight with the arrow keys. */
export function CannedPicker({
  options,
  active,
  loading,
  onPick,
  onHover,
}: {
  options: CannedResponse[];
  active: number;
  loading: boolean;
  onPick: (c: CannedResponse) => void;
  onHover: (index: number) => void;
}) {
  const { t } = useTranslation();
  return (
    <div
      className="absolute inset-x-0 bottom-full z-30 mb-2 max-h-72 overflow-y-auto rounded-2xl border border-slate-200 bg-white p-1.5 shadow-xl"
      role="listbox"
      aria-label={t('conversations.canned.title')}
      data-testid="canned-picker"
    >
      <p className="px-3 pt-1 pb-1.5 text-xs font-semibold tracking-wide text-slate-400 uppercase">{t('conversations.canned.title')}</p>
      {loading ? (
        <div className="flex justify-center p-3 text-primary-500">
          <Spinner label={t('common.loading')} />
        </div>
      ) : options.length === 0 ? (
        <p className="px-3 py-2 text-sm text-slate-500" data-testid="canned-empty">
          {t('conversations.canned.none')}
        </p>
      ) : (
        options.map((c, i) => (
          <button
            key={c.id}
            type="button"
            role="option"
            aria-selected={i === active}
            // Keep the focus in the text box: a click would blur it before choosing.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => onPick(c)}
            onMouseEnter={() => onHover(i)}
            className={cn('block w-full rounded-lg px-3 py-2 text-start', i === active ? 'bg-primary-50' : 'hover:bg-slate-50')}
            data-testid="canned-option"
            data-shortcut={c.shortcut}
          >
            <span className="flex items-baseline gap-2">
              <span className="font-mono text-xs font-semibold text-primary-700" dir="ltr">/{c.shortcut}</span>
              <span className="truncate text-sm font-medium text-slate-800" dir="auto">{c.title}</span>
            </span>
            <span className="mt-0.5 line-clamp-1 block text-xs text-slate-500" dir="auto">
              {c.content}
            </span>
          </button>
        ))
      )}
    </div>
  );
}
