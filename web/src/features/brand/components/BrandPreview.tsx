//! A miniature of what the brand changes, drawn with the edited (unsaved) values: the sign-in page (panel and
//! card), the sidebar and a button. The theme's colour variables are set on the preview's own box, so the classes
//! inside take the edited colours while the page around keeps the saved ones.
import type { CSSProperties } from 'react';
import { useTranslation } from 'react-i18next';
import { cn } from '../../../lib/cn';
import { shades } from '../theme';

export interface PreviewValues {
  productName: string;
  primaryColor: string;
  accentColor: string;
  loginTitle: string;
  loginText: string;
  poweredBy: boolean;
  logoLight?: string;
  logoDark?: string;
  loginImage?: string;
}

function Mark({ name, logo, light }: { name: string; logo?: string; light?: boolean }) {
  if (logo) return <img src={logo} alt={name} className="h-6 max-w-28 object-contain" />;
  return (
    <span className="inline-flex items-center gap-1.5">
      <span className="size-5 rounded-md bg-gradient-to-br from-primary-500 to-primary-700" aria-hidden="true" />
      <span className={cn('truncate text-xs font-bold', light ? 'text-white' : 'text-slate-900')} dir="auto">
        {name}
      </span>
    </span>
  );
}

export function BrandPreview({ v }: { v: PreviewValues }) {
  const { t } = useTranslation();
  const vars = Object.fromEntries([...shades('primary', v.primaryColor), ...shades('secondary', v.accentColor)]) as CSSProperties;
  const panel: CSSProperties | undefined = v.loginImage
    ? { backgroundImage: `linear-gradient(#0008,#0008),url("${v.loginImage}")` }
    : undefined;
  return (
    <div style={vars} className="space-y-4" data-testid="brand-preview">
      <div className="flex overflow-hidden rounded-xl border border-slate-200 text-[11px]" data-testid="preview-login">
        <div
          className="flex w-2/5 flex-col gap-2 bg-gradient-to-br from-primary-700 via-primary-600 to-primary-900 bg-cover bg-center p-3 text-white"
          style={panel}
        >
          <Mark name={v.productName} logo={v.logoDark ?? v.logoLight} light />
          <p className="mt-auto font-semibold" dir="auto">
            {v.loginTitle || t('auth.brand.headline')}
          </p>
          {v.loginText && (
            <p className="line-clamp-3 text-primary-100" dir="auto">
              {v.loginText}
            </p>
          )}
        </div>
        <div className="flex flex-1 flex-col justify-center gap-2 bg-slate-50 p-3">
          <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-3">
            <p className="font-semibold text-slate-900">{t('brand.previewSignIn')}</p>
            <div className="rounded-md border border-slate-200 px-2 py-1 text-slate-400">{t('brand.previewEmail')}</div>
            <div className="rounded-md bg-primary-600 px-2 py-1 text-center font-medium text-white">{t('brand.previewButton')}</div>
          </div>
          {v.poweredBy && <p className="text-center text-[10px] text-slate-400">{t('brandLinks.poweredBy')}</p>}
        </div>
      </div>
      <div className="flex gap-3">
        <div className="w-2/5 space-y-1 rounded-xl border border-slate-200 bg-white p-2 text-[11px]" data-testid="preview-sidebar">
          <div className="mb-2 px-1">
            <Mark name={v.productName} logo={v.logoLight} />
          </div>
          <p className="rounded-md bg-primary-50 px-2 py-1 font-medium text-primary-700">{t('brand.previewInbox')}</p>
          <p className="px-2 py-1 text-slate-600">{t('brand.previewContacts')}</p>
          <p className="px-2 py-1 text-slate-600">{t('brand.previewCampaigns')}</p>
        </div>
        <div className="flex flex-1 flex-col items-start justify-center gap-2">
          <span className="rounded-xl bg-primary-600 px-4 py-2 text-sm font-medium text-white shadow-sm">{t('brand.save')}</span>
          <span className="rounded-full bg-secondary-100 px-2.5 py-0.5 text-xs font-medium text-secondary-800">{v.productName}</span>
          <span className="text-sm font-medium text-primary-700 underline">{t('brandLinks.help')}</span>
        </div>
      </div>
    </div>
  );
}
