//! The agency controls on the platform admin's tenant page: make the workspace an agency with its caps, change
//! them, or end it (refused while it has clients); a client workspace shows its agency instead.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, Badge, Button, Card, CardBody, CardHeader, ConfirmModal, QueryView, TextField } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatNumber } from '../../../lib/format';
import type { AdminTenantAgency } from '../api';
import { useAdminMark, useAdminTenantAgency, useAdminUnmark } from '../hooks';

export function AdminTenantAgencyPanel({ tenantId }: { tenantId: string }) {
  const state = useAdminTenantAgency(tenantId);
  return <QueryView query={state}>{(s) => <Panel s={s} key={JSON.stringify(s.agency)} />}</QueryView>;
}

function Panel({ s }: { s: AdminTenantAgency }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const mark = useAdminMark(s.tenantId);
  const unmark = useAdminUnmark(s.tenantId);
  const [confirm, setConfirm] = useState(false);
  const caps = s.agency;
  const [form, setForm] = useState({
    maxClients: caps?.maxClients == null ? '' : String(caps.maxClients),
    poweredBy: caps?.mayRemovePoweredBy ?? false,
    domains: caps?.mayUseCustomDomains ?? true,
    sender: caps?.mayUseOwnSender ?? false,
  });
  if (s.clientOf) {
    return (
      <Card data-testid="tenant-agency">
        <CardHeader title={t('agency.admin.panel.title')} />
        <CardBody>
          <p className="text-sm text-slate-700">
            {t('agency.admin.panel.clientOf')}{' '}
            <Link to={`/admin/tenants/${s.clientOf.id}`} className="font-medium text-primary-700" dir="auto">
              {s.clientOf.name}
            </Link>
          </p>
        </CardBody>
      </Card>
    );
  }
  const max = form.maxClients.trim();
  const maxInvalid = max !== '' && !/^\d+$/.test(max);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (maxInvalid) return;
    mark.mutate({ maxClients: max === '' ? null : Number(max), mayRemovePoweredBy: form.poweredBy, mayUseCustomDomains: form.domains, mayUseOwnSender: form.sender });
  };
  const check = (key: 'poweredBy' | 'domains' | 'sender', label: string) => (
    <label className="flex items-center gap-2 text-sm text-slate-700">
      <input type="checkbox" className="size-4 rounded border-slate-300" checked={form[key]} onChange={(e) => setForm({ ...form, [key]: e.target.checked })} data-testid={`cap-${key}`} />
      {label}
    </label>
  );
  return (
    <Card data-testid="tenant-agency">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            {t('agency.admin.panel.title')}
            {caps ? <Badge tone="accent">{t('agency.admin.panel.isAgency')}</Badge> : <Badge tone="neutral">{t('agency.admin.panel.notAgency')}</Badge>}
          </span>
        }
        description={caps ? t('agency.admin.panel.clients', { count: s.clients, n: formatNumber(s.clients, i18n.language) }) : t('agency.admin.panel.makeHint')}
      />
      <CardBody>
        <form onSubmit={submit} className="space-y-3" noValidate>
          {mark.isError && <Alert tone="danger">{errorText(mark.error)}</Alert>}
          {unmark.isError && <Alert tone="danger">{errorText(unmark.error)}</Alert>}
          <TextField
            id="cap-max-clients"
            label={t('agency.caps.maxClients')}
            hint={t('agency.admin.panel.maxHint')}
            inputMode="numeric"
            value={form.maxClients}
            onChange={(e) => setForm({ ...form, maxClients: e.target.value })}
            error={maxInvalid ? t('agency.offer.errors.invalid') : undefined}
            dir="ltr"
            data-testid="cap-max-clients"
          />
          {check('poweredBy', t('agency.caps.poweredBy'))}
          {check('domains', t('agency.caps.domains'))}
          {check('sender', t('agency.caps.sender'))}
          <div className="flex flex-wrap gap-2 pt-1">
            <Button type="submit" loading={mark.isPending} data-testid="save-agency">
              {caps ? t('common.save') : t('agency.admin.panel.make')}
            </Button>
            {caps && (
              <Button variant="outline" onClick={() => setConfirm(true)} data-testid="end-agency">
                {t('agency.admin.panel.end')}
              </Button>
            )}
          </div>
        </form>
      </CardBody>
      <ConfirmModal
        open={confirm}
        title={t('agency.admin.panel.endTitle')}
        body={t('agency.admin.panel.endBody')}
        confirmLabel={t('agency.admin.panel.end')}
        danger
        loading={unmark.isPending}
        error={unmark.error ? errorText(unmark.error) : null}
        onConfirm={() => unmark.mutate(undefined, { onSuccess: () => setConfirm(false) })}
        onClose={() => {
          unmark.reset();
          setConfirm(false);
        }}
      />
    </Card>
  );
}
