//! /app/agency/settings: who pays for the clients (the agency, or each client by card) and what the platform lets
//! the agency do. The billing mode is changed on the Billing tab.
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Badge, Card, CardBody, CardHeader, PageHeader, QueryView, buttonClasses } from '../../../components/ui';
import { formatNumber } from '../../../lib/format';
import type { Agency } from '../api';
import { useAgency } from '../hooks';
import { AgencyTabs } from './AgencyTabs';

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

/** Who pays, as it is now; the switch (with its confirmation and the clients it moves) is on the Billing tab. */
function BillingModeCard({ a }: { a: Agency }) {
  const { t } = useTranslation();
  const m = a.billingMode;
  return (
    <Card>
      <CardHeader title={t('agency.settings.billingMode')} description={t('agency.settings.billingModeHint')} />
      <CardBody className="space-y-3">
        <div className="rounded-xl border border-primary-400 bg-primary-50/50 p-3" data-testid={`billing-mode-${m}`}>
          <span className="flex items-center gap-2">
            <span className="text-sm font-medium text-slate-900">{t(`agency.settings.modes.${m}.label`)}</span>
            <Badge tone="primary">{t('agency.settings.current')}</Badge>
          </span>
          <span className="block text-sm text-slate-500">{t(`agency.settings.modes.${m}.body`)}</span>
        </div>
        <Link to="/app/agency/billing" className={buttonClasses('secondary', 'sm')} data-testid="billing-mode-change">
          {t('agency.settings.change')}
        </Link>
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
