//! Slots the always-loaded layouts render: each fetches the agency chunk (with its strings) only when used.
import { lazy, Suspense } from 'react';
import { loadAgencyPages } from '../routes';

const Banner = lazy(() => loadAgencyPages().then((m) => ({ default: m.SupportBanner })));
const AdminPanel = lazy(() => loadAgencyPages().then((m) => ({ default: m.AdminTenantAgencyPanel })));

/** The support session's banner, fetched only when the session is one. */
export function SupportBannerSlot({ active }: { active: boolean }) {
  if (!active) return null;
  return (
    <Suspense fallback={null}>
      <Banner />
    </Suspense>
  );
}

/** The agency controls of the platform admin's tenant page, loaded with it. */
export function TenantAgencySection({ tenantId }: { tenantId: string }) {
  return (
    <Suspense fallback={null}>
      <AdminPanel tenantId={tenantId} />
    </Suspense>
  );
}
