import { useTranslation } from 'react-i18next';
import { isLanguage, LANGUAGES, setLanguage, type Language } from '../../i18n';
import { cn } from '../../lib/cn';

/**
 * The language menu: a native select (ten languages do not fit a segmented switch, and a phone shows its own picker),
 * each language by its own name. `onChanged` lets a signed-in shell save the choice on the server.
 */
export function LanguageSwitcher({ onChanged, className }: { onChanged?: (lng: Language) => void; className?: string }) {
  const { t, i18n } = useTranslation();
  const current = i18n.resolvedLanguage ?? i18n.language;
  return (
    <select
      aria-label={t('common.language')}
      data-testid="language-switcher"
      value={isLanguage(current) ? current : 'en'}
      onChange={(e) => {
        const lng = e.target.value;
        if (!isLanguage(lng) || lng === current) return;
        void setLanguage(lng).then(() => onChanged?.(lng));
      }}
      className={cn(
        'h-8 max-w-28 cursor-pointer rounded-lg sm:max-w-32 border border-slate-200 bg-slate-100 ps-2 pe-7 text-xs font-medium text-slate-700 hover:border-slate-300 focus:border-primary-500 focus:ring-4 focus:ring-primary-500/15 focus:outline-none',
        className,
      )}
    >
      {LANGUAGES.map((l) => (
        <option key={l.code} value={l.code} lang={l.code}>
          {l.label}
        </option>
      ))}
    </select>
  );
}
