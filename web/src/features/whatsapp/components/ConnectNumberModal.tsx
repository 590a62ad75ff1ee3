import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { Alert, FormModal, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { CLOUD_FIELDS, connectionInput, EMPTY_CONNECT_FORM, QR_FIELDS, type ConnectForm, type ConnectKind } from '../connectForm';
import { useConnectionActions } from '../hooks/useWhatsapp';

export function ConnectNumberModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const navigate = useNavigate();
  const { create } = useConnectionActions();
  const [kind, setKind] = useState<ConnectKind>('cloud');
  const [values, setValues] = useState<ConnectForm>(EMPTY_CONNECT_FORM);
  const [errors, setErrors] = useState(NO_ERRORS);

  const close = () => {
    setKind('cloud');
    setValues(EMPTY_CONNECT_FORM);
    setErrors(NO_ERRORS);
    create.reset();
    onClose();
  };

  const choose = (next: ConnectKind) => {
    setKind(next);
    setErrors(NO_ERRORS);
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const fields = kind === 'cloud' ? CLOUD_FIELDS : QR_FIELDS;
    create.mutate(connectionInput(kind, values), {
      onSuccess: (c) => {
        close();
        void navigate(`/app/whatsapp/${c.id}`);
      },
      onError: (err) =>
        setErrors(
          mapFormError(err, fields, {
            describe: errorText,
            codeFields: { number_already_connected: kind === 'cloud' ? 'phoneNumberId' : 'phoneNumber' },
          }),
        ),
    });
  };

  const field = (name: keyof ConnectForm) => ({
    name,
    id: `connect-${name}`,
    value: values[name],
    onChange: (e: { target: { value: string } }) => setValues((v) => ({ ...v, [name]: e.target.value })),
    error: errors.fields[name],
  });

  const tab = (value: ConnectKind, label: string) => (
    <button
      type="button"
      role="tab"
      aria-selected={kind === value}
      onClick={() => choose(value)}
      data-testid={`connect-tab-${value}`}
      className={cn(
        'flex-1 rounded-lg px-3 py-2 text-sm font-medium transition',
        kind === value ? 'bg-white text-primary-700 shadow-sm' : 'text-slate-600 hover:text-slate-900',
      )}
    >
      {label}
    </button>
  );

  return (
    <FormModal
      open={open}
      onClose={close}
      title={t('whatsapp.connect.title')}
      description={t('whatsapp.connect.subtitle')}
      testId="connect-modal"
      formId="connect-form"
      onSubmit={submit}
      submitLabel={t('whatsapp.connect.submit')}
      submitting={create.isPending}
      submitTestId="connect-submit"
      error={errors.message}
    >
      <div role="tablist" aria-label={t('whatsapp.connect.kind')} className="flex gap-1 rounded-xl bg-slate-100 p-1">
        {tab('cloud', t('whatsapp.kind.cloud'))}
        {tab('wasender', t('whatsapp.kind.wasender'))}
      </div>
      <TextField label={t('fields.name')} required hint={t('whatsapp.connect.nameHint')} placeholder={t('whatsapp.connect.namePlaceholder')} {...field('name')} />
      {kind === 'cloud' ? (
        <>
          <Alert tone="info">{t('whatsapp.connect.cloudIntro')}</Alert>
          <TextField label={t('whatsapp.fields.phoneNumberId')} required dir="ltr" inputMode="numeric" hint={t('whatsapp.connect.phoneNumberIdHint')} {...field('phoneNumberId')} />
          <TextField label={t('whatsapp.fields.wabaId')} required dir="ltr" inputMode="numeric" hint={t('whatsapp.connect.wabaIdHint')} {...field('wabaId')} />
          <TextField label={t('whatsapp.fields.accessToken')} required type="password" autoComplete="off" dir="ltr" hint={t('whatsapp.connect.accessTokenHint')} {...field('accessToken')} />
          <TextField label={t('whatsapp.fields.appSecret')} required type="password" autoComplete="off" dir="ltr" hint={t('whatsapp.connect.appSecretHint')} {...field('appSecret')} />
          <TextField label={t('whatsapp.fields.verifyTokenOptional')} autoComplete="off" dir="ltr" hint={t('whatsapp.connect.verifyTokenHint')} {...field('verifyToken')} />
        </>
      ) : (
        <>
          <Alert tone="info">{t('whatsapp.connect.qrIntro')}</Alert>
          <TextField label={t('whatsapp.fields.phoneNumber')} required type="tel" dir="ltr" placeholder="+971 50 123 4567" hint={t('whatsapp.connect.phoneNumberHint')} {...field('phoneNumber')} />
        </>
      )}
    </FormModal>
  );
}
