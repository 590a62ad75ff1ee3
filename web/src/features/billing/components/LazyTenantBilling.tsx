import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { PageSpinner } from '../../../components/ui';

const Panel = lazy(() => import('../admin/TenantBillingPanel').then((m) => ({ default: m.TenantBillingPanel })));

/** One tenant's billing for the platform admin's tenant page, loaded with it. */
export function TenantBillingSection({ tenantId }: { tenantId: string }) {
  const { t } = useTranslation();
  return (
    <Suspense fallback={<PageSpinner label={t('common.loading')} />}>
      <Panel tenantId={tenantId} />
    </Suspense>
  );
}
