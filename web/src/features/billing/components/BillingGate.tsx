import { useQueryClient } from '@tanstack/react-query';
import { useEffect, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router';
import { Icon } from '../../../components/ui';
import { billingKeys, useBillingOverview } from '../hooks';
import { setWorkspaceSuspended, useBillingPromptState } from '../store';

/** Pages an owner of a suspended workspace may still open: billing (to pay) and the profile. */
const OPEN_WHEN_SUSPENDED = ['/app/billing', '/app/profile'];

export function SuspendedNotice() {
  const { t } = useTranslation();
  return (
    <div className="mx-auto flex max-w-lg flex-col items-center px-4 py-16 text-center" data-testid="workspace-suspended">
      <div className="mb-5 flex size-14 items-center justify-center rounded-2xl bg-danger-50 text-danger-600">
        <Icon name="lock" className="size-7" />
      </div>
      <h1 className="text-xl font-semibold text-slate-900">{t('billing.suspended.title')}</h1>
      <p className="mt-2 text-sm text-slate-600">{t('billing.suspended.body')}</p>
    </div>
  );
}

/**
 * A workspace's pages while it is suspended for an unpaid bill: owners are sent to the billing page (which the API
 * still serves), everyone else sees a notice instead of the page. Any request answered 402 workspace_suspended makes
 * the billing overview be read again, and the overview decides.
 */
export function BillingGate({ isOwner, children }: { isOwner: boolean; children: ReactNode }) {
  const overview = useBillingOverview();
  const { suspended: flagged } = useBillingPromptState();
  const qc = useQueryClient();
  const location = useLocation();

  useEffect(() => {
    if (!flagged) return;
    setWorkspaceSuspended(false);
    void qc.invalidateQueries({ queryKey: billingKeys.all });
  }, [flagged, qc]);

  if (overview.data?.access !== 'suspended') return children;
  if (isOwner) {
    return OPEN_WHEN_SUSPENDED.includes(location.pathname) ? children : <Navigate to="/app/billing" replace />;
  }
  return <SuspendedNotice />;
}
