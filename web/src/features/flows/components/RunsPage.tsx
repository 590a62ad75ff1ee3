import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { Card, Icon, PageHeader } from '../../../components/ui';
import { useFlows } from '../hooks';
import { RUN_FILTERS, type RunFilter } from '../types';
import { RunsList, RunTrace } from './Runs';

/** `/app/flows/:id/runs`: a flow's executions, and the trace of the one picked (`?run=`). */
export function RunsPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const flows = useFlows();
  const flow = flows.data?.find((f) => f.id === id);
  const runId = params.get('run');
  const wanted = params.get('status');
  const status = (RUN_FILTERS as readonly string[]).includes(wanted ?? '') ? (wanted as RunFilter) : null;
  const set = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: key === 'status' },
    );

  return (
    <div data-testid="runs-page">
      <Link to={`/app/flows/${id}`} className="mb-3 inline-flex items-center gap-1.5 text-sm text-slate-500 hover:text-slate-800">
        <Icon name="arrowStart" className="size-4 rtl:-scale-x-100" />
        {t('flows.runs.backToBuilder')}
      </Link>
      <PageHeader title={t('flows.runs.pageTitle', { name: flow?.name ?? '' })} description={t('flows.runs.subtitle')} />
      <div className="grid gap-4 lg:grid-cols-[minmax(0,1.1fr)_minmax(0,1fr)]">
        <div className={runId ? 'hidden lg:block' : undefined}>
          <RunsList flowId={id} status={status} onStatus={(s) => set('status', s)} onOpen={(r) => set('run', r)} selected={runId} />
        </div>
        {runId && (
          <Card className="p-4">
            <RunTrace runId={runId} flowId={id} onBack={() => set('run', null)} />
          </Card>
        )}
      </div>
    </div>
  );
}
