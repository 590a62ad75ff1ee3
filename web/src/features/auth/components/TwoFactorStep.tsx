//! The login page's second step: a code of the authenticator app (or a recovery code) for the challenge
//! `POST /auth/login` answered, with "remember this device"; in demo mode, the demo admin's current code as a hint.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../api/errors';
import { Alert, Button } from '../../../components/ui';
import { TextField } from '../../../components/ui/Field';
import { useErrorText } from '../../../i18n/useErrorText';
import { useConfig } from '../../config';
import { authApi } from '../api';
import { useSignIn } from '../hooks/useAuthActions';

/** Error codes that mean "start again from the password" rather than "try another code". */
const RESTART = new Set(['challenge_expired', 'invalid_challenge']);

export function TwoFactorStep({ challenge, email, onRestart }: { challenge: string; email: string; onRestart: (timedOut: boolean) => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const signIn = useSignIn();
  const config = useConfig();
  const [recovery, setRecovery] = useState(false);
  const [code, setCode] = useState('');
  const [remember, setRemember] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const demo = useQuery({
    queryKey: ['auth', 'demo-code'],
    queryFn: authApi.demoCode,
    enabled: config.data?.demo === true,
    retry: false,
    staleTime: 0,
  });
  const demoCode = demo.data && demo.data.email.toLowerCase() === email.toLowerCase() ? demo.data.code : null;

  const verify = useMutation({
    mutationFn: () =>
      authApi.loginSecondFactor({
        challenge,
        ...(recovery ? { recoveryCode: code.trim() } : { code: code.replace(/\s/g, '') }),
        rememberDevice: remember,
      }),
    onSuccess: signIn,
    onError: (err) => {
      if (err instanceof ApiError && RESTART.has(err.code)) {
        onRestart(true);
        return;
      }
      setError(errorText(err));
      if (err instanceof ApiError && err.code === 'two_factor_code_used') void demo.refetch();
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    verify.mutate();
  };

  const switchMode = () => {
    setRecovery((r) => !r);
    setCode('');
    setError(null);
  };

  return (
    <form onSubmit={submit} className="space-y-4" noValidate data-testid="two-factor-step">
      <p className="text-sm text-slate-600">{recovery ? t('twoFactorLogin.recoveryIntro') : t('twoFactorLogin.intro')}</p>
      {error && <Alert tone="danger">{error}</Alert>}
      {recovery ? (
        <TextField
          key="recovery"
          label={t('twoFactorLogin.recoveryCode')}
          name="recoveryCode"
          autoComplete="off"
          autoCapitalize="none"
          spellCheck={false}
          required
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value)}
          dir="ltr"
        />
      ) : (
        <TextField
          key="code"
          label={t('twoFactorLogin.code')}
          name="code"
          autoComplete="one-time-code"
          inputMode="numeric"
          pattern="[0-9]*"
          maxLength={6}
          required
          autoFocus
          value={code}
          onChange={(e) => setCode(e.target.value.replace(/\D/g, '').slice(0, 6))}
          dir="ltr"
          className="font-mono tracking-[0.3em]"
        />
      )}
      <label className="flex items-start gap-2.5 text-sm text-slate-700">
        <input type="checkbox" className="mt-0.5 size-4 rounded border-slate-300" checked={remember} onChange={(e) => setRemember(e.target.checked)} />
        {t('twoFactorLogin.remember')}
      </label>
      {demoCode && !recovery && (
        <div className="flex flex-wrap items-center justify-between gap-2 rounded-xl border border-accent-200 bg-accent-50 px-4 py-3 text-sm text-accent-800" data-testid="demo-code-hint">
          <span>
            {t('twoFactorLogin.demoHint')}{' '}
            <span className="font-mono font-semibold" dir="ltr" data-testid="demo-code">
              {demoCode}
            </span>
          </span>
          <Button type="button" size="sm" variant="outline" onClick={() => setCode(demoCode)} data-testid="demo-code-fill">
            {t('twoFactorLogin.demoFill')}
          </Button>
        </div>
      )}
      <Button type="submit" size="lg" className="w-full" loading={verify.isPending} disabled={!code.trim()}>
        {t('twoFactorLogin.submit')}
      </Button>
      <div className="flex flex-wrap items-center justify-between gap-2 text-sm">
        <button type="button" onClick={switchMode} className="font-medium text-primary-600 hover:text-primary-700" data-testid="two-factor-mode">
          {recovery ? t('twoFactorLogin.useApp') : t('twoFactorLogin.useRecovery')}
        </button>
        <button type="button" onClick={() => onRestart(false)} className="font-medium text-slate-500 hover:text-slate-700">
          {t('twoFactorLogin.back')}
        </button>
      </div>
    </form>
  );
}
