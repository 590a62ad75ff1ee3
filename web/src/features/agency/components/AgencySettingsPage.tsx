//! /app/agency/settings: who pays for the clients (the agency, or each client by card) and what the platform lets
//! the agency do. Owners change the billing mode; managers see it.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Card, CardBody, CardHeader, PageHeader, QueryView } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatNumber } from '../../../lib/format';
import { useSession } from '../../auth';
import type { Agency, BillingMode } from '../api';
import { useAgency, useSetBillingMode } from '../hooks';
import { AgencyTabs } from './AgencyTabs';

const MODES: BillingMode[] = ['agency', 'client'];

export function AgencySettingsPage() {
  const { t } = useTranslation();
  const agency = useAgency();
  return (
    <div data-testid="agency-settings">
      <PageHeader title={t('agency.title')} description={t('agency.settings.subtitle')} />
      <AgencyTabs />
      <QueryView query={agency}>
        {(a) => (
          <div className="grid gap-6 lg:grid-cols-2">
            <BillingModeCard a={a} />
            <CapsCard a={a} />
          </div>
        )}
      </QueryView>
    </div>
  );
}

function BillingModeCard({ a }: { a: Agency }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const save = useSetBillingMode();
  const owner = session.role === 'owner';
  return (
    <Card>
      <CardHeader title={t('agency.settings.billingMode')} description={t('agency.settings.billingModeHint')} />
      <CardBody className="space-y-3">
        {save.isError && <Alert tone="danger">{errorText(save.error)}</Alert>}
        <div role="radiogroup" aria-label={t('agency.settings.billingMode')} className="space-y-2">
          {MODES.map((m) => (
            <label
              key={m}
              className="flex cursor-pointer items-start gap-3 rounded-xl border border-slate-200 p-3 has-[:checked]:border-primary-400 has-[:checked]:bg-primary-50/50"
            >
              <input
                type="radio"
                name="billing-mode"
                value={m}
                checked={a.billingMode === m}
                disabled={!owner || save.isPending}
                onChange={() => save.mutate(m)}
                className="mt-1 size-4"
                data-testid={`billing-mode-${m}`}
              />
              <span>
                <span className="block text-sm font-medium text-slate-900">{t(`agency.settings.modes.${m}.label`)}</span>
                <span className="block text-sm text-slate-500">{t(`agency.settings.modes.${m}.body`)}</span>
              </span>
            </label>
          ))}
        </div>
        {!owner && <p className="text-xs text-slate-500">{t('agency.settings.ownerOnly')}</p>}
      </CardBody>
    </Card>
  );
}

function CapsCard({ a }: { a: Agency }) {
  const { t, i18n } = useTranslation();
  const yes = (v: boolean) => <Badge tone={v ? 'success' : 'neutral'}>{v ? t('agency.caps.yes') : t('agency.caps.no')}</Badge>;
  const rows: [string, ReactNode][] = [
    [t('agency.caps.maxClients'), a.caps.maxClients == null ? t('agency.caps.unlimited') : formatNumber(a.caps.maxClients, i18n.language)],
    [t('agency.caps.poweredBy'), yes(a.caps.mayRemovePoweredBy)],
    [t('agency.caps.domains'), yes(a.caps.mayUseCustomDomains)],
    [t('agency.caps.sender'), yes(a.caps.mayUseOwnSender)],
  ];
  return (
    <Card>
      <CardHeader title={t('agency.caps.title')} description={a.planName ? t('agency.caps.plan', { name: a.planName }) : t('agency.caps.noPlan')} />
      <CardBody>
        <dl className="divide-y divide-slate-100 text-sm">
          {rows.map(([k, v]) => (
            <div key={k} className="flex items-center justify-between gap-3 py-2">
              <dt className="text-slate-600">{k}</dt>
              <dd className="font-medium text-slate-900">{v}</dd>
            </div>
          ))}
        </dl>
      </CardBody>
    </Card>
  );
}
