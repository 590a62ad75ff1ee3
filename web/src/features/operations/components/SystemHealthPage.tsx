//! The platform admin's System page (`/admin/system`): the health report (`parley doctor`'s checks, each with what
//! was measured and what to do), a button to run it again, the running version, and the maintenance mode switch.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, Card, CardBody, CardHeader, PageHeader, QueryView, Switch, Textarea, type BadgeTone } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { healthApi, type SystemCheck, type HealthReport, type MaintenanceState } from '../healthApi';

const TONES: Record<SystemCheck['status'], BadgeTone> = { ok: 'success', warn: 'warning', fail: 'danger' };
const KNOWN = ['database', 'migrations', 'redis', 'smtp', 'storage', 'whatsapp', 'stripe', 'disk', 'queues', 'clock', 'version', 'build'];

function CheckRow({ check }: { check: SystemCheck }) {
  const { t } = useTranslation();
  const label = KNOWN.includes(check.name) ? t(`health.checks.${check.name}` as 'health.checks.database') : check.name;
  return (
    <li className="flex flex-col gap-1 px-5 py-3 sm:flex-row sm:items-start sm:gap-4" data-testid={`health-check-${check.name}`} data-status={check.status}>
      <div className="flex items-center gap-3 sm:w-48 sm:shrink-0">
        <Badge tone={TONES[check.status]} dot>
          {t(`health.status.${check.status}`)}
        </Badge>
        <span className="text-sm font-medium text-slate-900">{label}</span>
      </div>
      <div className="min-w-0 flex-1 space-y-1">
        <p className="break-words text-sm text-slate-700" dir="ltr">
          {check.value}
        </p>
        {check.hint && (
          <p className="text-xs text-slate-500" dir="ltr">
            {check.hint}
          </p>
        )}
      </div>
      <span className="text-xs tabular-nums text-slate-400 sm:w-16 sm:text-end">{t('health.ms', { n: check.durationMs })}</span>
    </li>
  );
}

function Summary({ report }: { report: HealthReport }) {
  const { t } = useTranslation();
  const fails = report.checks.filter((c) => c.status === 'fail').length;
  const warns = report.checks.filter((c) => c.status === 'warn').length;
  if (fails > 0) return <Alert tone="danger" title={t('health.summary.fail', { n: fails })}>{t('health.summary.failHint')}</Alert>;
  if (warns > 0) return <Alert tone="warning" title={t('health.summary.warn', { n: warns })} />;
  return <Alert tone="success" title={t('health.summary.ok')} />;
}

function MaintenanceCard({ state }: { state: MaintenanceState }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const qc = useQueryClient();
  const [message, setMessage] = useState(state.enabled ? state.message : '');
  const save = useMutation({
    mutationFn: healthApi.setMaintenance,
    onSuccess: (s) => {
      qc.setQueryData(['admin', 'system', 'maintenance'], s);
      void qc.invalidateQueries({ queryKey: ['config'] });
    },
  });
  const toggle = (enabled: boolean) => save.mutate({ enabled, ...(enabled && message.trim() ? { message: message.trim() } : {}) });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    toggle(true);
  };
  const since = state.changedAt ? new Date(state.changedAt).toLocaleString(i18n.language) : null;
  return (
    <Card data-testid="maintenance-card">
      <CardHeader
        title={t('maintenance.title')}
        description={t('maintenance.description')}
        actions={<Switch on={state.enabled} busy={save.isPending} onChange={toggle} label={t('maintenance.switch')} testId="maintenance-switch" />}
      />
      <CardBody className="space-y-3">
        {save.isError && <Alert tone="danger">{errorText(save.error)}</Alert>}
        {state.enabled ? (
          <Alert tone="warning" title={t('maintenance.on', { since })}>
            <span dir="auto">{state.message}</span>
          </Alert>
        ) : (
          <p className="text-sm text-slate-600">{since ? t('maintenance.offSince', { since }) : t('maintenance.off')}</p>
        )}
        <form onSubmit={submit} className="space-y-2">
          <label className="block text-sm font-medium text-slate-700" htmlFor="maintenance-message">
            {t('maintenance.message')}
          </label>
          <Textarea id="maintenance-message" value={message} maxLength={500} rows={2} dir="auto" placeholder={t('maintenance.placeholder')} onChange={(e) => setMessage(e.target.value)} data-testid="maintenance-message" />
          <p className="text-xs text-slate-500">{t('maintenance.hint')}</p>
          <Button type="submit" variant={state.enabled ? 'outline' : 'primary'} loading={save.isPending} data-testid="maintenance-on">
            {state.enabled ? t('maintenance.update') : t('maintenance.turnOn')}
          </Button>
        </form>
      </CardBody>
    </Card>
  );
}

export function SystemHealthPage() {
  const { t, i18n } = useTranslation();
  const report = useQuery({ queryKey: ['admin', 'system', 'health'], queryFn: healthApi.report, staleTime: 0 });
  const maintenance = useQuery({ queryKey: ['admin', 'system', 'maintenance'], queryFn: healthApi.maintenance });
  return (
    <div className="space-y-6" data-testid="system-health-page">
      <PageHeader
        title={t('health.title')}
        description={report.data ? t('health.subtitle', { version: report.data.version, time: new Date(report.data.checkedAt).toLocaleString(i18n.language) }) : t('health.subtitleLoading')}
        actions={
          <Button variant="outline" loading={report.isFetching} onClick={() => void report.refetch()} data-testid="health-rerun">
            {t('health.rerun')}
          </Button>
        }
      />
      <QueryView query={report}>
        {(r) => (
          <div className="space-y-4">
            <Summary report={r} />
            <Card>
              <CardHeader title={t('health.checksTitle')} description={t('health.checksHint')} />
              <ul className="divide-y divide-slate-100" data-testid="health-checks">
                {r.checks.map((c) => (
                  <CheckRow key={c.name} check={c} />
                ))}
              </ul>
            </Card>
          </div>
        )}
      </QueryView>
      <QueryView query={maintenance}>{(m) => <MaintenanceCard key={String(m.enabled)} state={m} />}</QueryView>
    </div>
  );
}
