import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { ApiKey } from '../../../api/types';
import {
  Alert, Badge, Button, Card, ConfirmMutationModal, CopyField, EmptyState, FormModal, Icon, PageHeader, ResultModal, QueryView,
  SelectField, TBody, TD, TR, Table, TableHeader, TextField,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { mapFormError, NO_ERRORS } from '../../../lib/formErrors';
import { LockedFeature, useFeature } from '../../billing';
import { useApiKeyActions, useApiKeys } from '../hooks/useSettings';
import {
  EXPIRY_CHOICES, SCOPE_FAMILIES, expiresInDays, fromScopes, noScopes, readOnly, toggle, toScopes, type ExpiryChoice, type ScopeChoice,
} from '../scopes';

function ScopePicker({ value, onChange, error }: { value: ScopeChoice; onChange: (v: ScopeChoice) => void; error?: string }) {
  const { t } = useTranslation();
  return (
    <fieldset className="space-y-2" aria-describedby={error ? 'api-key-scopes-error' : 'api-key-scopes-hint'} data-testid="api-key-scopes">
      <legend className="text-sm font-medium text-slate-700">{t('apiKeys.scopes.label')}</legend>
      <p id="api-key-scopes-hint" className="text-xs text-slate-500">{t('apiKeys.scopes.hint')}</p>
      <div className="divide-y divide-slate-100 rounded-lg border border-slate-200">
        {SCOPE_FAMILIES.map((f) => (
          <div key={f} className="flex flex-wrap items-center justify-between gap-x-4 gap-y-1 px-3 py-2" data-family={f}>
            <div className="min-w-0">
              <div className="text-sm font-medium text-slate-800">{t(`apiKeys.scopes.families.${f}`)}</div>
              <div className="text-xs text-slate-500">{t(`apiKeys.scopes.covers.${f}`)}</div>
            </div>
            <div className="flex shrink-0 items-center gap-4">
              {(['read', 'write'] as const).map((a) =>
                a === 'write' && readOnly(f) ? (
                  <span key={a} className="w-16 text-xs text-slate-400">{t('apiKeys.scopes.readOnly')}</span>
                ) : (
                  <label key={a} className="flex w-16 items-center gap-1.5 text-sm text-slate-700">
                    <input
                      type="checkbox"
                      className="size-4 accent-primary-600"
                      checked={a === 'read' ? value[f] !== 'none' : value[f] === 'write'}
                      onChange={(e) => onChange(toggle(value, f, a, e.target.checked))}
                      data-testid={`scope-${f}-${a}`}
                    />
                    {t(`apiKeys.scopes.${a}`)}
                  </label>
                ),
              )}
            </div>
          </div>
        ))}
      </div>
      {error && (
        <p id="api-key-scopes-error" className="text-sm text-danger-600" data-testid="error-api-key-scopes">
          {error}
        </p>
      )}
    </fieldset>
  );
}

function CreateKeyModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { create } = useApiKeyActions();
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<ScopeChoice>(noScopes);
  const [expiry, setExpiry] = useState<ExpiryChoice>('never');
  const [rate, setRate] = useState('');
  const [errors, setErrors] = useState(NO_ERRORS);
  const [secret, setSecret] = useState<string | null>(null);

  const close = () => {
    setName('');
    setScopes(noScopes());
    setExpiry('never');
    setRate('');
    setErrors(NO_ERRORS);
    setSecret(null);
    create.reset();
    onClose();
  };

  const submit = (e: FormEvent) => {
    e.preventDefault();
    setErrors(NO_ERRORS);
    const chosen = toScopes(scopes);
    if (chosen.length === 0) {
      setErrors({ fields: { scopes: t('apiKeys.scopes.required') }, message: null });
      return;
    }
    create.mutate(
      { name: name.trim(), scopes: chosen, expiresInDays: expiresInDays(expiry), requestsPerMinute: rate.trim() ? Number(rate) : null },
      {
        onSuccess: (res) => setSecret(res.secret),
        onError: (err) => setErrors(mapFormError(err, ['name', 'scopes', 'expiresInDays', 'requestsPerMinute'], { describe: errorText })),
      },
    );
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
      <ScopePicker value={scopes} onChange={setScopes} error={errors.fields.scopes} />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t('apiKeys.expiry.label')}
          id="api-key-expiry"
          value={expiry}
          onChange={(e) => setExpiry(e.target.value as ExpiryChoice)}
          error={errors.fields.expiresInDays}
        >
          {EXPIRY_CHOICES.map((c) => (
            <option key={c} value={c}>
              {c === 'never' ? t('apiKeys.expiry.never') : t('apiKeys.expiry.days', { count: Number(c), n: Number(c) })}
            </option>
          ))}
        </SelectField>
        <TextField
          label={t('apiKeys.rate.label')}
          id="api-key-rate"
          type="number"
          inputMode="numeric"
          min={1}
          max={1000000}
          value={rate}
          onChange={(e) => setRate(e.target.value)}
          error={errors.fields.requestsPerMinute}
          hint={t('apiKeys.rate.hint')}
          placeholder={t('apiKeys.rate.placeholder')}
        />
      </div>
    </FormModal>
  );
}

/** The key's scopes in a few words: one badge per family, with read or read and write. */
function ScopeBadges({ scopes }: { scopes: readonly string[] }) {
  const { t } = useTranslation();
  const choice = fromScopes(scopes);
  return (
    <div className="flex max-w-72 flex-wrap gap-1" data-testid="api-key-scope-list">
      {SCOPE_FAMILIES.filter((f) => choice[f] !== 'none').map((f) => (
        <Badge key={f} tone={choice[f] === 'write' ? 'primary' : 'neutral'} className="px-1.5 py-0 text-[11px]">
          {t(`apiKeys.scopes.families.${f}`)} · {t(`apiKeys.scopes.${choice[f] as 'read' | 'write'}`)}
        </Badge>
      ))}
    </div>
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
            <Table data-testid="api-keys-table" dense minWidth="min-w-[48rem]">
              <TableHeader
                columns={[t('fields.keyName'), t('apiKeys.scopes.label'), t('apiKeys.expiry.column'), t('apiKeys.lastUsed'), t('common.status')]}
                actions
              />
              <TBody>
                {data.map((k) => {
                  const expired = !k.revokedAt && k.expiresAt != null && new Date(k.expiresAt).getTime() <= Date.now();
                  return (
                    <TR key={k.id} data-testid="api-key-row">
                      <TD>
                        <div className="font-medium text-slate-900">{k.name}</div>
                        <code className="rounded-md bg-slate-100 px-1.5 py-0.5 font-mono text-xs text-slate-700" dir="ltr">
                          {k.prefix}…
                        </code>
                        <div className="mt-0.5 text-xs text-slate-500">
                          {t('common.created')} {formatDateTime(k.createdAt, i18n.language)}
                        </div>
                      </TD>
                      <TD>
                        <ScopeBadges scopes={k.scopes} />
                        {k.requestsPerMinute != null && (
                          <div className="mt-1 text-xs text-slate-500">{t('apiKeys.rate.perMinute', { n: k.requestsPerMinute })}</div>
                        )}
                      </TD>
                      <TD className="whitespace-nowrap text-slate-500">
                        {k.expiresAt ? formatDateTime(k.expiresAt, i18n.language) : t('apiKeys.expiry.never')}
                      </TD>
                      <TD className="whitespace-nowrap text-slate-500" data-testid="api-key-last-used">
                        {k.lastUsedAt ? formatDateTime(k.lastUsedAt, i18n.language) : t('apiKeys.never')}
                        {k.lastUsedIp && (
                          <div className="font-mono text-xs" dir="ltr">
                            {k.lastUsedIp}
                          </div>
                        )}
                      </TD>
                      <TD>
                        {k.revokedAt ? (
                          <Badge tone="danger">{t('apiKeys.revoked')}</Badge>
                        ) : expired ? (
                          <Badge tone="warning">{t('apiKeys.expired')}</Badge>
                        ) : (
                          <Badge tone="success" dot>{t('apiKeys.active')}</Badge>
                        )}
                      </TD>
                      <TD className="text-end">
                        {!k.revokedAt && (
                          <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setRevoking(k)}>
                            {t('apiKeys.revoke')}
                          </Button>
                        )}
                      </TD>
                    </TR>
                  );
                })}
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
