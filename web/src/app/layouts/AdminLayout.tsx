import { useTranslation } from 'react-i18next';
import { Badge } from '../../components/ui';
import { RunningVersion } from '../../features/operations/components/RunningVersion';
import { AppShell } from './AppShell';

export function AdminLayout() {
  const { t } = useTranslation();
  return (
    <AppShell
      area="admin"
      testId="layout-admin"
      title={t('admin.platform')}
      badge={<Badge tone="accent">{t('admin.badge')}</Badge>}
      footer={<RunningVersion />}
      nav={[
        { to: '/admin', label: t('nav.overview'), icon: 'chart', end: true },
        { to: '/admin/tenants', label: t('nav.tenants'), icon: 'building' },
        { to: '/admin/agencies', label: t('nav.agencies'), icon: 'users' },
        { to: '/admin/billing', label: t('adminBilling.nav.subscriptions'), icon: 'refresh' },
        { to: '/admin/plans', label: t('adminBilling.nav.plans'), icon: 'tag' },
        { to: '/admin/prices', label: t('admin.prices.nav'), icon: 'chart' },
        { to: '/admin/strings', label: t('nav.strings'), icon: 'globe' },
        { to: '/admin/backups', label: t('nav.backups'), icon: 'download' },
        { to: '/admin/system', label: t('nav.system'), icon: 'shield' },
        { to: '/admin/profile', label: t('nav.profile'), icon: 'user' },
        { to: '/admin/security', label: t('twoFactor.nav'), icon: 'lock' },
      ]}
    />
  );
}
