import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { Badge, Icon, PageHeader, QueryView } from '../../../components/ui';
import { formatDate, formatNumber } from '../../../lib/format';
import { TenantAgencySection } from '../../agency';
import { TenantBillingSection } from '../../billing';
import { adminApi } from '../api';

/** `/admin/tenants/:id`: one tenant, its members and owner, and its billing. */
export function AdminTenantPage() {
  const { t, i18n } = useTranslation();
  const { id = '' } = useParams();
  const tenant = useQuery({ queryKey: ['admin', 'tenant', id, 'summary'], queryFn: () => adminApi.tenant(id), enabled: Boolean(id) });

  return (
    <div data-testid="admin-tenant-page">
      <Link to="/admin/tenants" className="mb-3 inline-flex items-center gap-1 text-sm font-medium text-slate-500 hover:text-slate-800">
        <Icon name="arrowStart" className="size-4 rtl:rotate-180" />
        {t('adminBilling.tenantPage.back')}
      </Link>
      <QueryView query={tenant}>
        {(tn) => (
          <>
            <PageHeader
              title={
                <span className="flex flex-wrap items-center gap-2">
                  <span dir="auto">{tn.name}</span>
                  <Badge tone={tn.status === 'suspended' ? 'danger' : 'success'} dot>
                    {tn.status === 'suspended' ? t('tenantStatus.suspended') : t('tenantStatus.active')}
                  </Badge>
                </span>
              }
              description={
                <span className="flex flex-wrap gap-x-3 gap-y-1">
                  <span dir="ltr" className="font-mono">
                    {tn.slug}
                  </span>
                  {tn.ownerEmail && <span dir="ltr">{tn.ownerEmail}</span>}
                  <span>{t('adminBilling.tenantPage.members', { n: formatNumber(tn.memberCount, i18n.language) })}</span>
                  <span>{t('adminBilling.tenantPage.created', { date: formatDate(tn.createdAt, i18n.language) })}</span>
                </span>
              }
            />
            <h2 className="mb-3 text-lg font-semibold text-slate-900">{t('adminBilling.tenantPage.billing')}</h2>
            <TenantBillingSection tenantId={tn.id} />
            <div className="mt-6">
              <TenantAgencySection tenantId={tn.id} />
            </div>
          </>
        )}
      </QueryView>
    </div>
  );
}
