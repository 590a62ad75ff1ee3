//! Small pieces both webhooks pages show: the events as chips, the health line, a test's result and a delivery's
//! state badge.
import { useTranslation } from 'react-i18next';
import { Alert, Badge, type BadgeTone } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { coversAll, healthOf } from '../kinds';
import type { DeliveryState, EventKind, WebhookEndpoint, WebhookTestResult } from '../types';

/** Event kinds as chips (machine names: left to right in Arabic too); one "All events" chip for every kind. */
export function EventChips({ events, catalog }: { events: string[]; catalog: EventKind[] | undefined }) {
  const { t } = useTranslation();
  if (catalog && coversAll(events, catalog)) {
    return (
      <Badge tone="primary" data-testid="webhook-events-all">
        {t('webhooks.allEvents')}
      </Badge>
    );
  }
  return (
    <ul className="flex flex-wrap gap-1.5" data-testid="webhook-events">
      {events.map((e) => (
        <li key={e}>
          <Badge className="font-mono" dir="ltr">
            {e}
          </Badge>
        </li>
      ))}
    </ul>
  );
}

/** Delivered and failed in the last day, pending, and what is wrong: Parley's reason in a warning, or failing since. */
export function HealthLine({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t, i18n } = useTranslation();
  const n = (v: number) => formatNumber(v, i18n.language);
  const health = healthOf(endpoint);
  return (
    <div className="space-y-2" data-testid="webhook-health" data-health={health.kind}>
      <dl className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
        <div className="flex gap-1.5">
          <dt className="text-slate-500">{t('webhooks.health.delivered')}</dt>
          <dd className="font-medium text-success-700" data-testid="webhook-delivered">{n(endpoint.delivered24h)}</dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="text-slate-500">{t('webhooks.health.failed')}</dt>
          <dd className={cn('font-medium', endpoint.failed24h > 0 ? 'text-danger-700' : 'text-slate-700')}>{n(endpoint.failed24h)}</dd>
        </div>
        <div className="flex gap-1.5">
          <dt className="text-slate-500">{t('webhooks.health.pending')}</dt>
          <dd className="font-medium text-slate-700">{n(endpoint.pending)}</dd>
        </div>
      </dl>
      {health.kind === 'disabled' && (
        <Alert tone="warning" title={t('webhooks.health.disabledTitle')}>
          <span dir="auto">{health.reason}</span> {t('webhooks.health.disabledHint')}
        </Alert>
      )}
      {health.kind === 'failing' && (
        <p className="flex items-center gap-1.5 text-sm text-danger-700">
          <span className="size-2 shrink-0 rounded-full bg-danger-500" aria-hidden="true" />
          {t('webhooks.health.failingSince', { time: formatDateTime(health.since, i18n.language) })}
        </p>
      )}
    </div>
  );
}

/** What a test delivery got: "Delivered: 200 in 34 ms", or the status or error it failed with. */
export function TestOutcome({ result, error }: { result?: WebhookTestResult; error?: unknown }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  if (error) return <Alert tone="danger">{errorText(error)}</Alert>;
  if (!result) return null;
  const ms = formatNumber(result.durationMs, i18n.language);
  return (
    <div data-testid="webhook-test-result" data-delivered={result.delivered}>
      <Alert
        tone={result.delivered ? 'success' : 'danger'}
        title={
          result.delivered
            ? t('webhooks.test.delivered', { status: result.status ?? '', ms })
            : result.status != null
              ? t('webhooks.test.failedStatus', { status: result.status, ms })
              : t('webhooks.test.failed', { ms })
        }
      >
        {result.error && !result.delivered && <p dir="auto">{result.error}</p>}
        {result.responseExcerpt && (
          <pre className="mt-1 max-h-32 overflow-auto rounded-md bg-white/60 p-2 font-mono text-xs whitespace-pre-wrap" dir="ltr">
            {result.responseExcerpt}
          </pre>
        )}
      </Alert>
    </div>
  );
}

const STATE_TONES: Record<DeliveryState, BadgeTone> = { pending: 'warning', sending: 'primary', delivered: 'success', dead: 'danger' };

export function DeliveryStateBadge({ state }: { state: string }) {
  const { t } = useTranslation();
  const known = state in STATE_TONES;
  return (
    <Badge tone={known ? STATE_TONES[state as DeliveryState] : 'neutral'} dot data-testid="delivery-state" data-state={state}>
      {known ? t(`webhooks.states.${state as DeliveryState}`) : state}
    </Badge>
  );
}

