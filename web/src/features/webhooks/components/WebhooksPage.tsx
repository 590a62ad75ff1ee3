//! Settings → Webhooks: every endpoint with its URL, description, events, on/off switch and health, and its test,
//! edit, roll-secret and delete buttons; a test's result shows under its endpoint.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Button, Card, ConfirmMutationModal, EmptyState, Icon, PageHeader, QueryView, Switch } from '../../../components/ui';
import { LimitReached, LockedFeature, useFeature, useUsageLimit } from '../../billing';
import { useEventCatalog, useWebhookActions, useWebhooks } from '../hooks';
import type { CreatedWebhook, EventKind, WebhookEndpoint, WebhookTestResult } from '../types';
import { EventChips, HealthLine, TestOutcome } from './parts';
import { RollSecretModal, SecretModal } from './SecretPanel';
import { WebhookFormModal } from './WebhookFormModal';

/** One endpoint as a card (fits a phone as well as a desktop). */
function EndpointCard({
  endpoint,
  catalog,
  onEdit,
  onRoll,
  onDelete,
}: {
  endpoint: WebhookEndpoint;
  catalog: EventKind[] | undefined;
  onEdit: () => void;
  onRoll: () => void;
  onDelete: () => void;
}) {
  const { t } = useTranslation();
  const { test, update } = useWebhookActions();
  const [tested, setTested] = useState<{ result?: WebhookTestResult; error?: unknown } | null>(null);
  return (
    <li className="space-y-3 p-4 sm:p-5" data-testid="webhook-row" data-id={endpoint.id}>
      <div className="flex items-start justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <Link to={endpoint.id} className="block font-mono text-sm font-medium break-all text-primary-700 hover:underline rtl:text-right" dir="ltr" data-testid="webhook-url">
            {endpoint.url}
          </Link>
          {endpoint.description && (
            <p className="text-sm text-slate-600">
              <bdi>{endpoint.description}</bdi>
            </p>
          )}
        </div>
        <div className="flex shrink-0 items-center gap-2">
          <span className="hidden text-xs text-slate-500 sm:inline">{endpoint.enabled ? t('webhooks.on') : t('webhooks.off')}</span>
          <Switch testId="webhook-enabled"
            on={endpoint.enabled}
            busy={update.isPending}
            label={t('webhooks.enabledLabel', { url: endpoint.url })}
            onChange={(on) => update.mutate({ id: endpoint.id, body: { enabled: on } })}
          />
        </div>
      </div>
      <EventChips events={endpoint.events} catalog={catalog} />
      <HealthLine endpoint={endpoint} />
      {update.error ? <TestOutcome error={update.error} /> : null}
      <div className="flex flex-wrap gap-2">
        <Button
          size="sm"
          variant="outline"
          loading={test.isPending}
          disabled={!endpoint.enabled}
          title={endpoint.enabled ? undefined : t('webhooks.test.turnOn')}
          data-testid="webhook-test"
          onClick={() => {
            setTested(null);
            test.mutate(endpoint.id, { onSuccess: (result) => setTested({ result }), onError: (error) => setTested({ error }) });
          }}
        >
          <Icon name="send" className="size-4" />
          {t('webhooks.test.button')}
        </Button>
        <Link to={endpoint.id} className="inline-flex items-center gap-1.5 rounded-lg border border-slate-200 px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-50" data-testid="webhook-open">
          <Icon name="list" className="size-4" />
          {t('webhooks.deliveries')}
        </Link>
        <Button size="sm" variant="ghost" onClick={onEdit} data-testid="webhook-edit">
          <Icon name="pencil" className="size-4" />
          {t('webhooks.edit')}
        </Button>
        <Button size="sm" variant="ghost" onClick={onRoll} data-testid="webhook-roll">
          <Icon name="refresh" className="size-4" />
          {t('webhooks.roll.button')}
        </Button>
        <Button size="sm" variant="ghost" className="text-danger-600 hover:bg-danger-50 hover:text-danger-700" onClick={onDelete} data-testid="webhook-delete">
          <Icon name="trash" className="size-4" />
          {t('webhooks.delete')}
        </Button>
      </div>
      {tested && <TestOutcome result={tested.result} error={tested.error} />}
    </li>
  );
}

export function WebhooksPage() {
  const { t } = useTranslation();
  const hooks = useWebhooks();
  const catalog = useEventCatalog();
  const { remove } = useWebhookActions();
  const locked = !useFeature('webhooks').allowed;
  const full = useUsageLimit('webhooks', hooks.data?.length).atLimit;
  const [editing, setEditing] = useState<WebhookEndpoint | 'new' | null>(null);
  const [rolling, setRolling] = useState<WebhookEndpoint | null>(null);
  const [deleting, setDeleting] = useState<WebhookEndpoint | null>(null);
  const [created, setCreated] = useState<CreatedWebhook | null>(null);

  const createButton = (
    <Button onClick={() => setEditing('new')} disabled={locked || full} data-testid="webhook-new">
      <Icon name={locked ? 'lock' : 'plus'} className="size-4" />
      {t('webhooks.new')}
    </Button>
  );

  return (
    <div>
      <PageHeader title={t('webhooks.title')} description={t('webhooks.subtitle')} actions={createButton} />
      <LockedFeature feature="webhooks" className="mb-4" />
      <LimitReached usage="webhooks" used={hooks.data?.length} className="mb-4" />
      <Card>
        <QueryView
          query={hooks}
          isEmpty={(data) => data.length === 0}
          empty={<EmptyState icon="globe" title={t('webhooks.emptyTitle')} description={t('webhooks.emptyBody')} action={locked ? undefined : createButton} />}
        >
          {(data) => (
            <ul className="divide-y divide-slate-100" data-testid="webhooks-list">
              {data.map((e) => (
                <EndpointCard
                  key={e.id}
                  endpoint={e}
                  catalog={catalog.data}
                  onEdit={() => setEditing(e)}
                  onRoll={() => setRolling(e)}
                  onDelete={() => setDeleting(e)}
                />
              ))}
            </ul>
          )}
        </QueryView>
      </Card>
      {editing !== null && (
        <WebhookFormModal
          key={editing === 'new' ? 'new' : editing.id}
          open
          endpoint={editing === 'new' ? null : editing}
          catalog={catalog.data}
          onClose={() => setEditing(null)}
          onCreated={(c) => {
            setEditing(null);
            setCreated(c);
          }}
        />
      )}
      <SecretModal secret={created?.secret ?? null} title={t('webhooks.secret.createdTitle')} onClose={() => setCreated(null)} />
      <RollSecretModal endpoint={rolling} onClose={() => setRolling(null)} />
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={remove}
        variables={(e) => e.id}
        title={t('webhooks.deleteTitle')}
        body={t('webhooks.deleteBody', { url: deleting?.url ?? '' })}
        confirmLabel={t('webhooks.delete')}
        danger
      />
    </div>
  );
}
