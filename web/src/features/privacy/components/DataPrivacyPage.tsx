//! Settings → Data & privacy (owners): the workspace export (start, the list with its state, download) and message
//! retention (off, or N days; what it removes and what it keeps).
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, CardBody, CardHeader, PageHeader, Spinner, TextField } from '../../../components/ui';
import { formatDateTime } from '../../../lib/format';
import { useCrmErrorText } from '../../crm/hooks';
import { privacyApi, type PrivacySettings } from '../api';
import { usePrivacySettings, useSetRetention, useStartExport, useWorkspaceExports } from '../hooks';

export function DataPrivacyPage() {
  const { t } = useTranslation();
  return (
    <div className="space-y-6" data-testid="data-privacy-page">
      <PageHeader title={t('privacy.page.title')} description={t('privacy.page.subtitle')} />
      <ExportsCard />
      <RetentionCard />
    </div>
  );
}

function sizeOf(bytes: number | null | undefined): string {
  if (!bytes) return '';
  return bytes < 1024 * 1024 ? `${Math.max(1, Math.round(bytes / 1024))} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

function ExportsCard() {
  const { t, i18n } = useTranslation();
  const errorText = useCrmErrorText();
  const list = useWorkspaceExports();
  const start = useStartExport();
  const fetchFile = useMutation({ mutationFn: privacyApi.downloadExport });
  const tone = (s: string) => (s === 'ready' ? 'success' : s === 'failed' ? 'danger' : 'neutral') as 'success' | 'danger' | 'neutral';
  return (
    <Card data-testid="workspace-exports">
      <CardHeader
        title={t('privacy.exports.title')}
        description={t('privacy.exports.subtitle')}
        actions={
          <Button onClick={() => start.mutate()} loading={start.isPending} data-testid="start-export">
            {t('privacy.exports.start')}
          </Button>
        }
      />
      <CardBody className="space-y-3">
        {start.isError && <Alert tone="danger">{errorText(start.error)}</Alert>}
        {fetchFile.isError && <Alert tone="danger">{errorText(fetchFile.error)}</Alert>}
        {list.isPending ? (
          <Spinner className="text-primary-500" label={t('common.loading')} />
        ) : list.isError ? (
          <Alert tone="danger">{errorText(list.error)}</Alert>
        ) : list.data.length === 0 ? (
          <p className="text-sm text-slate-500">{t('privacy.exports.empty')}</p>
        ) : (
          <ul className="divide-y divide-slate-100">
            {list.data.map((e) => (
              <li key={e.id} className="flex flex-wrap items-center gap-3 py-2 text-sm" data-testid="export-row" data-status={e.status}>
                <span className="min-w-0 flex-1 text-slate-700">{formatDateTime(e.createdAt, i18n.language)}</span>
                <Badge tone={tone(e.status)}>{t(`privacy.exports.status.${e.status}`, { defaultValue: e.status })}</Badge>
                {e.sizeBytes ? <span className="text-slate-500" dir="ltr">{sizeOf(e.sizeBytes)}</span> : null}
                {e.error && <span className="basis-full text-xs text-danger-700">{e.error}</span>}
                {e.status === 'ready' && (
                  <Button size="sm" variant="outline" onClick={() => fetchFile.mutate(e.id)} loading={fetchFile.isPending && fetchFile.variables === e.id}>
                    {t('privacy.exports.download')}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        )}
      </CardBody>
    </Card>
  );
}

function RetentionCard() {
  const { t, i18n } = useTranslation();
  const settings = usePrivacySettings();
  return (
    <Card data-testid="retention-card">
      <CardHeader title={t('privacy.retention.title')} description={t('privacy.retention.subtitle')} />
      <CardBody className="space-y-3">
        {settings.isPending ? (
          <Spinner className="text-primary-500" label={t('common.loading')} />
        ) : settings.isError ? (
          <Alert tone="danger">{t('common.error', { defaultValue: 'Something went wrong.' })}</Alert>
        ) : (
          <RetentionForm key={settings.data.retentionDays ?? 'off'} current={settings.data} />
        )}
        {settings.data?.retentionRanAt && (
          <p className="text-xs text-slate-500">{t('privacy.retention.ranAt', { at: formatDateTime(settings.data.retentionRanAt, i18n.language) })}</p>
        )}
      </CardBody>
    </Card>
  );
}

function RetentionForm({ current }: { current: PrivacySettings }) {
  const { t } = useTranslation();
  const errorText = useCrmErrorText();
  const save = useSetRetention();
  const [on, setOn] = useState(current.retentionDays != null);
  const [days, setDays] = useState(String(current.retentionDays ?? 365));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate(on ? Number(days) : null);
  };
  return (
    <form onSubmit={submit} className="space-y-3">
      <label className="flex items-center gap-2 text-sm text-slate-800">
        <input type="checkbox" checked={on} onChange={(e) => setOn(e.target.checked)} className="size-4 rounded border-slate-300" data-testid="retention-on" />
        {t('privacy.retention.enable')}
      </label>
      {on && (
        <TextField
          id="retention-days"
          type="number"
          min={current.minRetentionDays}
          max={3650}
          label={t('privacy.retention.days', { min: current.minRetentionDays })}
          value={days}
          onChange={(e) => setDays(e.target.value)}
          dir="ltr"
          error={save.isError ? errorText(save.error) : undefined}
          data-testid="retention-days"
        />
      )}
      <p className="text-sm text-slate-600">{t('privacy.retention.explain')}</p>
      <div className="flex items-center gap-3">
        <Button type="submit" loading={save.isPending} data-testid="retention-save">
          {t('common.save')}
        </Button>
        {save.isSuccess && <span className="text-sm text-success-700">{t('privacy.retention.saved')}</span>}
      </div>
    </form>
  );
}
