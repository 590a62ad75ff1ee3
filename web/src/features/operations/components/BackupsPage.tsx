//! The platform admin's Backups page (`/admin/backups`, docs/backup.md): the last verified restore at the top, where
//! and when backups are made, every backup (made when, why, size, how long, its state, whether a restore of it was
//! checked) with Verify and Download, and "Back up now" (the list follows a running backup until it is done).
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, CardBody, CardHeader, EmptyState, Icon, PageHeader, QueryView, type BadgeTone } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { formatBytes, formatDateTime } from '../../../lib/format';
import type { BackupList, BackupSummary, RestoreCheck } from '../backupsApi';
import { useBackups, useDownloadBackup, useStartBackup, useVerifyBackup } from '../backupsHooks';

const TONES: Record<BackupSummary['status'], BadgeTone> = { running: 'warning', done: 'success', failed: 'danger' };
const CHECKS = ['migrations', 'counts', 'sample_read'];

export function BackupsPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const list = useBackups();
  const start = useStartBackup();
  return (
    <div className="space-y-6" data-testid="backups-page">
      <PageHeader
        title={t('backups.title')}
        description={t('backups.subtitle')}
        actions={
          <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="backup-now">
            <Icon name="download" className="size-4" />
            {t('backups.now')}
          </Button>
        }
      />
      {start.isError && <Alert tone="danger">{errorText(start.error)}</Alert>}
      <QueryView query={list}>{(data) => <Backups data={data} />}</QueryView>
      <Alert tone="info">{t('backups.secrets')}</Alert>
    </div>
  );
}

function Backups({ data }: { data: BackupList }) {
  const { t } = useTranslation();
  const s = data.settings;
  return (
    <>
      <LastVerified backup={data.lastVerified ?? null} />
      <Card>
        <CardBody>
          <dl className="grid gap-4 text-sm sm:grid-cols-3" data-testid="backup-settings">
            <div className="min-w-0">
              <dt className="text-slate-500">{t('backups.settings.destination')}</dt>
              <dd className="break-all font-medium text-slate-900" dir="ltr">
                {s.destination}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t('backups.settings.schedule')}</dt>
              <dd className="font-medium text-slate-900">
                {s.schedule ? t('backups.settings.daily', { time: s.schedule }) : t('backups.settings.none')}
              </dd>
            </div>
            <div>
              <dt className="text-slate-500">{t('backups.settings.retention')}</dt>
              <dd className="font-medium text-slate-900">
                {t('backups.settings.keepBoth', {
                  daily: t('backups.settings.keepDaily', { count: s.keepDaily, n: s.keepDaily }),
                  weekly: t('backups.settings.keepWeekly', { count: s.keepWeekly, n: s.keepWeekly }),
                })}
              </dd>
            </div>
          </dl>
        </CardBody>
      </Card>
      <Card>
        <CardHeader title={t('backups.list.title')} />
        {data.items.length === 0 ? (
          <EmptyState icon="download" title={t('backups.list.empty')} description={t('backups.list.emptyBody')} />
        ) : (
          <ul className="divide-y divide-slate-100" data-testid="backup-list">
            {data.items.map((b) => (
              <BackupRow key={b.id} backup={b} />
            ))}
          </ul>
        )}
      </Card>
    </>
  );
}

function LastVerified({ backup }: { backup: BackupSummary | null }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null | undefined) => formatDateTime(iso, i18n.language);
  return (
    <Card data-testid="last-verified">
      <CardHeader
        title={
          <span className="flex items-center gap-2">
            <Icon name="shield" className="size-5 text-emerald-600" />
            {t('backups.lastVerified.title')}
          </span>
        }
        description={
          backup
            ? t('backups.lastVerified.summary', { made: at(backup.startedAt), verified: at(backup.verifiedAt) })
            : t('backups.lastVerified.none')
        }
      />
      {backup?.verifyChecks && (
        <CardBody>
          <Checks checks={backup.verifyChecks} />
        </CardBody>
      )}
    </Card>
  );
}

function Checks({ checks }: { checks: RestoreCheck['checks'] }) {
  const { t } = useTranslation();
  return (
    <ul className="space-y-2" data-testid="restore-checks">
      {checks.map((c) => (
        <li key={c.name} className="flex flex-col gap-1 text-sm sm:flex-row sm:gap-3" data-check={c.name} data-ok={c.ok}>
          <span className="flex items-center gap-2 sm:w-40 sm:shrink-0">
            <Icon name={c.ok ? 'check' : 'alert'} className={c.ok ? 'size-4 text-emerald-600' : 'size-4 text-red-600'} />
            <span className="font-medium text-slate-900">
              {CHECKS.includes(c.name) ? t(`backups.checks.${c.name}` as 'backups.checks.counts') : c.name}
            </span>
          </span>
          <span className="min-w-0 break-words text-slate-600" dir="ltr">
            {c.detail}
          </span>
        </li>
      ))}
    </ul>
  );
}

function BackupRow({ backup: b }: { backup: BackupSummary }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const verify = useVerifyBackup();
  const download = useDownloadBackup();
  const at = (iso: string | null | undefined) => formatDateTime(iso, i18n.language);
  const done = b.status === 'done';
  return (
    <li className="space-y-2 px-5 py-4" data-testid="backup" data-id={b.id} data-status={b.status} data-verified={b.verifyOk ?? ''}>
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div className="min-w-0 space-y-1">
          <div className="flex flex-wrap items-center gap-2">
            <span className="font-medium text-slate-900">{at(b.startedAt)}</span>
            <Badge tone={TONES[b.status]} dot data-testid="backup-status">
              {t(`backups.status.${b.status}`)}
            </Badge>
            <Badge tone="neutral">{t(`backups.reason.${b.reason}`)}</Badge>
          </div>
          <p className="text-sm text-slate-500">
            {[
              b.sizeBytes != null ? formatBytes(b.sizeBytes, i18n.language) : null,
              b.durationMs != null ? t('backups.list.duration', { seconds: (b.durationMs / 1000).toFixed(1) }) : null,
              b.verifiedAt
                ? b.verifyOk
                  ? t('backups.list.verifiedAt', { time: at(b.verifiedAt) })
                  : t('backups.list.verifyFailed', { time: at(b.verifiedAt) })
                : done
                  ? t('backups.list.notVerified')
                  : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </p>
        </div>
        {done && (
          <div className="flex flex-wrap gap-2">
            <Button size="sm" onClick={() => verify.mutate(b.id)} loading={verify.isPending} data-testid="verify-backup">
              <Icon name="shield" className="size-4" />
              {t('backups.verify')}
            </Button>
            <Button size="sm" variant="outline" onClick={() => download.mutate(b.id)} loading={download.isPending} data-testid="download-backup">
              <Icon name="download" className="size-4" />
              {t('backups.download')}
            </Button>
          </div>
        )}
      </div>
      {b.error && (
        <p className="break-words text-sm text-red-700" dir="ltr">
          {b.error}
        </p>
      )}
      {verify.isSuccess && <Alert tone="success">{t('backups.verifyOk')}</Alert>}
      {verify.isError && <Alert tone="danger">{errorText(verify.error)}</Alert>}
      {download.isError && <Alert tone="danger">{errorText(download.error)}</Alert>}
    </li>
  );
}
