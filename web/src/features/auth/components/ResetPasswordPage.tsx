import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { AuthLayout } from '../../../app/layouts/AuthLayout';
import { Alert, Button, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { authApi } from '../api';
import { BackToLogin } from './BackToLogin';

const FIELDS = ['password', 'confirm'] as const;

export function ResetPasswordPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);

  const reset = useMutation({
    mutationFn: () => authApi.resetPassword(token, password),
    onSuccess: () => void navigate('/login', { replace: true, state: { notice: 'passwordReset' } }),
    onError: (err) => setErrors(mapFormError(err, FIELDS, { describe: errorText, codeFields: { weak_password: 'password' } })),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (password !== confirm) {
      setErrors({ fields: { confirm: t('auth.reset.mismatch') }, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    reset.mutate();
  };

  return (
    <AuthLayout
      title={t('auth.reset.title')}
      subtitle={t('auth.reset.subtitle')}
      footer={
        <BackToLogin />
      }
    >
      {!token ? (
        <Alert tone="danger">{t('auth.reset.missingToken')}</Alert>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          {errors.message && <Alert tone="danger">{errors.message}</Alert>}
          <TextField label={t('fields.newPassword')} name="password" type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} error={errors.fields.password} hint={t('auth.passwordHint')} />
          <TextField label={t('fields.confirmPassword')} name="confirm" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} error={errors.fields.confirm} />
          <Button type="submit" size="lg" className="w-full" loading={reset.isPending}>
            {t('auth.reset.submit')}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
