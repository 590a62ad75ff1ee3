import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../../api/types';
import {
  Alert, Badge, Button, Card, ConfirmMutationModal, CopyField, EmptyState, FormModal, Icon, PageHeader, ResultModal, QueryView,
  TBody, TD, TR, Table, TableHeader, TextField,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { LockedFeature, useFeature } from '../../billing';
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
      <ResultModal open={open} onClose={close} title={t('apiKeys.secretTitle')} testId="api-key-secret-modal">
        <Alert tone="warning">{t('apiKeys.secretWarning')}</Alert>
        <CopyField value={secret} aria-label={t('apiKeys.secret')} data-testid="api-key-secret" />
      </ResultModal>
    );
  }

  return (
    <FormModal
      open={open}
      onClose={close}
      title={t('apiKeys.createTitle')}
      description={t('apiKeys.createSubtitle')}
      formId="api-key-form"
      onSubmit={submit}
      submitLabel={t('apiKeys.create')}
      submitting={create.isPending}
      error={errors.message}
    >
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
    </FormModal>
  );
}

export function ApiKeysPage() {
  const { t, i18n } = useTranslation();
  const keys = useApiKeys();
  const { revoke } = useApiKeyActions();
  const [creating, setCreating] = useState(false);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  // A plan without API access: no new keys, and the API refuses the existing ones (still listed, to revoke).
  const locked = !useFeature('apiAccess').allowed;

  const createButton = (
    <Button onClick={() => setCreating(true)} disabled={locked} aria-describedby={locked ? 'api-keys-locked' : undefined}>
      <Icon name={locked ? 'lock' : 'plus'} className="size-4" />
      {t('apiKeys.create')}
    </Button>
  );

  return (
    <div>
      <PageHeader title={t('apiKeys.title')} description={t('apiKeys.subtitle')} actions={createButton} />
      <LockedFeature feature="apiAccess" id="api-keys-locked" note={keys.data?.some((k) => !k.revokedAt) ? t('billing.locks.apiKeys') : undefined} className="mb-4" />
      <Card>
        <QueryView
          query={keys}
          isEmpty={(data) => data.length === 0}
          empty={<EmptyState icon="key" title={t('apiKeys.emptyTitle')} description={t('apiKeys.emptyBody')} action={locked ? undefined : createButton} />}
        >
          {(data) => (
            <Table data-testid="api-keys-table">
              <TableHeader columns={[t('fields.keyName'), t('apiKeys.prefix'), t('common.created'), t('apiKeys.lastUsed'), t('common.status')]} actions />
              <TBody>
                {data.map((k) => (
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
        </QueryView>
      </Card>
      <CreateKeyModal open={creating} onClose={() => setCreating(false)} />
      <ConfirmMutationModal
        item={revoking}
        onClose={() => setRevoking(null)}
        mutation={revoke}
        variables={(k) => k.id}
        title={t('apiKeys.revokeTitle')}
        body={t('apiKeys.revokeBody', { name: revoking?.name ?? '' })}
        confirmLabel={t('apiKeys.revoke')}
        danger
      />
    </div>
  );
}
