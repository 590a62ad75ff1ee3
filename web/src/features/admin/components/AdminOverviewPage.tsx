import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert, PageHeader, buttonClasses } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatNumber } from '../../../lib/format';
import { StatCard } from '../../dashboard/components/StatCard';
import { useAdminStats } from '../hooks/useAdmin';

export function AdminOverviewPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const stats = useAdminStats();
  const n = (v: number | undefined) => (v === undefined ? '—' : formatNumber(v, i18n.language));
  const suspended = stats.data ? stats.data.tenants - stats.data.activeTenants : undefined;
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
      {stats.isError && <Alert tone="danger" className="mb-4">{errorText(stats.error)}</Alert>}
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        <StatCard label={t('admin.overview.tenants')} value={n(stats.data?.tenants)} icon="building" loading={stats.isPending} testId="stat-tenants" />
        <StatCard label={t('admin.overview.activeTenants')} value={n(stats.data?.activeTenants)} icon="check" tone="success" loading={stats.isPending} />
        <StatCard label={t('admin.overview.suspendedTenants')} value={n(suspended)} icon="alert" tone="accent" loading={stats.isPending} />
        <StatCard label={t('admin.overview.users')} value={n(stats.data?.users)} icon="users" tone="secondary" loading={stats.isPending} />
      </div>
    </div>
  );
}
