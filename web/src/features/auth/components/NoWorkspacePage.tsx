import { useTranslation } from 'react-i18next';
import { AuthLayout } from '../../../app/layouts/AuthLayout';
import { Alert, Button } from '../../../components/ui';
import { useLogout } from '../hooks/useAuthActions';

export function NoWorkspacePage() {
  const { t } = useTranslation();
  const logout = useLogout();
  return (
    <AuthLayout title={t('auth.noWorkspace.title')}>
      <div className="space-y-4">
        <Alert tone="info">{t('auth.noWorkspace.body')}</Alert>
        <Button variant="outline" className="w-full" loading={logout.isPending} onClick={() => logout.mutate()}>
          {t('nav.logout')}
        </Button>
      </div>
    </AuthLayout>
  );
}
