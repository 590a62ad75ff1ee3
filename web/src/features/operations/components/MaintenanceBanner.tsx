//! The banner every signed-in person sees while maintenance mode is on. The app learns of it from `GET /config`
//! (polled every 30 s) and at once when a write is refused with `maintenance`; its strings load only when shown.
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { onApiError } from '../../../api/client';
import { Icon } from '../../../components/ui';
import { configApi } from '../../config/api';
import { loadOperationsStrings } from '../strings';

const POLL_MS = 30_000;

export function MaintenanceBanner() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const config = useQuery({ queryKey: ['config'], queryFn: configApi.get, staleTime: 5 * 60_000, refetchInterval: POLL_MS });
  const on = config.data?.maintenance?.enabled === true;
  const [ready, setReady] = useState(false);

  // A write refused because maintenance started: show the banner now, not at the next poll.
  useEffect(
    () =>
      onApiError((error) => {
        if (error.code === 'maintenance') void qc.invalidateQueries({ queryKey: ['config'] });
      }),
    [qc],
  );

  useEffect(() => {
    if (!on || ready) return;
    let live = true;
    loadOperationsStrings().then(
      () => live && setReady(true),
      () => live && setReady(true),
    );
    return () => {
      live = false;
    };
  }, [on, ready]);

  if (!on || !ready || !config.data) return null;
  return (
    <div role="status" className="border-b border-warning-200 bg-warning-50 px-4 py-2.5 text-sm text-warning-900 sm:px-6" data-testid="maintenance-banner">
      <div className="mx-auto flex max-w-6xl items-start gap-2">
        <Icon name="alert" className="mt-0.5 size-4 shrink-0" />
        <p className="min-w-0 break-words">
          <span className="font-semibold">{t('maintenance.banner')}</span>{' '}
          <span dir="auto">{config.data.maintenance.message}</span>
        </p>
      </div>
    </div>
  );
}
