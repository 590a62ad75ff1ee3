import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../../../app/layouts/AuthLayout';
import { Alert, Button, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { authApi } from '../api';
import { BackToLogin } from './BackToLogin';

export function ForgotPasswordPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [email, setEmail] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const send = useMutation({
    mutationFn: authApi.forgotPassword,
    onError: (err) => setErrors(mapFormError(err, ['email'], { describe: errorText })),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    send.mutate(email.trim());
  };

  return (
    <AuthLayout
      title={t('auth.forgot.title')}
      subtitle={t('auth.forgot.subtitle')}
      footer={
        <BackToLogin />
      }
    >
      {send.isSuccess ? (
        <Alert tone="success" title={t('auth.forgot.sentTitle')}>
          {t('auth.forgot.sentBody', { email: email.trim() })}
        </Alert>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          {errors.message && <Alert tone="danger">{errors.message}</Alert>}
          <TextField label={t('fields.email')} name="email" type="email" autoComplete="email" required value={email} onChange={(e) => setEmail(e.target.value)} error={errors.fields.email} dir="ltr" />
          <Button type="submit" size="lg" className="w-full" loading={send.isPending}>
            {t('auth.forgot.submit')}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
