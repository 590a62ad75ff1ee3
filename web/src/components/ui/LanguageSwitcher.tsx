import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../../i18n';
import { cn } from '../../lib/cn';

/** English / العربية segmented switch. `onChanged` lets a signed-in shell save the choice on the server. */
export function LanguageSwitcher({ onChanged, className }: { onChanged?: (lng: Language) => void; className?: string }) {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? i18n.language;
  return (
    <div
      role="group"
      aria-label={t('common.language')}
      data-testid="language-switcher"
      className={cn('inline-flex items-center rounded-xl bg-slate-100 p-0.5 text-xs font-medium', className)}
    >
      {LANGUAGES.map((l) => {
        const active = current === l.code;
        return (
          <button
            key={l.code}
            type="button"
            lang={l.code}
            aria-pressed={active}
            onClick={() => {
              if (active) return;
              void setLanguage(l.code).then(() => onChanged?.(l.code));
            }}
            className={cn(
              'rounded-[10px] px-2.5 py-1.5 transition',
              active ? 'bg-white text-primary-700 shadow-xs' : 'text-slate-500 hover:text-slate-800',
            )}
          >
            {l.label}
          </button>
        );
      })}
    </div>
  );
}
