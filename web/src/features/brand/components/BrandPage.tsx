//! Settings → Brand (owners and managers): the product name, colours (with live contrast warnings), images with
//! previews, sign-in page words, support and legal links, "powered by" where allowed, and a live preview of the
//! unsaved values. A workspace that may not brand sees why, and the brand it shows now.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../../../api/errors';
import { Alert, Button, Card, CardBody, CardHeader, Input, PageHeader, QueryView, Switch, TextAreaField, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { ASSET_KINDS, type AssetKind, type BrandInput, type BrandSettings } from '../api';
import { contrastWarnings } from '../contrast';
import { useBrandSettings, useRemoveBrandImage, useSaveBrand, useUploadBrandImage } from '../hooks';
import { BrandPreview } from './BrandPreview';

const DEFAULTS = { primaryColor: '#7c3aed', accentColor: '#0891b2' };
const TEXTS = ['productName', 'loginTitle', 'loginText', 'supportEmail', 'supportUrl', 'termsUrl', 'privacyUrl', 'mailFromName'] as const;
type Form = Record<(typeof TEXTS)[number] | 'primaryColor' | 'accentColor', string> & { poweredBy: boolean };

function formOf(s: BrandSettings): Form {
  const f = { poweredBy: s.poweredBy, primaryColor: s.primaryColor ?? '', accentColor: s.accentColor ?? '' } as Form;
  for (const k of TEXTS) f[k] = s[k] ?? '';
  return f;
}

/** Blank is "the default" to the API: sent as null. */
function inputOf(f: Form): BrandInput {
  const body: BrandInput = { poweredBy: f.poweredBy };
  for (const k of [...TEXTS, 'primaryColor', 'accentColor'] as const) body[k] = f[k].trim() || null;
  return body;
}

/** A sentence for an upload's refusal: our words for its code, with the server's reason for an unsafe SVG. */
function useUploadError(): (e: unknown) => string {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  return (e) => {
    const key = e instanceof ApiError ? `brand.errors.${e.code}` : '';
    return e instanceof ApiError && i18n.exists(key) ? t(key as 'brand.errors.unsafe_svg', { message: e.message }) : errorText(e);
  };
}

function ColourField({ name, label, hint, value, onChange, error }: { name: 'primaryColor' | 'accentColor'; label: string; hint: string; value: string; onChange: (v: string) => void; error?: string }) {
  const { t } = useTranslation();
  const shown = /^#[0-9a-f]{6}$/i.test(value) ? value : DEFAULTS[name];
  return (
    <div className="space-y-1.5">
      <label htmlFor={name} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <input
          type="color"
          aria-label={label}
          value={shown.toLowerCase()}
          onChange={(e) => onChange(e.target.value)}
          className="h-10 w-12 shrink-0 cursor-pointer rounded-lg border border-slate-200 bg-white p-1"
          data-testid={`${name}-picker`}
        />
        <Input id={name} name={name} dir="ltr" value={value} placeholder={DEFAULTS[name]} onChange={(e) => onChange(e.target.value)} invalid={Boolean(error)} className="font-mono" />
        {value && (
          <Button variant="ghost" size="sm" onClick={() => onChange('')}>
            {t('brand.defaultColour')}
          </Button>
        )}
      </div>
      <p className={error ? 'text-sm text-danger-600' : 'text-xs text-slate-500'}>{error ?? `${hint} ${t('brand.colourFormat')}`}</p>
    </div>
  );
}

function ImageRow({ kind, settings, disabled }: { kind: AssetKind; settings: BrandSettings; disabled: boolean }) {
  const { t } = useTranslation();
  const upload = useUploadBrandImage();
  const remove = useRemoveBrandImage();
  const uploadError = useUploadError();
  const asset = settings.assets.find((a) => a.kind === kind);
  const error = upload.error ?? remove.error;
  return (
    <li className="space-y-2 py-3" data-testid={`brand-image-${kind}`}>
      <div className="flex flex-wrap items-center gap-3">
        <div className={`flex h-14 w-28 shrink-0 items-center justify-center rounded-lg border border-slate-200 ${kind === 'logo_dark' ? 'bg-slate-800' : 'bg-slate-50'}`}>
          {asset ? <img src={asset.url} alt={t(`brand.kind.${kind}`)} className="max-h-12 max-w-24 object-contain" /> : <span className="text-xs text-slate-400">{t('brand.none')}</span>}
        </div>
        <p className="min-w-0 flex-1 text-sm font-medium text-slate-700">{t(`brand.kind.${kind}`)}</p>
        <div className="flex gap-2">
          <label className={`inline-flex h-8 cursor-pointer items-center rounded-lg border border-slate-200 bg-white px-3 text-sm font-medium text-slate-700 hover:bg-slate-50 ${disabled ? 'pointer-events-none opacity-50' : ''}`}>
            {asset ? t('brand.replace') : t('brand.upload')}
            <input
              type="file"
              accept="image/png,image/jpeg,image/webp,image/x-icon,image/svg+xml,.ico,.svg"
              className="sr-only"
              disabled={disabled || upload.isPending}
              data-testid={`upload-${kind}`}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = '';
                remove.reset();
                if (file) upload.mutate({ kind, file });
              }}
            />
          </label>
          {asset && (
            <Button variant="ghost" size="sm" disabled={disabled} loading={remove.isPending} onClick={() => { upload.reset(); remove.mutate(kind); }}>
              {t('brand.remove')}
            </Button>
          )}
        </div>
      </div>
      {error && <Alert tone="danger">{uploadError(error)}</Alert>}
    </li>
  );
}

function Section({ title, description, children }: { title: string; description?: string; children: ReactNode }) {
  return (
    <Card>
      <CardHeader title={title} description={description} />
      <CardBody className="space-y-4">{children}</CardBody>
    </Card>
  );
}

function BrandForm({ settings }: { settings: BrandSettings }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form, setForm] = useState(() => formOf(settings));
  const save = useSaveBrand();
  const locked = !settings.mayBrand;
  const set = <K extends keyof Form>(k: K) => (v: Form[K]) => {
    save.reset();
    setForm((f) => ({ ...f, [k]: v }));
  };
  const fieldError = (k: string) => (save.error instanceof ApiError ? save.error.fieldErrors.find((e) => e.field === k)?.message : undefined);
  const text = (k: (typeof TEXTS)[number], hint?: string, type = 'text') => (
    <TextField label={t(`brand.${k}`)} name={k} type={type} dir={type === 'text' ? 'auto' : 'ltr'} value={form[k]} onChange={(e) => set(k)(e.target.value)} error={fieldError(k)} hint={hint} />
  );
  const colours = { primaryColor: form.primaryColor || DEFAULTS.primaryColor, accentColor: form.accentColor || DEFAULTS.accentColor };
  const warnings = contrastWarnings(colours);
  const url = (k: AssetKind) => settings.assets.find((a) => a.kind === k)?.url;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(inputOf(form), { onSuccess: (s) => setForm(formOf(s)) });
  };

  return (
    <div className="grid gap-6 xl:grid-cols-[minmax(0,1fr)_22rem]">
      <form onSubmit={submit} noValidate className="min-w-0 space-y-6" data-testid="brand-form">
        {locked && (
          <Alert tone="info" title={t('brand.showing', { name: settings.effective.productName })}>
            <p>{t(settings.reason === 'agency' ? 'brand.upsell.agency' : 'brand.upsell.plan')}</p>
            {settings.reason !== 'agency' && (
              <Link to="/app/billing" className="mt-1 inline-block font-medium text-primary-700 underline">
                {t('brand.upsell.billing')}
              </Link>
            )}
          </Alert>
        )}
        <fieldset disabled={locked} className="space-y-6">
          <Section title={t('brand.identity')}>
            {text('productName', t('brand.productNameHint'))}
            <div className="grid gap-4 sm:grid-cols-2">
              <ColourField name="primaryColor" label={t('brand.primaryColor')} hint={t('brand.primaryHint')} value={form.primaryColor} onChange={set('primaryColor')} error={fieldError('primaryColor')} />
              <ColourField name="accentColor" label={t('brand.accentColor')} hint={t('brand.accentHint')} value={form.accentColor} onChange={set('accentColor')} error={fieldError('accentColor')} />
            </div>
            {warnings.map((w) => (
              <Alert key={w.field} tone="warning">
                <span data-testid="contrast-warning">{t('brand.contrast', { field: t(`brand.fields.${w.field}`), ratio: w.ratio.toFixed(2), minimum: w.minimum })}</span>
              </Alert>
            ))}
          </Section>
          <Section title={t('brand.images')} description={t('brand.imagesHint')}>
            <ul className="divide-y divide-slate-100">
              {ASSET_KINDS.map((k) => (
                <ImageRow key={k} kind={k} settings={settings} disabled={locked} />
              ))}
            </ul>
          </Section>
          <Section title={t('brand.signIn')} description={t('brand.loginHint')}>
            {text('loginTitle')}
            <TextAreaField label={t('brand.loginText')} name="loginText" rows={3} dir="auto" value={form.loginText} onChange={(e) => set('loginText')(e.target.value)} error={fieldError('loginText')} />
          </Section>
          <Section title={t('brand.links')}>
            {text('supportEmail', undefined, 'email')}
            {text('supportUrl', t('brand.linkHint'), 'url')}
            {text('termsUrl', t('brand.linkHint'), 'url')}
            {text('privacyUrl', t('brand.linkHint'), 'url')}
            {text('mailFromName', t('brand.mailFromNameHint'))}
            <div className="flex items-center justify-between gap-3">
              <div>
                <p className="text-sm font-medium text-slate-700">{t('brand.poweredBy')}</p>
                {!settings.mayRemovePoweredBy && <p className="text-xs text-slate-500">{t('brand.poweredByLocked')}</p>}
              </div>
              <Switch on={form.poweredBy} onChange={set('poweredBy')} busy={locked || !settings.mayRemovePoweredBy} label={t('brand.poweredBy')} testId="powered-by" />
            </div>
          </Section>
        </fieldset>
        {save.isError && !(save.error instanceof ApiError && save.error.fieldErrors.length > 0) && <Alert tone="danger">{errorText(save.error)}</Alert>}
        {save.isSuccess && <Alert tone="success">{t('brand.saved')}</Alert>}
        {!locked && (
          <div className="flex flex-wrap gap-2">
            <Button type="submit" loading={save.isPending} data-testid="save-brand">
              {t('brand.save')}
            </Button>
            <Button variant="ghost" onClick={() => setForm(formOf(settings))}>
              {t('brand.reset')}
            </Button>
          </div>
        )}
      </form>
      <aside className="xl:sticky xl:top-6 xl:self-start">
        <Section title={t('brand.preview')} description={t('brand.previewHint')}>
          <BrandPreview
            v={{
              ...colours,
              productName: form.productName.trim() || 'Parley',
              loginTitle: form.loginTitle,
              loginText: form.loginText,
              poweredBy: form.poweredBy || !settings.mayRemovePoweredBy,
              logoLight: url('logo_light'),
              logoDark: url('logo_dark'),
              loginImage: url('login_image'),
            }}
          />
        </Section>
      </aside>
    </div>
  );
}

export function BrandPage() {
  const { t } = useTranslation();
  const settings = useBrandSettings();
  return (
    <div data-testid="brand-page">
      <PageHeader title={t('brand.title')} description={t('brand.subtitle')} />
      <QueryView query={settings}>{(data) => <BrandForm settings={data} />}</QueryView>
    </div>
  );
}
