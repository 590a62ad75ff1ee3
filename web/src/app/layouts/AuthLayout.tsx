import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { LanguageSwitcher } from '../../components/ui';
import { Icon } from '../../components/ui/Icon';
import { useBrand } from '../../features/brand/theme';
import { BrandFooter } from './BrandFooter';
import { Logo } from './Logo';

/** Public pages: a brand panel on wide screens, the form card on the other side. */
export function AuthLayout({ title, subtitle, children, footer }: { title: ReactNode; subtitle?: ReactNode; children: ReactNode; footer?: ReactNode }) {
  const { t } = useTranslation();
  const b = useBrand();
  // A brand's own login words replace Parley's pitch.
  const points = b?.loginTitle ? [] : [t('auth.brand.point1'), t('auth.brand.point2'), t('auth.brand.point3')];
  const image = b?.loginImageUrl;
  return (
    <div className="flex min-h-dvh bg-slate-50" data-testid="layout-auth">
      <aside
        className="relative hidden w-[44%] max-w-xl overflow-hidden bg-gradient-to-br from-primary-700 via-primary-600 to-primary-900 bg-cover bg-center p-12 text-white lg:flex lg:flex-col"
        style={image ? { backgroundImage: `linear-gradient(#0008,#0008),url("${image}")` } : undefined}
      >
        <div className="pointer-events-none absolute -end-24 -top-24 size-80 rounded-full bg-secondary-400/25 blur-3xl" />
        <div className="pointer-events-none absolute -bottom-32 -start-20 size-96 rounded-full bg-accent-400/20 blur-3xl" />
        <Logo light />
        <div className="relative mt-auto mb-auto space-y-8">
          <h2 className="text-4xl leading-tight font-semibold tracking-tight" dir="auto">
            {b?.loginTitle ?? t('auth.brand.headline')}
          </h2>
          <p className="max-w-md text-lg whitespace-pre-line text-primary-100" dir="auto">
            {b?.loginText ?? (b?.loginTitle ? '' : t('auth.brand.body'))}
          </p>
          <ul className="space-y-3">
            {points.map((p) => (
              <li key={p} className="flex items-center gap-3 text-primary-50">
                <span className="flex size-6 items-center justify-center rounded-full bg-white/15">
                  <Icon name="check" className="size-3.5" />
                </span>
                {p}
              </li>
            ))}
          </ul>
        </div>
        <p className="relative text-sm text-primary-200">© {b?.productName}</p>
      </aside>
      <main className="flex flex-1 flex-col">
        <div className="flex items-center justify-between gap-3 px-4 py-4 sm:px-8">
          <Link to="/login" className="lg:invisible" aria-label={b?.productName}>
            <Logo />
          </Link>
          <LanguageSwitcher />
        </div>
        <div className="flex flex-1 items-start justify-center px-4 pt-4 pb-12 sm:items-center sm:px-8">
          <div className="w-full max-w-md animate-slide-up">
            {b?.loginTitle && (
              <p className="mb-4 text-center font-semibold text-slate-700 lg:hidden" dir="auto">
                {b.loginTitle}
              </p>
            )}
            <div className="rounded-3xl border border-slate-200/80 bg-white p-6 shadow-soft sm:p-8">
              <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
              {subtitle && <p className="mt-1.5 text-sm text-slate-500">{subtitle}</p>}
              <div className="mt-6">{children}</div>
            </div>
            {footer && <div className="mt-6 text-center text-sm text-slate-500">{footer}</div>}
            <BrandFooter />
          </div>
        </div>
      </main>
    </div>
  );
}
