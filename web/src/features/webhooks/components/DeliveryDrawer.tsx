//! One delivery in a side drawer: the body as sent, every attempt (status, duration, answer excerpt, error) and the
//! replay button.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, CopyButton, Icon, PageSpinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useDelivery, useWebhookActions } from '../hooks';
import { prettyJson } from '../kinds';
import type { WebhookAttempt } from '../types';
import { DeliveryStateBadge } from './parts';

function AttemptItem({ a }: { a: WebhookAttempt }) {
  const { t, i18n } = useTranslation();
  const ok = a.status != null && a.status >= 200 && a.status < 300;
  return (
    <li className="rounded-xl border border-slate-200 p-3 text-sm" data-testid="delivery-attempt">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium text-slate-800">{t('webhooks.drawer.attempt', { n: a.attempt })}</span>
        <span className="text-xs text-slate-500">{formatDateTime(a.at, i18n.language)}</span>
      </div>
      <dl className="mt-1 flex flex-wrap gap-x-4 gap-y-1">
        <div className="flex gap-1.5">
          <dt className="text-slate-500">{t('webhooks.drawer.status')}</dt>
          <dd className={ok ? 'font-medium text-success-700' : 'font-medium text-danger-700'} data-testid="attempt-status">
            {a.status ?? t('webhooks.drawer.noAnswer')}
          </dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="text-slate-500">{t('webhooks.drawer.duration')}</dt>
          <dd className="text-slate-700">{t('webhooks.ms', { ms: formatNumber(a.durationMs, i18n.language) })}</dd>
        </div>
      </dl>
      {a.error && (
        <p className="mt-1 text-danger-700" dir="auto">
          {a.error}
        </p>
      )}
      {a.responseExcerpt && (
        <>
          <p className="mt-2 text-xs font-medium text-slate-500">{t('webhooks.drawer.response')}</p>
          <pre className="mt-1 max-h-40 overflow-auto rounded-lg bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-slate-700" dir="ltr">
            {a.responseExcerpt}
          </pre>
        </>
      )}
    </li>
  );
}

export function DeliveryDrawer({ endpointId, deliveryId, onClose }: { endpointId: string; deliveryId: number | null; onClose: () => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const detail = useDelivery(endpointId, deliveryId);
  const { replay } = useWebhookActions();

  useEffect(() => {
    if (deliveryId === null) return;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [deliveryId, onClose]);

  useEffect(() => {
    replay.reset();
    // Only when another delivery opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [deliveryId]);

  if (deliveryId === null) return null;
  const d = detail.data;
  const body = d ? prettyJson(d.body) : '';
  return (
    <div className="fixed inset-0 z-40 flex justify-end">
      <div className="absolute inset-0 animate-fade-in bg-slate-900/30" onClick={onClose} aria-hidden="true" />
      <aside
        role="dialog"
        aria-modal="true"
        aria-labelledby="delivery-drawer-title"
        data-testid="delivery-drawer"
        className="relative flex h-full w-full max-w-xl flex-col bg-white shadow-2xl"
      >
        <header className="flex items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div className="min-w-0">
            <h2 id="delivery-drawer-title" className="text-base font-semibold text-slate-900">
              {t('webhooks.drawer.title', { id: deliveryId })}
            </h2>
            {d && (
              <p className="mt-1 flex flex-wrap items-center gap-2 text-sm text-slate-500">
                <code className="font-mono text-xs text-slate-700" dir="ltr">
                  {d.delivery.event}
                </code>
                <DeliveryStateBadge state={d.delivery.state} />
                <span>{formatDateTime(d.delivery.createdAt, i18n.language)}</span>
              </p>
            )}
          </div>
          <button type="button" onClick={onClose} className="-me-1.5 rounded-lg p-1.5 text-slate-400 hover:bg-slate-100 hover:text-slate-600" aria-label={t('common.close')}>
            <Icon name="close" />
          </button>
        </header>
        <div className="flex-1 space-y-5 overflow-y-auto px-5 py-4">
          {detail.isPending ? (
            <PageSpinner label={t('common.loading')} />
          ) : detail.isError ? (
            <Alert tone="danger">{errorText(detail.error)}</Alert>
          ) : (
            d && (
              <>
                <section className="space-y-2">
                  <div className="flex items-center justify-between gap-2">
                    <h3 className="text-sm font-semibold text-slate-800">{t('webhooks.drawer.body')}</h3>
                    <CopyButton value={body} />
                  </div>
                  <pre className="max-h-80 overflow-auto rounded-lg bg-slate-900 p-3 font-mono text-[11px] leading-relaxed text-slate-100" dir="ltr" data-testid="delivery-body">
                    {body}
                  </pre>
                </section>
                <section className="space-y-2">
                  <h3 className="text-sm font-semibold text-slate-800">{t('webhooks.drawer.attempts')}</h3>
                  {d.attempts.length === 0 ? (
                    <p className="text-sm text-slate-500">{t('webhooks.drawer.noAttempts')}</p>
                  ) : (
                    <ol className="space-y-2">
                      {d.attempts.map((a) => (
                        <AttemptItem key={a.attempt} a={a} />
                      ))}
                    </ol>
                  )}
                </section>
              </>
            )
          )}
        </div>
        <footer className="space-y-2 border-t border-slate-100 px-5 py-3">
          {replay.isSuccess && <Alert tone="success">{t('webhooks.drawer.replayed', { id: replay.data.id })}</Alert>}
          {replay.error ? <Alert tone="danger">{errorText(replay.error)}</Alert> : null}
          <div className="flex justify-end">
            <Button
              variant="outline"
              loading={replay.isPending}
              disabled={!d}
              onClick={() => replay.mutate({ id: endpointId, deliveryId })}
              data-testid="delivery-replay"
            >
              <Icon name="refresh" className="size-4" />
              {t('webhooks.drawer.replay')}
            </Button>
          </div>
        </footer>
      </aside>
    </div>
  );
}
