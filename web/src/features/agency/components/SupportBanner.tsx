//! The banner of a support session in a client workspace: "Support access until HH:MM — ends automatically" and
//! "End support". A little before the entry ends the app goes back to the agency by itself (the server refuses the
//! session right after). Loaded only for such a session, with its strings.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Icon } from '../../../components/ui';
import { formatTime } from '../../../lib/format';
import { useSession } from '../../auth';
import { useEndSupport } from '../hooks';
import { msUntilLeave } from '../support';

export function SupportBanner() {
  const { t, i18n } = useTranslation();
  const session = useSession();
  const end = useEndSupport();
  const support = session.support;
  const clientId = session.tenant?.id;
  const { mutate } = end;
  useEffect(() => {
    if (!support || !clientId) return;
    const timer = setTimeout(() => mutate({ agencyId: support.agencyId, clientId }), msUntilLeave(support.expiresAt, Date.now()));
    return () => clearTimeout(timer);
  }, [support, clientId, mutate]);
  if (!support || !clientId) return null;
  return (
    <div className="flex flex-wrap items-center gap-3 border-b border-warning-200 bg-warning-50 px-4 py-2.5 text-sm text-warning-900 sm:px-6" role="status" data-testid="support-banner">
      <Icon name="shield" className="size-5 shrink-0 text-warning-600" />
      <p className="min-w-0 flex-1">
        <span className="font-semibold">{t('agency.banner.until', { time: formatTime(support.expiresAt, i18n.language) })}</span>{' '}
        <span className="text-warning-800">{t('agency.banner.as', { agency: support.agencyName })}</span>
      </p>
      <Button size="sm" variant="outline" loading={end.isPending} onClick={() => mutate({ agencyId: support.agencyId, clientId })} data-testid="end-support">
        {t('agency.banner.end')}
      </Button>
    </div>
  );
}
