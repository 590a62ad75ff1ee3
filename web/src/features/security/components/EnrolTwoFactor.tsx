//! Setting up two-factor sign-in: a new secret (QR code and the key to type), a code from the app to confirm it,
//! then the recovery codes. Used by the security page and by the enrolment page a session is kept on.
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TwoFactorSetup } from '../../../api/types';
import { Alert, Button, CopyButton, PageSpinner, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { useEnableTwoFactor, useSetupTwoFactor } from '../hooks';
import { RecoveryCodes } from './RecoveryCodes';

/** The QR code as an image: the SVG never enters the DOM as markup (no inline script can ride along). */
function svgDataUrl(svg: string): string {
  let binary = '';
  new TextEncoder().encode(svg).forEach((b) => (binary += String.fromCharCode(b)));
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

/** The base32 key in groups of four, easier to type. */
const grouped = (secret: string) => secret.replace(/(.{4})(?=.)/g, '$1 ');

export function EnrolTwoFactor({ forced = false, onDone, onCancel }: { forced?: boolean; onDone: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const setup = useSetupTwoFactor();
  const enable = useEnableTwoFactor({ forced });
  const [code, setCode] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [codes, setCodes] = useState<string[] | null>(null);
  const started = useRef(false);

  const { mutate: start } = setup;
  useEffect(() => {
    // Once per mount: a second secret would replace the first one the person may already have scanned.
    if (started.current) return;
    started.current = true;
    start();
  }, [start]);

  if (codes) return <RecoveryCodes codes={codes} onDone={onDone} doneLabel={forced ? t('security.enrol.continue') : undefined} />;
  if (setup.isError) {
    return (
      <div className="space-y-3">
        <Alert tone="danger">{errorText(setup.error)}</Alert>
        <Button variant="outline" onClick={() => setup.mutate()}>
          {t('security.enrol.retry')}
        </Button>
      </div>
    );
  }
  if (!setup.data) return <PageSpinner label={t('security.enrol.preparing')} />;
  const data: TwoFactorSetup = setup.data;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    enable.mutate(code, {
      onSuccess: (res) => setCodes(res.recoveryCodes),
      onError: (err) => setError(errorText(err)),
    });
  };

  return (
    <div className="space-y-5" data-testid="two-factor-enrol">
      <ol className="list-decimal space-y-1 ps-5 text-sm text-slate-600">
        <li>{t('security.enrol.step1')}</li>
        <li>{t('security.enrol.step2')}</li>
        <li>{t('security.enrol.step3')}</li>
      </ol>
      <div className="flex flex-col items-center gap-4 sm:flex-row sm:items-start">
        <img src={svgDataUrl(data.qrSvg)} alt={t('security.enrol.qrAlt')} className="size-44 shrink-0 rounded-xl border border-slate-200 bg-white p-2" data-testid="two-factor-qr" />
        <div className="w-full min-w-0 space-y-2">
          <p className="text-sm font-medium text-slate-700">{t('security.enrol.manual')}</p>
          <p className="rounded-lg bg-slate-50 px-3 py-2 font-mono text-sm break-all text-slate-900" dir="ltr" data-testid="two-factor-secret" data-secret={data.secret}>
            {grouped(data.secret)}
          </p>
          <CopyButton value={data.secret} size="sm" />
        </div>
      </div>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {error && <Alert tone="danger">{error}</Alert>}
        <TextField
          label={t('security.enrol.code')}
          name="code"
          id="enrol-code"
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={6}
          required
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          dir="ltr"
          className="max-w-48 font-mono tracking-[0.3em]"
        />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" loading={enable.isPending} disabled={code.length !== 6} data-testid="two-factor-enable">
            {t('security.enrol.submit')}
          </Button>
          {onCancel && (
            <Button type="button" variant="ghost" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          )}
        </div>
      </form>
    </div>
  );
}
