import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionManager } from '../../../api/client';
import { Alert, Badge, Button, Card, CardBody, CardHeader, SelectField, TextField } from '../../../components/ui';
import { isLanguage, LANGUAGES, setLanguage } from '../../../i18n';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { authApi, useSession } from '../../auth';

function ProfileForm() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const [name, setName] = useState(session.user.name);
  const [locale, setLocale] = useState(isLanguage(i18n.language) ? i18n.language : 'en');
  const [errors, setErrors] = useState(NO_ERRORS);

  const save = useMutation({
    mutationFn: () => authApi.updateMe({ name: name.trim(), locale }),
    onSuccess: (s) => {
      sessionManager.setSession(s);
      if (isLanguage(locale)) void setLanguage(locale);
    },
    onError: (err) => setErrors(mapFormError(err, ['name', 'locale'], { describe: errorText })),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    save.mutate();
  };

  return (
    <Card>
      <CardHeader title={t('profile.details')} description={t('profile.detailsSubtitle')} />
      <CardBody>
        <form onSubmit={submit} className="max-w-lg space-y-4" noValidate>
          {errors.message && <Alert tone="danger">{errors.message}</Alert>}
          {save.isSuccess && <Alert tone="success">{t('profile.saved')}</Alert>}
          <TextField label={t('fields.name')} name="name" id="profile-name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
          <TextField label={t('fields.email')} name="email" id="profile-email" value={session.user.email} readOnly dir="ltr" hint={t('profile.emailHint')} />
          <SelectField label={t('common.language')} name="locale" id="profile-locale" value={locale} onChange={(e) => setLocale(e.target.value as typeof locale)} error={errors.fields.locale}>
            {LANGUAGES.map((l) => (
              <option key={l.code} value={l.code}>
                {l.label}
              </option>
            ))}
          </SelectField>
          <Button type="submit" loading={save.isPending}>
            {t('common.save')}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

const PW_FIELDS = ['currentPassword', 'newPassword', 'confirm'] as const;

function PasswordForm() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [form, setForm] = useState({ currentPassword: '', newPassword: '', confirm: '' });
  const [errors, setErrors] = useState(NO_ERRORS);
  const change = useMutation({
    mutationFn: () => authApi.changePassword(form.currentPassword, form.newPassword),
    onSuccess: () => setForm({ currentPassword: '', newPassword: '', confirm: '' }),
    onError: (err) =>
      setErrors(
        mapFormError(err, PW_FIELDS, {
          describe: errorText,
          codeFields: { wrong_password: 'currentPassword', weak_password: 'newPassword' },
        }),
      ),
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    change.reset();
    if (form.newPassword !== form.confirm) {
      setErrors({ fields: { confirm: t('auth.reset.mismatch') }, message: null });
      return;
    }
    setErrors(NO_ERRORS);
    change.mutate();
  };

  const set = (key: keyof typeof form) => (e: { target: { value: string } }) => setForm((f) => ({ ...f, [key]: e.target.value }));

  return (
    <Card>
      <CardHeader title={t('profile.password')} description={t('profile.passwordSubtitle')} />
      <CardBody>
        <form onSubmit={submit} className="max-w-lg space-y-4" noValidate>
          {errors.message && <Alert tone="danger">{errors.message}</Alert>}
          {change.isSuccess && <Alert tone="success">{t('profile.passwordChanged')}</Alert>}
          <TextField label={t('fields.currentPassword')} name="currentPassword" type="password" autoComplete="current-password" required value={form.currentPassword} onChange={set('currentPassword')} error={errors.fields.currentPassword} />
          <TextField label={t('fields.newPassword')} name="newPassword" type="password" autoComplete="new-password" required value={form.newPassword} onChange={set('newPassword')} error={errors.fields.newPassword} hint={t('auth.passwordHint')} />
          <TextField label={t('fields.confirmPassword')} name="confirm" id="confirm-new-password" type="password" autoComplete="new-password" required value={form.confirm} onChange={set('confirm')} error={errors.fields.confirm} />
          <Button type="submit" loading={change.isPending}>
            {t('profile.changePassword')}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

export function ProfilePage() {
  const { t } = useTranslation();
  const session = useSession();
  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center gap-3">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{t('profile.title')}</h1>
        {session.role && <Badge tone="primary">{t(`roles.${session.role}`)}</Badge>}
        {session.user.isPlatformAdmin && <Badge tone="accent">{t('admin.badge')}</Badge>}
      </div>
      <ProfileForm />
      <PasswordForm />
    </div>
  );
}
