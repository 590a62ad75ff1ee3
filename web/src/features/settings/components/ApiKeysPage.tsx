import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../../api/types';
import {
  Alert, Badge, Button, Card, ConfirmModal, CopyButton, EmptyState, Icon, Input, Modal, PageHeader, PageSpinner,
  TBody, TD, TH, THead, TR, Table, TextField,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { useApiKeyActions, useApiKeys } from '../hooks/useSettings';

function CreateKeyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create } = useApiKeyActions();
  const [name, setName] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [secret, setSecret] = useState<string | null>(null);

  const close = () => {
    setName('');
    setErrors(NO_ERRORS);
    setSecret(null);
    create.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    create.mutate(name.trim(), {
      onSuccess: (res) => setSecret(res.secret),
      onError: (err) => setErrors(mapFormError(err, ['name'], { describe: errorText })),
    });
  };

  if (secret) {
    return (
      <Modal key="secret" open={open} onClose={close} title={t('apiKeys.secretTitle')} testId="api-key-secret-modal" footer={<Button onClick={close}>{t('common.done')}</Button>}>
        <div className="space-y-4">
          <Alert tone="warning">{t('apiKeys.secretWarning')}</Alert>
          <div className="flex gap-2">
            <Input readOnly value={secret} dir="ltr" className="font-mono text-xs" aria-label={t('apiKeys.secret')} data-testid="api-key-secret" onFocus={(e) => e.target.select()} />
            <CopyButton value={secret} />
          </div>
        </div>
      </Modal>
    );
  }

  return (
    <Modal
      key="form"
      open={open}
      onClose={close}
      title={t('apiKeys.createTitle')}
      description={t('apiKeys.createSubtitle')}
      footer={
        <>
          <Button variant="outline" onClick={close}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" form="api-key-form" loading={create.isPending}>
            {t('apiKeys.create')}
          </Button>
        </>
      }
    >
      <form id="api-key-form" onSubmit={submit} className="space-y-4" noValidate>
        {errors.message && <Alert tone="danger">{errors.message}</Alert>}
        <TextField
          label={t('fields.keyName')}
          name="name"
          id="api-key-name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={errors.fields.name}
          placeholder={t('apiKeys.namePlaceholder')}
        />
      </form>
    </Modal>
  );
}

export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const keys = useApiKeys();
  const { revoke } = useApiKeyActions();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);

  const createButton = (
    <Button onClick={() => setCreating(true)}>
      <Icon name="plus" className="size-4" />
      {t('apiKeys.create')}
    </Button>
  );

  return (
    <div>
      <PageHeader title={t('apiKeys.title')} description={t('apiKeys.subtitle')} actions={createButton} />
      <Card>
        {keys.isPending ? (
          <PageSpinner label={t('common.loading')} />
        ) : keys.isError ? (
          <div className="p-5">
            <Alert tone="danger">{errorText(keys.error)}</Alert>
          </div>
        ) : keys.data.length === 0 ? (
          <EmptyState icon="key" title={t('apiKeys.emptyTitle')} description={t('apiKeys.emptyBody')} action={createButton} />
        ) : (
          <Table data-testid="api-keys-table">
            <THead>
              <tr>
                <TH>{t('fields.keyName')}</TH>
                <TH>{t('apiKeys.prefix')}</TH>
                <TH>{t('common.created')}</TH>
                <TH>{t('apiKeys.lastUsed')}</TH>
                <TH>{t('common.status')}</TH>
                <TH className="text-end">
                  <span className="sr-only">{t('common.actions')}</span>
                </TH>
              </tr>
            </THead>
            <TBody>
              {keys.data.map((k) => (
                <TR key={k.id}>
                  <TD className="font-medium text-slate-900">{k.name}</TD>
                  <TD>
                    <code className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" dir="ltr">
                      {k.prefix}…
                    </code>
                  </TD>
                  <TD className="whitespace-nowrap text-slate-500">{formatDateTime(k.createdAt, i18n.language)}</TD>
                  <TD className="whitespace-nowrap text-slate-500">{k.lastUsedAt ? formatDateTime(k.lastUsedAt, i18n.language) : t('apiKeys.never')}</TD>
                  <TD>
                    {k.revokedAt ? <Badge tone="danger">{t('apiKeys.revoked')}</Badge> : <Badge tone="success" dot>{t('apiKeys.active')}</Badge>}
                  </TD>
                  <TD className="text-end">
                    {!k.revokedAt && (
                      <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setRevoking(k)}>
                        {t('apiKeys.revoke')}
                      </Button>
                    )}
                  </TD>
                </TR>
              ))}
            </TBody>
          </Table>
        )}
      </Card>
      <CreateKeyModal open={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        open={revoking !== null}
        title={t('apiKeys.revokeTitle')}
        body={t('apiKeys.revokeBody', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiKeys.revoke')}
        danger
        loading={revoke.isPending}
        error={revoke.error ? errorText(revoke.error) : null}
        onClose={() => {
          setRevoking(null);
          revoke.reset();
        }}
        onConfirm={() => revoking && revoke.mutate(revoking.id, { onSuccess: () => setRevoking(null) })}
      />
    </div>
  );
}
