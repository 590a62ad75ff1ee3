import { lazy, Suspense, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import type { Connection } from '../../../api/types';
import {
  Alert, Button, Card, CardBody, CardHeader, ConfirmMutationModal, CopyField, Field, Icon, PageSpinner, buttonClasses,
  type ConfirmableMutation,
} from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useConnection, useConnectionActions } from '../hooks/useWhatsapp';
import { ConnectionBadges, ConnectionStatusBadge } from './ConnectionBadges';
import { EditConnectionModal } from './EditConnectionModal';
import { TemplatesCard } from './TemplatesCard';
import { WebhookLogCard } from './WebhookLogCard';

// The QR code (and its library) only matter for QR-linked numbers: loaded with the first one opened.
const QrCard = lazy(() => import('./QrCard').then((m) => ({ default: m.QrCard })));

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="flex flex-col gap-0.5 sm:flex-row sm:items-baseline sm:justify-between sm:gap-4">
      <dt className="text-sm text-slate-500">{label}</dt>
      <dd className="text-sm font-medium text-slate-900">{children}</dd>
    </div>
  );
}

function StatusCard({ connection }: { connection: Connection }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { test } = useConnectionActions();
  const result = test.data?.connection.id === connection.id ? test.data : undefined;

  return (
    <Card>
      <CardHeader
        title={t('whatsapp.detail.statusTitle')}
        actions={
          <Button variant="outline" size="sm" onClick={() => test.mutate(connection.id)} loading={test.isPending} data-testid="test-connection">
            <Icon name="bolt" className="size-4" />
            {t('whatsapp.detail.test')}
          </Button>
        }
      />
      <CardBody className="space-y-4">
        <dl className="space-y-3">
          <Detail label={t('common.status')}>
            <span data-testid="connection-status" data-status={connection.status}>
              <ConnectionStatusBadge status={connection.status} />
            </span>
          </Detail>
          <Detail label={t('whatsapp.number')}>
            <span dir="ltr">{connection.displayPhoneNumber ?? '—'}</span>
          </Detail>
          {connection.verifiedName && <Detail label={t('whatsapp.verifiedName')}>{connection.verifiedName}</Detail>}
          {connection.phoneNumberId && (
            <Detail label={t('whatsapp.fields.phoneNumberId')}>
              <span className="font-mono text-xs" dir="ltr">{connection.phoneNumberId}</span>
            </Detail>
          )}
          <Detail label={t('whatsapp.fields.ratePerSecond')}>{connection.ratePerSecond}</Detail>
          {connection.kind === 'cloud' && (
            <Detail label={t('whatsapp.fields.messagingLimit')}>
              <span data-testid="messaging-limit">{connection.messagingLimit == null ? t('whatsapp.edit.unlimited') : formatNumber(connection.messagingLimit, i18n.language)}</span>
            </Detail>
          )}
          <Detail label={t('common.created')}>{formatDateTime(connection.createdAt, i18n.language)}</Detail>
        </dl>
        {connection.lastError && (
          <Alert tone="danger" title={t('whatsapp.lastError')}>
            <span dir="auto">{connection.lastError}</span>
            {connection.lastErrorAt && <span className="mt-1 block text-xs opacity-80">{formatDateTime(connection.lastErrorAt, i18n.language)}</span>}
          </Alert>
        )}
        <div data-testid="test-result" aria-live="polite">
          {test.isError && <Alert tone="danger">{errorText(test.error)}</Alert>}
          {result &&
            (result.ok ? (
              <Alert tone="success" title={t('whatsapp.detail.testOk')}>
                {[
                  result.verifiedName && t('whatsapp.detail.testVerifiedName', { name: result.verifiedName }),
                  result.displayPhoneNumber && t('whatsapp.detail.testNumber', { number: result.displayPhoneNumber }),
                  result.qualityRating && t('whatsapp.detail.testQuality', { rating: result.qualityRating }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </Alert>
            ) : (
              <Alert tone="danger" title={t('whatsapp.detail.testFailed')}>
                <span dir="auto">{result.error ?? t('errors.unknown')}</span>
              </Alert>
            ))}
        </div>
      </CardBody>
    </Card>
  );
}

function WebhookCard({ connection }: { connection: Connection }) {
  const { t } = useTranslation();
  const cloud = connection.kind === 'cloud';
  return (
    <Card>
      <CardHeader title={t('whatsapp.webhook.title')} description={cloud ? t('whatsapp.webhook.cloudHint') : t('whatsapp.webhook.qrHint')} />
      <CardBody className="space-y-4">
        <Field label={t('whatsapp.webhook.url')} htmlFor="webhook-url">
          <CopyField id="webhook-url" value={connection.webhookUrl} data-testid="webhook-url" />
        </Field>
        {cloud && (
          <Field label={t('whatsapp.fields.verifyToken')} htmlFor="verify-token">
            <CopyField id="verify-token" value={connection.verifyToken} data-testid="verify-token" />
          </Field>
        )}
        {cloud && <p className="text-xs text-slate-500">{t('whatsapp.webhook.fields')}</p>}
      </CardBody>
    </Card>
  );
}

export function ConnectionDetailPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const connection = useConnection(id);
  const { remove } = useConnectionActions();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState<Connection | null>(null);

  const back = (
    <Link to="/app/whatsapp" className="mb-3 inline-flex items-center gap-1.5 text-sm font-medium text-slate-500 hover:text-slate-800">
      <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
      {t('whatsapp.title')}
    </Link>
  );

  if (connection.isPending) return <PageSpinner label={t('common.loading')} />;
  if (connection.isError) {
    return (
      <div>
        {back}
        <Alert tone="danger">{errorText(connection.error)}</Alert>
      </div>
    );
  }
  const c = connection.data;
  // Leaving the page once the number is gone: the detail query must not refetch a deleted number.
  const removeAndLeave: ConfirmableMutation<string> = {
    ...remove,
    mutate: (vars, options) =>
      remove.mutate(vars, {
        onSuccess: () => {
          options.onSuccess();
          void navigate('/app/whatsapp', { replace: true });
        },
      }),
  };

  return (
    <div data-testid="number-detail">
      {back}
      <div className="mb-6 flex flex-col gap-4 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{c.name}</h1>
          <div className="mt-2 flex flex-wrap items-center gap-2">
            <ConnectionBadges connection={c} />
            <ConnectionStatusBadge status={c.status} />
          </div>
        </div>
        <div className="flex flex-wrap gap-2">
          {c.simulated && c.phoneNumberId && (
            <a
              href={`/phone?number=${encodeURIComponent(c.phoneNumberId)}`}
              target="_blank"
              rel="noreferrer"
              className={buttonClasses('secondary')}
              data-testid="open-customer-phone"
            >
              <Icon name="phone" className="size-4" />
              {t('whatsapp.detail.openPhone')}
            </a>
          )}
          <Button variant="outline" onClick={() => setEditing(true)} data-testid="edit-number">
            <Icon name="pencil" className="size-4" />
            {t('whatsapp.detail.edit')}
          </Button>
          <Button variant="outline" onClick={() => setDeleting(c)} data-testid="delete-number">
            <Icon name="trash" className="size-4" />
            {t('whatsapp.detail.delete')}
          </Button>
        </div>
      </div>

      <div className="grid gap-6 lg:grid-cols-2">
        <StatusCard connection={c} />
        {c.kind === 'wasender' ? (
          <Suspense fallback={null}>
            <QrCard connection={c} />
          </Suspense>
        ) : (
          <WebhookCard connection={c} />
        )}
      </div>
      <div className="mt-6 space-y-6">
        {c.kind === 'cloud' && <TemplatesCard connection={c} />}
        {c.kind === 'wasender' && <WebhookCard connection={c} />}
        <WebhookLogCard connectionId={c.id} />
      </div>

      {editing && <EditConnectionModal key={c.id} connection={c} onClose={() => setEditing(false)} />}
      <ConfirmMutationModal
        item={deleting}
        onClose={() => setDeleting(null)}
        mutation={removeAndLeave}
        variables={(n) => n.id}
        title={t('whatsapp.detail.deleteTitle')}
        body={t('whatsapp.detail.deleteBody', { name: deleting?.name ?? '' })}
        confirmLabel={t('whatsapp.detail.delete')}
        danger
      />
    </div>
  );
}
