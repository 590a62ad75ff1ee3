//! The page a session that must set up two-factor sign-in is kept on (the workspace's owner requires it, or a
//! platform admin): why, the set-up, and a way to sign out. Once on, a refresh gives a normal session and the guard
//! sends the person on to their home.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sessionManager } from '../../../api/client';
import { AuthLayout } from '../../../app/layouts/AuthLayout';
import { Alert, Button } from '../../../components/ui';
import { useLogout, useSession } from '../../auth';
import { EnrolTwoFactor } from './EnrolTwoFactor';

export function EnrolmentPage() {
  const { t } = useTranslation();
  const session = useSession();
  const logout = useLogout();
  const [failed, setFailed] = useState(false);
  // A platform admin always needs it; otherwise the workspace signed into asks it of every member.
  const reason = session.user.isPlatformAdmin
    ? t('security.enrol.reasonAdmin')
    : t('security.enrol.reasonWorkspace', { workspace: session.tenant?.name ?? '' });

  const finish = () => {
    setFailed(false);
    void sessionManager.refresh().then((ok) => setFailed(!ok));
  };

  return (
    <AuthLayout
      title={t('security.enrol.forcedTitle')}
      footer={
        <Button variant="ghost" onClick={() => logout.mutate()} loading={logout.isPending} data-testid="enrol-sign-out">
          {t('nav.logout')}
        </Button>
      }
    >
      <div className="space-y-5" data-testid="enrolment-page">
        <Alert tone="info">{reason}</Alert>
        {failed && <Alert tone="danger">{t('errors.unknown')}</Alert>}
        <EnrolTwoFactor forced onDone={finish} />
      </div>
    </AuthLayout>
  );
}
