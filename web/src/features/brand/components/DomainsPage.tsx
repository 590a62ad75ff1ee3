//! Settings → Domains (owners and managers): add a custom domain, the two DNS records each one asks for (with copy
//! buttons), its state (pending / active / failing), when it was last checked and what that check found, "Check
//! now" and remove. A workspace that may not use custom domains sees why instead of the form.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, CardBody, CardHeader, ConfirmModal, CopyButton, EmptyState, Icon, PageHeader, PageSpinner, TextField, type BadgeTone } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime } from '../../../lib/format';
import { mapFormError } from '../../../lib/formErrors';
import type { CustomDomain, DomainList, RecordToCreate } from '../domainsApi';
import { useAddDomain, useCheckDomain, useDomains, useRemoveDomain } from '../domainsHooks';

const TONE: Record<CustomDomain['status'], BadgeTone> = { pending: 'warning', active: 'success', failing: 'danger' };

export function DomainsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const list = useDomains();
  return (
    <div className="space-y-6" data-testid="domains-page">
      <PageHeader title={t('domains.title')} description={t('domains.subtitle')} />
      {list.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : list.isError ? (
        <Alert tone="danger">{errorText(list.error)}</Alert>
      ) : (
        <>
          {list.data.allowed ? (
            <AddDomainCard list={list.data} />
          ) : (
            <div data-testid="domains-not-allowed">
              <Alert tone="warning">
                {t(`domains.notAllowed.${list.data.notAllowedCode ?? 'forbidden'}` as 'domains.notAllowed.forbidden', {
                  defaultValue: t('domains.notAllowed.forbidden'),
                })}
              </Alert>
            </div>
          )}
          {list.data.domains.length === 0 ? (
            <Card>
              <EmptyState icon="globe" title={t('domains.empty.title')} description={t('domains.empty.body')} />
            </Card>
          ) : (
            list.data.domains.map((d) => <DomainCard key={d.id} domain={d} />)
          )}
        </>
      )}
    </div>
  );
}

function AddDomainCard({ list }: { list: DomainList }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const add = useAddDomain();
  const [domain, setDomain] = useState('');
  const full = list.domains.length >= list.maxDomains;
  const errors = add.isError ? mapFormError(add.error, ['domain'], { describe: errorText }) : null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    add.mutate(domain.trim(), { onSuccess: () => setDomain('') });
  };
  return (
    <Card data-testid="add-domain">
      <CardHeader
        title={t('domains.add.title')}
        actions={<span className="text-sm text-slate-500">{t('domains.count', { count: list.maxDomains, n: list.domains.length, max: list.maxDomains })}</span>}
      />
      <CardBody>
        {full ? (
          <p className="text-sm text-slate-600">{t('domains.add.full')}</p>
        ) : (
          <form onSubmit={submit} className="flex flex-col gap-3 sm:flex-row sm:items-start">
            <div className="min-w-0 flex-1">
              <TextField
                id="domain"
                name="domain"
                label={t('domains.add.label')}
                placeholder="app.youragency.com"
                hint={t('domains.add.help')}
                value={domain}
                onChange={(e) => setDomain(e.target.value)}
                required
                maxLength={253}
                dir="ltr"
                autoComplete="off"
                autoCapitalize="none"
                spellCheck={false}
                error={errors?.fields.domain}
                data-testid="domain-input"
              />
            </div>
            <Button type="submit" loading={add.isPending} className="sm:mt-6" data-testid="add-domain-submit">
              <Icon name="plus" className="size-4" />
              {t('domains.add.submit')}
            </Button>
          </form>
        )}
        {errors?.message && (
          <Alert tone="danger" className="mt-3">
            {errors.message}
          </Alert>
        )}
      </CardBody>
    </Card>
  );
}

function DomainCard({ domain: d }: { domain: CustomDomain }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const check = useCheckDomain();
  const remove = useRemoveDomain();
  const [confirming, setConfirming] = useState(false);
  const at = (s: string) => formatDateTime(s, i18n.language);
  return (
    <Card data-testid="domain" data-domain={d.domain} data-status={d.status}>
      <CardHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span className="break-all" dir="ltr">
              {d.domain}
            </span>
            <Badge tone={TONE[d.status]} dot data-testid="domain-status">
              {t(`domains.status.${d.status}`)}
            </Badge>
          </span>
        }
        description={
          <>
            {d.lastCheckedAt ? t('domains.lastChecked', { time: at(d.lastCheckedAt) }) : t('domains.neverChecked')}
            {d.verifiedAt ? ` · ${t('domains.verifiedAt', { time: at(d.verifiedAt) })}` : ''}
          </>
        }
        actions={
          <>
            <Button size="sm" onClick={() => check.mutate(d.id)} loading={check.isPending} data-testid="check-domain">
              <Icon name="refresh" className="size-4" />
              {t('domains.check')}
            </Button>
            <Button size="sm" variant="outline" onClick={() => setConfirming(true)} data-testid="remove-domain">
              <Icon name="trash" className="size-4" />
              {t('domains.remove')}
            </Button>
          </>
        }
      />
      <CardBody className="space-y-4">
        <p className="text-sm text-slate-600">{t(`domains.statusHelp.${d.status}`)}</p>
        {d.status === 'active' && (
          <a
            href={`https://${d.domain}`}
            target="_blank"
            rel="noreferrer"
            className="inline-flex items-center gap-1 text-sm font-medium text-primary-600 hover:text-primary-700"
          >
            <Icon name="external" className="size-4" />
            {t('domains.open')} <bdi dir="ltr">https://{d.domain}</bdi>
          </a>
        )}
        {check.isError && <Alert tone="danger">{errorText(check.error)}</Alert>}
        {d.lastError && (
          <div data-testid="domain-error">
            <Alert tone={d.status === 'active' ? 'warning' : 'danger'} title={t('domains.lastError')}>
              <span dir="ltr">{d.lastError}</span>
            </Alert>
          </div>
        )}
        <Records records={d.records} />
      </CardBody>
      <ConfirmModal
        open={confirming}
        title={t('domains.removeTitle', { domain: d.domain })}
        body={t('domains.removeBody')}
        confirmLabel={t('domains.removeConfirm')}
        danger
        loading={remove.isPending}
        error={remove.isError ? errorText(remove.error) : null}
        onConfirm={() => remove.mutate(d.id, { onSuccess: () => setConfirming(false) })}
        onClose={() => setConfirming(false)}
      />
    </Card>
  );
}

/** The records as rows of label and value on a phone, as columns from `sm` up; every name and value copies. */
function Records({ records }: { records: RecordToCreate[] }) {
  const { t } = useTranslation();
  return (
    <section className="space-y-2" data-testid="domain-records">
      <h3 className="text-sm font-semibold text-slate-900">{t('domains.records.title')}</h3>
      <ul className="divide-y divide-slate-100 rounded-lg border border-slate-200">
        {records.map((r) => (
          <li key={`${r.type}-${r.name}`} className="grid gap-2 p-3 sm:grid-cols-[6rem_minmax(0,1fr)_minmax(0,1fr)] sm:items-start" data-testid="domain-record" data-type={r.type}>
            <div className="flex items-center gap-2 sm:flex-col sm:items-start">
              <Badge tone="primary">{r.type}</Badge>
              <span className="text-xs text-slate-500">{t(`domains.records.${r.purpose}` as 'domains.records.routing', { defaultValue: r.purpose })}</span>
            </div>
            <RecordValue label={t('domains.records.name')} value={r.name} />
            <RecordValue label={t('domains.records.value')} value={r.value} />
          </li>
        ))}
      </ul>
      <p className="text-xs text-slate-500">{t('domains.records.keep')}</p>
    </section>
  );
}

function RecordValue({ label, value }: { label: string; value: string }) {
  return (
    <div className="min-w-0">
      <span className="block text-xs font-medium text-slate-500">{label}</span>
      <div className="mt-1 flex items-center gap-2">
        <code className="min-w-0 flex-1 rounded bg-slate-50 px-2 py-1 font-mono text-xs break-all text-slate-800" dir="ltr">
          {value}
        </code>
        <CopyButton value={value} size="sm" variant="ghost" />
      </div>
    </div>
  );
}
