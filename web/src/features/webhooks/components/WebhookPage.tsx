//! An endpoint's page: its URL, events, switch and health with the test, edit and roll buttons, and its recent
//! deliveries (newest first, filterable by state, more by cursor); a delivery opens in a drawer.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import {
  Button, Card, CardHeader, ConfirmMutationModal, EmptyState, Icon, LoadMore, QueryView, Select, Switch, TBody, TD, TR, Table, TableHeader,
} from '../../../components/ui';
import { formatDateTime } from '../../../lib/format';
import { useDeliveries, useEventCatalog, useWebhook, useWebhookActions } from '../hooks';
import { DELIVERY_STATES, type DeliveryState, type WebhookEndpoint, type WebhookTestResult } from '../types';
import { DeliveryDrawer } from './DeliveryDrawer';
import { DeliveryStateBadge, EventChips, HealthLine, TestOutcome } from './parts';
import { RollSecretModal } from './SecretPanel';
import { WebhookFormModal } from './WebhookFormModal';

function isState(v: string): v is DeliveryState {
  return (DELIVERY_STATES as readonly string[]).includes(v);
}

function Deliveries({ endpointId }: { endpointId: string }) {
  const { t, i18n } = useTranslation();
  const [state, setState] = useState<DeliveryState | null>(null);
  const [open, setOpen] = useState<number | null>(null);
  const pages = useDeliveries(endpointId, state);
  const when = (iso: string | null | undefined) => formatDateTime(iso, i18n.language);
  return (
    <Card>
      <CardHeader
        title={t('webhooks.log.title')}
        description={t('webhooks.log.subtitle')}
        actions={
          <label className="flex items-center gap-2 text-sm text-slate-600">
            <span>{t('webhooks.log.filter')}</span>
            <Select
              controlSize="sm"
              value={state ?? ''}
              onChange={(e) => setState(isState(e.target.value) ? e.target.value : null)}
              data-testid="delivery-filter"
            >
              <option value="">{t('webhooks.log.allStates')}</option>
              {DELIVERY_STATES.map((s) => (
                <option key={s} value={s}>
                  {t(`webhooks.states.${s}`)}
                </option>
              ))}
            </Select>
          </label>
        }
      />
      <QueryView
        query={pages}
        isEmpty={(data) => data.pages.every((p) => p.items.length === 0)}
        empty={<EmptyState icon="list" title={state ? t('webhooks.log.noneInState') : t('webhooks.log.empty')} description={t('webhooks.log.emptyHint')} />}
      >
        {(data) => (
          <>
            <div className="hidden sm:block">
              <Table minWidth="min-w-[44rem]" dense data-testid="deliveries-table">
                <TableHeader
                  columns={[t('webhooks.log.event'), t('webhooks.log.state'), t('webhooks.log.attempts'), t('webhooks.log.lastStatus'), t('webhooks.log.time'), t('webhooks.log.nextRetry')]}
                />
                <TBody>
                  {data.pages.flatMap((p) =>
                    p.items.map((d) => (
                      <TR key={d.id} data-testid="delivery-row" data-event={d.event} data-id={d.id}>
                        <TD>
                          <button
                            type="button"
                            onClick={() => setOpen(d.id)}
                            className="text-start font-mono text-xs font-medium text-primary-700 hover:underline"
                            dir="ltr"
                            data-testid="delivery-open"
                          >
                            {d.event}
                          </button>
                        </TD>
                        <TD>
                          <DeliveryStateBadge state={d.state} />
                        </TD>
                        <TD className="tabular-nums">{d.attempts}</TD>
                        <TD className="tabular-nums" title={d.lastError ?? undefined}>
                          {d.lastStatus ?? (d.lastError ? <span className="text-danger-700">{t('webhooks.drawer.noAnswer')}</span> : '—')}
                        </TD>
                        <TD className="whitespace-nowrap text-slate-500">{when(d.createdAt)}</TD>
                        <TD className="whitespace-nowrap text-slate-500">{d.nextAttemptAt ? when(d.nextAttemptAt) : '—'}</TD>
                      </TR>
                    )),
                  )}
                </TBody>
              </Table>
            </div>
            {/* On a phone, each delivery is a card (six columns do not fit 375 px). */}
            <ul className="divide-y divide-slate-100 sm:hidden" data-testid="deliveries-cards">
              {data.pages.flatMap((p) =>
                p.items.map((d) => (
                  <li key={d.id} data-testid="delivery-card" data-event={d.event} data-id={d.id}>
                    <button type="button" onClick={() => setOpen(d.id)} className="block w-full space-y-1.5 px-4 py-3 text-start hover:bg-slate-50" data-testid="delivery-open">
                      <span className="flex items-center justify-between gap-2">
                        <code className="truncate font-mono text-xs font-medium text-primary-700" dir="ltr">
                          {d.event}
                        </code>
                        <DeliveryStateBadge state={d.state} />
                      </span>
                      <span className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-500">
                        <span>{when(d.createdAt)}</span>
                        <span>{t('webhooks.log.attemptsN', { n: d.attempts })}</span>
                        {d.lastStatus != null && <span>{t('webhooks.log.statusN', { status: d.lastStatus })}</span>}
                        {d.nextAttemptAt && <span>{t('webhooks.log.retryAt', { time: when(d.nextAttemptAt) })}</span>}
                      </span>
                    </button>
                  </li>
                )),
              )}
            </ul>
            <LoadMore pages={pages} label={t('webhooks.log.more')} testId="deliveries-more" />
          </>
        )}
      </QueryView>
      <DeliveryDrawer endpointId={endpointId} deliveryId={open} onClose={() => setOpen(null)} />
    </Card>
  );
}

function EndpointHeader({ endpoint }: { endpoint: WebhookEndpoint }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const catalog = useEventCatalog();
  const { test, update, remove } = useWebhookActions(() => void navigate('/app/webhooks'));
  const [tested, setTested] = useState<{ result?: WebhookTestResult; error?: unknown } | null>(null);
  const [editing, setEditing] = useState(false);
  const [rolling, setRolling] = useState(false);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  return (
    <Card className="mb-6 space-y-3 p-4 sm:p-5">
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <h1 className="font-mono text-base font-semibold break-all text-slate-900 sm:text-lg rtl:text-right" dir="ltr" data-testid="webhook-title">
            {endpoint.url}
          </h1>
          {endpoint.description && (
            <p className="text-sm text-slate-600">
              <bdi>{endpoint.description}</bdi>
            </p>
          )}
        </div>
        <Switch testId="webhook-enabled"
          on={endpoint.enabled}
          busy={update.isPending}
          label={t('webhooks.enabledLabel', { url: endpoint.url })}
          onChange={(on) => update.mutate({ id: endpoint.id, body: { enabled: on } })}
        />
      </div>
      <EventChips events={endpoint.events} catalog={catalog.data} />
      <HealthLine endpoint={endpoint} />
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="outline"
          loading={test.isPending}
          disabled={!endpoint.enabled}
          data-testid="webhook-test"
          onClick={() => {
            setTested(null);
            test.mutate(endpoint.id, { onSuccess: (result) => setTested({ result }), onError: (error) => setTested({ error }) });
          }}
        >
          <Icon name="send" className="size-4" />
          {t('webhooks.test.button')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setEditing(true)} data-testid="webhook-edit">
          <Icon name="pencil" className="size-4" />
          {t('webhooks.edit')}
        </Button>
        <Button size="sm" variant="ghost" onClick={() => setRolling(true)} data-testid="webhook-roll">
          <Icon name="refresh" className="size-4" />
          {t('webhooks.roll.button')}
        </Button>
        <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={() => setDeleting(endpoint)} data-testid="webhook-delete">
          <Icon name="trash" className="size-4" />
          {t('webhooks.delete')}
        </Button>
      </div>
      {update.error ? <TestOutcome error={update.error} /> : null}
      {tested && <TestOutcome result={tested.result} error={tested.error} />}
      {editing && (
        <WebhookFormModal open endpoint={endpoint} catalog={catalog.data} onClose={() => setEditing(false)} onCreated={() => setEditing(false)} />
      )}
      <RollSecretModal endpoint={rolling ? endpoint : null} onClose={() => setRolling(false)} />
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(e) => e.id}
        title={t('webhooks.deleteTitle')}
        body={t('webhooks.deleteBody', { url: endpoint.url })}
        confirmLabel={t('webhooks.delete')}
        danger
      />
    </Card>
  );
}

export function WebhookRoute() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const endpoint = useWebhook(id);
  return (
    <div>
      <Link to=".." relative="path" className="mb-4 inline-flex items-center gap-1 text-sm font-medium text-slate-600 hover:text-slate-900" data-testid="webhooks-back">
        <Icon name="arrowStart" className="size-4" />
        {t('webhooks.title')}
      </Link>
      <QueryView query={endpoint}>
        {(e) => (
          <>
            <EndpointHeader endpoint={e} />
            <Deliveries endpointId={e.id} />
          </>
        )}
      </QueryView>
    </div>
  );
}
