import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { AuthLayout } from '../../../app/layouts/AuthLayout';
import { homePathFor } from '../../../app/routing';
import { Alert, Badge, Button, PageSpinner, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { authApi } from '../api';
import { useSignIn } from '../hooks/useAuthActions';
import { BackToLogin } from './BackToLogin';

const FIELDS = ['name', 'password'] as const;

export function AcceptInvitationPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { token = '' } = useParams();
  const signIn = useSignIn();
  const navigate = useNavigate();
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);

  const preview = useQuery({
    queryKey: ['invitation-preview', token],
    queryFn: () => authApi.previewInvitation(token),
    retry: false,
  });

  const accept = useMutation({
    mutationFn: () =>
      authApi.acceptInvitation(token, preview.data?.existingUser ? { password } : { name: name.trim(), password }),
    onSuccess: (auth) => {
      signIn(auth);
      void navigate(homePathFor(auth.session), { replace: true });
    },
    onError: (err) =>
      setErrors(mapFormError(err, FIELDS, { describe: errorText, codeFields: { weak_password: 'password', invalid_credentials: 'password' } })),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    accept.mutate();
  };

  const footer = (
    <BackToLogin />
  );

  if (preview.isPending) {
    return (
      <AuthLayout title={t('auth.invite.loadingTitle')} footer={footer}>
        <PageSpinner label={t('common.loading')} />
      </AuthLayout>
    );
  }
  if (preview.isError) {
    return (
      <AuthLayout title={t('auth.invite.invalidTitle')} footer={footer}>
        <Alert tone="danger">{t('auth.invite.invalidBody')}</Alert>
      </AuthLayout>
    );
  }

  const inv = preview.data;
  return (
    <AuthLayout title={t('auth.invite.title', { tenant: inv.tenantName })} subtitle={t('auth.invite.subtitle')} footer={footer}>
      <div className="mb-6 flex items-center justify-between gap-3 rounded-2xl border border-primary-100 bg-primary-50/60 px-4 py-3" data-testid="invitation-preview">
        <div className="min-w-0">
          <p className="truncate font-semibold text-slate-900" data-testid="invitation-tenant">{inv.tenantName}</p>
          <p className="truncate text-sm text-slate-600" dir="ltr">{inv.email}</p>
        </div>
        <Badge tone="primary">{t(`roles.${inv.role}`)}</Badge>
      </div>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {errors.message && <Alert tone="danger">{errors.message}</Alert>}
        {inv.existingUser ? (
          <Alert tone="info">{t('auth.invite.existingUser')}</Alert>
        ) : (
          <TextField label={t('fields.yourName')} name="name" autoComplete="name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
        )}
        <TextField
          label={inv.existingUser ? t('fields.password') : t('fields.choosePassword')}
          name="password"
          type="password"
          autoComplete={inv.existingUser ? 'current-password' : 'new-password'}
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={errors.fields.password}
          hint={inv.existingUser ? undefined : t('auth.passwordHint')}
        />
        <Button type="submit" size="lg" className="w-full" loading={accept.isPending}>
          {t('auth.invite.submit')}
        </Button>
      </form>
    </AuthLayout>
  );
}
