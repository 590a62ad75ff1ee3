//! /app/agency/clients/:id: one client: its usage, suspend or reactivate, its plan and its own limits, and "Open as
//! support" (an audited entry that ends by itself; the client's owner sees it and can turn support off).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Alert, Button, Card, CardBody, CardHeader, ConfirmModal, FormModal, Icon, PageHeader, QueryView, SelectField, TextAreaField } from '../../../components/ui';
import { ApiError } from '../../../api/errors';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDate, formatNumber } from '../../../lib/format';
import { limitsToForm, validateLimits, formToLimits } from '../../billing/admin/planForm';
import type { ClientSummary } from '../api';
import { useClient, useOpenSupport, usePlans, useUpdateClient } from '../hooks';
import { CLIENT_LIMIT_KEYS } from '../planForm';
import { SUPPORT_MINUTES } from '../support';
import { ClientStatusBadge, LastActivity, UsageBar } from './ClientBits';
import { LimitsFields } from '../../billing/admin/LimitsFields';

export function ClientDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const client = useClient(id);
  return (
    <div data-testid="client-detail">
      <Link to="/app/agency" className="mb-3 inline-flex items-center gap-1 text-sm font-medium text-slate-500 hover:text-slate-800">
        <Icon name="arrowStart" className="size-4 rtl:rotate-180" />
        {t('agency.client.back')}
      </Link>
      <QueryView query={client}>{(c) => <Detail c={c} />}</QueryView>
    </div>
  );
}

function Detail({ c }: { c: ClientSummary }) {
  const { t, i18n } = useTranslation();
  const [supporting, setSupporting] = useState(false);
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            <span dir="auto">{c.name}</span>
            <ClientStatusBadge status={c.status} />
          </span>
        }
        description={
          <span className="flex flex-wrap gap-x-3 gap-y-1">
            <span dir="ltr" className="font-mono">
              {c.slug}
            </span>
            <span>{t('agency.client.created', { date: formatDate(c.createdAt, i18n.language) })}</span>
            <span>{t('agency.dashboard.numbersN', { count: c.numbersConnected, n: formatNumber(c.numbersConnected, i18n.language) })}</span>
            <span>
              {t('agency.dashboard.columns.lastActivity')}: <LastActivity at={c.lastActivityAt} />
            </span>
          </span>
        }
        actions={
          <Button onClick={() => setSupporting(true)} disabled={!c.supportAllowed || c.status !== 'active'} data-testid="open-support">
            <Icon name="shield" className="size-4" />
            {t('agency.client.openSupport')}
          </Button>
        }
      />
      {!c.supportAllowed && (
        <Alert tone="info" className="mb-4">
          {t('agency.client.supportOff')}
        </Alert>
      )}
      <div className="grid gap-6 lg:grid-cols-2">
        <Card>
          <CardHeader title={t('agency.client.usage')} />
          <CardBody className="space-y-3">
            {c.usage.map((m) => (
              <UsageBar key={m.key} meter={m} />
            ))}
          </CardBody>
        </Card>
        <StateCard c={c} />
        <PlanCard c={c} />
      </div>
      {supporting && <OpenSupportDialog c={c} onClose={() => setSupporting(false)} />}
    </>
  );
}

function StateCard({ c }: { c: ClientSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const update = useUpdateClient(c.id);
  const [confirm, setConfirm] = useState(false);
  const suspend = c.status === 'active';
  return (
    <Card>
      <CardHeader title={t('agency.client.state')} description={suspend ? t('agency.client.suspendHint') : t('agency.client.reactivateHint')} />
      <CardBody>
        <Button variant={suspend ? 'danger' : 'primary'} onClick={() => setConfirm(true)} data-testid={suspend ? 'suspend-client' : 'reactivate-client'}>
          {suspend ? t('agency.client.suspend') : t('agency.client.reactivate')}
        </Button>
      </CardBody>
      <ConfirmModal
        open={confirm}
        title={suspend ? t('agency.client.suspendTitle', { name: c.name }) : t('agency.client.reactivateTitle', { name: c.name })}
        body={suspend ? t('agency.client.suspendBody') : t('agency.client.reactivateBody')}
        confirmLabel={suspend ? t('agency.client.suspend') : t('agency.client.reactivate')}
        danger={suspend}
        loading={update.isPending}
        error={update.error ? errorText(update.error) : null}
        onConfirm={() => update.mutate({ status: suspend ? 'suspended' : 'active' }, { onSuccess: () => setConfirm(false) })}
        onClose={() => {
          update.reset();
          setConfirm(false);
        }}
      />
    </Card>
  );
}

function PlanCard({ c }: { c: ClientSummary }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const plans = usePlans();
  const update = useUpdateClient(c.id);
  const [planId, setPlanId] = useState(c.planId ?? '');
  const [limits, setLimits] = useState(() => limitsToForm(null));
  const local = validateLimits(limits);
  const serverFields: Record<string, string> = {};
  for (const f of update.error instanceof ApiError ? update.error.fieldErrors : []) {
    const m = /^limits\.(\w+)$/.exec(f.field);
    serverFields[m ? `limit.${m[1]}` : f.field] = f.message;
  }
  const errors: Record<string, string | undefined> = { ...serverFields };
  for (const k of Object.keys(local)) errors[k] = t('agency.offer.errors.invalid');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (Object.keys(local).length) return;
    const l = formToLimits(limits);
    update.mutate({ planId: planId || null, limits: { ...l, maxClientWorkspaces: null } });
  };
  const options = (plans.data ?? []).filter((p) => p.isActive || p.id === c.planId);
  return (
    <Card className="lg:col-span-2">
      <CardHeader title={t('agency.client.plan')} description={t('agency.client.planHint')} />
      <CardBody>
        <form onSubmit={submit} className="space-y-4" noValidate>
          {update.isError && !Object.keys(serverFields).length && <Alert tone="danger">{errorText(update.error)}</Alert>}
          {update.isSuccess && <Alert tone="success">{t('agency.client.saved')}</Alert>}
          <SelectField id="client-plan-select" label={t('agency.client.plan')} value={planId} onChange={(e) => setPlanId(e.target.value)} error={serverFields.planId} data-testid="client-plan-select">
            {options.map((p) => (
              <option key={p.id} value={p.id}>
                {p.name}
                {p.isActive ? '' : ` (${t('agency.offer.archived')})`}
              </option>
            ))}
          </SelectField>
          <div>
            <p className="mb-2 text-sm font-medium text-slate-700">{t('agency.client.limits')}</p>
            <LimitsFields keys={CLIENT_LIMIT_KEYS} testIdPrefix="agency-limit-" value={limits} onChange={setLimits} errors={errors} placeholder={t('agency.client.limitsPlaceholder')} />
          </div>
          <Button type="submit" loading={update.isPending} data-testid="save-client-plan">
            {t('common.save')}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

function OpenSupportDialog({ c, onClose }: { c: ClientSummary; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const open = useOpenSupport(c.id);
  const [minutes, setMinutes] = useState(60);
  const [reason, setReason] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    open.mutate({ minutes, reason });
  };
  const reasonError = open.error instanceof ApiError ? open.error.fieldErrors.find((f) => f.field === 'reason')?.message : undefined;
  return (
    <FormModal
      open
      onClose={onClose}
      title={t('agency.client.supportTitle', { name: c.name })}
      description={t('agency.client.supportBody')}
      testId="open-support-dialog"
      formId="open-support"
      onSubmit={submit}
      submitLabel={t('agency.client.supportSubmit')}
      submitting={open.isPending}
      submitTestId="open-support-submit"
      error={open.error && !reasonError ? errorText(open.error) : null}
    >
      <SelectField id="support-minutes" label={t('agency.client.minutes')} value={String(minutes)} onChange={(e) => setMinutes(Number(e.target.value))}>
        {SUPPORT_MINUTES.map((m) => (
          <option key={m} value={m}>
            {m < 60 ? t('agency.client.minutesN', { count: m, n: formatNumber(m, i18n.language) }) : t('agency.client.hoursN', { count: m / 60, n: formatNumber(m / 60, i18n.language) })}
          </option>
        ))}
      </SelectField>
      <TextAreaField
        id="support-reason"
        label={t('agency.client.reason')}
        hint={t('agency.client.reasonHint')}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        required
        minLength={3}
        maxLength={500}
        rows={3}
        error={reasonError}
        data-testid="support-reason"
        dir="auto"
      />
    </FormModal>
  );
}
