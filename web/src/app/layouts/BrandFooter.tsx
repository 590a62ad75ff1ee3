import { useTranslation } from 'react-i18next';
import { useBrand } from '../../features/brand/theme';

/** The brand's support, terms and privacy links, and "Powered by Parley" when the brand shows it. */
export function BrandFooter() {
  const { t } = useTranslation();
  const b = useBrand();
  if (!b) return null;
  const links: [string | null | undefined, 'support' | 'help' | 'terms' | 'privacy'][] = [
    [b.supportEmail && `mailto:${b.supportEmail}`, 'support'],
    [b.supportUrl, 'help'],
    [b.termsUrl, 'terms'],
    [b.privacyUrl, 'privacy'],
  ];
  return (
    <p className="mt-6 mb-3 flex flex-wrap justify-center px-3 gap-x-4 gap-y-1 text-xs text-slate-500" data-testid="brand-footer">
      {links.map(([href, k]) => href && <a key={k} href={href} className="hover:text-primary-700" rel="noreferrer" target={k === 'support' ? undefined : '_blank'}>{t(`brandLinks.${k}`)}</a>)}
      {b.poweredBy && <span>{t('brandLinks.poweredBy')}</span>}
    </p>
  );
}
