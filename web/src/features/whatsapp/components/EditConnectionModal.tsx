import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Connection, UpdateConnectionInput } from '../../../api/types';
import { FormModal, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useConnectionActions } from '../hooks/useWhatsapp';

const FIELDS = ['name', 'ratePerSecond', 'messagingLimit', 'accessToken', 'appSecret'] as const;

/** Opened with the number to edit; the component is keyed by it, so the fields start from its values. */
export function EditConnectionModal({ connection, onClose }: { connection: Connection; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { update } = useConnectionActions();
  const [name, setName] = useState(connection.name);
  const [rate, setRate] = useState(String(connection.ratePerSecond));
  const [limit, setLimit] = useState(connection.messagingLimit == null ? '' : String(connection.messagingLimit));
  const [accessToken, setAccessToken] = useState('');
  const [appSecret, setAppSecret] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const cloud = connection.kind === 'cloud';

  const close = () => {
    update.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const body: UpdateConnectionInput & { id: string } = { id: connection.id, name: name.trim() };
    const perSecond = Number(rate);
    if (rate.trim() !== '' && perSecond !== connection.ratePerSecond) body.ratePerSecond = perSecond;
    // Empty is unlimited (null); sent only when it changed, so Meta's figure is not overwritten by a rename.
    const perDay = limit.trim() === '' ? null : Number(limit);
    if (cloud && perDay !== (connection.messagingLimit ?? null)) body.messagingLimit = perDay;
    // Blank secrets keep the stored ones: they are never shown, so there is nothing to edit in place.
    if (cloud && accessToken.trim()) body.accessToken = accessToken.trim();
    if (cloud && appSecret.trim()) body.appSecret = appSecret.trim();
    update.mutate(body, {
      onSuccess: close,
      onError: (err) => setErrors(mapFormError(err, FIELDS, { describe: errorText })),
    });
  };

  return (
    <FormModal
      open
      onClose={close}
      title={t('whatsapp.edit.title')}
      description={t('whatsapp.edit.subtitle')}
      testId="edit-number-modal"
      formId="edit-number-form"
      onSubmit={submit}
      submitLabel={t('common.save')}
      submitting={update.isPending}
      error={errors.message}
    >
      <TextField label={t('fields.name')} name="name" id="edit-name" required value={name} onChange={(e) => setName(e.target.value)} error={errors.fields.name} />
      <TextField
        label={t('whatsapp.fields.ratePerSecond')}
        name="ratePerSecond"
        id="edit-rate"
        type="number"
        min={1}
        max={1000}
        value={rate}
        onChange={(e) => setRate(e.target.value)}
        error={errors.fields.ratePerSecond}
        hint={t('whatsapp.edit.rateHint')}
        dir="ltr"
      />
      {cloud && (
        <>
          <TextField
            label={t('whatsapp.fields.messagingLimit')}
            name="messagingLimit"
            id="edit-messaging-limit"
            type="number"
            min={1}
            placeholder={t('whatsapp.edit.unlimited')}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
            error={errors.fields.messagingLimit}
            hint={t('whatsapp.edit.limitHint')}
            dir="ltr"
            data-testid="edit-messaging-limit"
          />
          <TextField
            label={t('whatsapp.edit.newAccessToken')}
            name="accessToken"
            id="edit-access-token"
            type="password"
            autoComplete="off"
            value={accessToken}
            onChange={(e) => setAccessToken(e.target.value)}
            error={errors.fields.accessToken}
            hint={t('whatsapp.edit.keepSecretHint')}
            dir="ltr"
          />
          <TextField
            label={t('whatsapp.edit.newAppSecret')}
            name="appSecret"
            id="edit-app-secret"
            type="password"
            autoComplete="off"
            value={appSecret}
            onChange={(e) => setAppSecret(e.target.value)}
            error={errors.fields.appSecret}
            hint={t('whatsapp.edit.keepSecretHint')}
            dir="ltr"
          />
        </>
      )}
    </FormModal>
  );
}
