//! The platform admin's landing page (`/admin`): the title here, the dashboard itself in its own chunk, since the
//! router imports this page with the first page's JavaScript.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageHeader, PageSpinner, buttonClasses } from '../../../components/ui';

const PlatformDashboard = lazy(() => import('./PlatformDashboard').then((m) => ({ default: m.PlatformDashboard })));

export function AdminOverviewPage() {
  const { t } = useTranslation();
  return (
    <div>
      <PageHeader
        title={t('admin.overview.title')}
        description={t('admin.overview.subtitle')}
        actions={
          <Link to="/admin/tenants" className={buttonClasses('outline')}>
            {t('admin.overview.manageTenants')}
          </Link>
        }
      />
      <Suspense fallback={<PageSpinner label={t('common.loading')} />}>
        <PlatformDashboard />
      </Suspense>
    </div>
  );
}
