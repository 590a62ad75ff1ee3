import { useMutation } from '@tanstack/react-query';
import { lazy, Suspense, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { ApiError } from '../../../api/errors';
import { AuthLayout } from '../../../app/layouts/AuthLayout';
import { Alert, Button, Icon, PageSpinner, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useConfig } from '../../config';
import { authApi } from '../api';
import { useSignIn } from '../hooks/useAuthActions';
import { loadTwoFactorLoginStrings } from '../strings';

// Only people with two-factor sign-in on a browser it does not remember see this step: it loads when needed.
const TwoFactorStep = lazy(() => import('./TwoFactorStep').then((m) => ({ default: m.TwoFactorStep })));

const FIELDS = ['email', 'password'] as const;

export function LoginPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const config = useConfig();
  const signIn = useSignIn();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  // Set when the password was right and a second factor is owed.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [expired, setExpired] = useState(false);

  const login = useMutation({
    mutationFn: async (body: Parameters<typeof authApi.login>[0]) => {
      const outcome = await authApi.login(body);
      if ('twoFactorRequired' in outcome) await loadTwoFactorLoginStrings();
      return outcome;
    },
    onSuccess: (outcome) => {
      if ('twoFactorRequired' in outcome) {
        setExpired(false);
        setChallenge(outcome.challenge);
        return;
      }
      signIn(outcome);
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'too_many_attempts') {
        setErrors({ fields: {}, message: t('errors.too_many_attempts') });
        return;
      }
      setErrors(mapFormError(err, FIELDS, { describe: errorText }));
    },
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    setExpired(false);
    login.mutate({ email: email.trim(), password });
  };

  /** Back to the password: by choice, or because the challenge ran out (5 minutes). */
  const restart = (timedOut: boolean) => {
    setChallenge(null);
    setPassword('');
    setExpired(timedOut);
  };

  return (
    <AuthLayout
      title={challenge ? t('twoFactorLogin.title') : t('auth.login.title')}
      subtitle={challenge ? email.trim() : t('auth.login.subtitle')}
      footer={
        <div className="space-y-3">
          {config.data?.signupEnabled !== false && (
            <p>
              {t('auth.login.noAccount')}{' '}
              <Link to="/signup" className="font-medium text-primary-600 hover:text-primary-700">
                {t('auth.login.signupLink')}
              </Link>
            </p>
          )}
          {config.data?.devMailbox && (
            <p>
              <Link to="/dev/mailbox" className="inline-flex items-center gap-1.5 font-medium text-accent-700 hover:text-accent-800" data-testid="dev-mailbox-link">
                <Icon name="mail" className="size-4" />
                {t('auth.login.devMailbox')}
              </Link>
            </p>
          )}
        </div>
      }
    >
      {challenge ? (
        <Suspense fallback={<PageSpinner label={t('common.loading')} />}>
          <TwoFactorStep key={challenge} challenge={challenge} email={email.trim()} onRestart={restart} />
        </Suspense>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          {notice === 'passwordReset' && !errors.message && <Alert tone="success">{t('auth.reset.done')}</Alert>}
          {expired && !errors.message && <Alert tone="warning">{t('twoFactorLogin.restart')}</Alert>}
          {errors.message && <Alert tone="danger">{errors.message}</Alert>}
          <TextField
            label={t('fields.email')}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={errors.fields.email}
            dir="ltr"
          />
          <TextField
            label={t('fields.password')}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={errors.fields.password}
            aside={
              <Link to="/forgot-password" className="text-sm font-medium text-primary-600 hover:text-primary-700">
                {t('auth.login.forgot')}
              </Link>
            }
          />
          <Button type="submit" size="lg" className="w-full" loading={login.isPending}>
            {t('auth.login.submit')}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
