import { useMutation } from '@tanstack/react-query';
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AuthLayout } from '../../../app/layouts/AuthLayout';
import { Alert, Button, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useConfig } from '../../config';
import { authApi } from '../api';
import { useSignIn } from '../hooks/useAuthActions';

const FIELDS = ['businessName', 'name', 'email', 'password'] as const;

export function SignupPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const config = useConfig();
  const signIn = useSignIn();
  const [form, setForm] = useState({ businessName: '', name: '', email: '', password: '' });
  const [errors, setErrors] = useState(NO_ERRORS);

  const register = useMutation({
    mutationFn: authApi.register,
    onSuccess: signIn,
    onError: (err) =>
      setErrors(
        mapFormError(err, FIELDS, {
          describe: errorText,
          codeFields: { email_taken: 'email', weak_password: 'password' },
        }),
      ),
  });

  const set = (key: keyof typeof form) => (e: ChangeEvent<HTMLInputElement>) =>
    setForm((f) => ({ ...f, [key]: e.target.value }));

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    register.mutate({ ...form, businessName: form.businessName.trim(), name: form.name.trim(), email: form.email.trim() });
  };

  const closed = config.data?.signupEnabled === false;

  return (
    <AuthLayout
      title={t('auth.signup.title')}
      subtitle={t('auth.signup.subtitle')}
      footer={
        <p>
          {t('auth.signup.haveAccount')}{' '}
          <Link to="/login" className="font-medium text-primary-600 hover:text-primary-700">
            {t('auth.signup.loginLink')}
          </Link>
        </p>
      }
    >
      {closed ? (
        <Alert tone="warning">{t('auth.signup.closed')}</Alert>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          {errors.message && <Alert tone="danger">{errors.message}</Alert>}
          <TextField label={t('fields.businessName')} name="businessName" autoComplete="organization" required value={form.businessName} onChange={set('businessName')} error={errors.fields.businessName} />
          <TextField label={t('fields.yourName')} name="name" autoComplete="name" required value={form.name} onChange={set('name')} error={errors.fields.name} />
          <TextField label={t('fields.workEmail')} name="email" type="email" autoComplete="email" required value={form.email} onChange={set('email')} error={errors.fields.email} dir="ltr" />
          <TextField
            label={t('fields.password')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={form.password}
            onChange={set('password')}
            error={errors.fields.password}
            hint={t('auth.passwordHint')}
          />
          <Button type="submit" size="lg" className="w-full" loading={register.isPending}>
            {t('auth.signup.submit')}
          </Button>
        </form>
      )}
    </AuthLayout>
  );
}
