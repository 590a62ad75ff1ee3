import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { Alert, Button, buttonClasses, EmptyState, Icon, PageHeader, PageSpinner, Select } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatNumber } from '../../../lib/format';
import { useSession } from '../../auth';
import { boardTotals, weightedAmounts } from '../board';
import { formatAmounts } from '../format';
import { useBoard, usePipelines } from '../hooks/useDeals';
import { isManager } from '../permissions';
import type { Deal } from '../types';
import { DealBoard } from './DealBoard';
import { DealDialog } from './DealDialog';
import { DealList } from './DealList';

type View = 'board' | 'list';

/** Deals of one pipeline, as a kanban board or a list; `area` is `/app` or `/agent`. */
export function DealsPage({ area }: { area: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const [params, setParams] = useSearchParams();
  const pipelines = usePipelines();
  const [dialog, setDialog] = useState<{ deal: Deal | null } | null>(null);

  const list = pipelines.data ?? [];
  const wanted = params.get('pipeline');
  const pipeline = list.find((p) => p.id === wanted) ?? list.find((p) => p.isDefault) ?? list[0];
  const view: View = params.get('view') === 'list' ? 'list' : 'board';
  const board = useBoard(pipeline?.id);

  const setParam = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value) next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const data = board.data && board.data.pipeline.id === pipeline?.id ? board.data : undefined;
  const totals = data ? boardTotals(data) : null;
  const manager = isManager(session.role);

  return (
    <div data-testid="deals-page">
      <PageHeader
        title={t('deals.title')}
        description={
          totals
            ? t('deals.summary', {
                count: totals.count,
                n: formatNumber(totals.count, i18n.language),
                value: formatAmounts(totals.amounts, i18n.language),
                weighted: formatAmounts(weightedAmounts(totals.amounts), i18n.language),
              })
            : t('deals.subtitle')
        }
        actions={
          <>
            {manager && area === '/app' && (
              <Link to="/app/pipelines" className={buttonClasses('outline')}>
                <Icon name="settings" className="size-4" />
                {t('pipelines.title')}
              </Link>
            )}
            <Button onClick={() => setDialog({ deal: null })} disabled={!pipeline} data-testid="new-deal-button">
              <Icon name="plus" className="size-4" />
              {t('deals.new')}
            </Button>
          </>
        }
      />

      {pipelines.isPending ? (
        <PageSpinner label={t('common.loading')} />
      ) : pipelines.isError ? (
        <Alert tone="danger">{errorText(pipelines.error)}</Alert>
      ) : !pipeline ? (
        <EmptyState icon="chart" title={t('deals.noPipelines')} description={manager ? t('deals.noPipelinesManager') : undefined} />
      ) : (
        <div className="space-y-4">
          <div className="flex flex-wrap items-center gap-2">
            {list.length > 1 && (
              <Select
                value={pipeline.id}
                onChange={(e) => setParam('pipeline', e.target.value)}
                aria-label={t('deals.pipeline')}
                className="w-auto min-w-44"
                data-testid="pipeline-switcher"
              >
                {list.map((p) => (
                  <option key={p.id} value={p.id}>
                    {p.name}
                  </option>
                ))}
              </Select>
            )}
            {list.length === 1 && <span className="text-sm font-medium text-slate-700">{pipeline.name}</span>}
            <div className="ms-auto inline-flex rounded-xl border border-slate-200 bg-white p-0.5" role="group" aria-label={t('deals.view.label')}>
              {(['board', 'list'] as const).map((v) => (
                <button
                  key={v}
                  type="button"
                  aria-pressed={view === v}
                  onClick={() => setParam('view', v === 'board' ? null : v)}
                  className={cn(
                    'inline-flex items-center gap-1.5 rounded-lg px-3 py-1.5 text-sm font-medium transition',
                    view === v ? 'bg-primary-50 text-primary-700' : 'text-slate-600 hover:text-slate-900',
                  )}
                  data-testid={`view-${v}`}
                >
                  <Icon name={v === 'board' ? 'panel' : 'list'} className="size-4" />
                  {t(`deals.view.${v}`)}
                </button>
              ))}
            </div>
          </div>

          {view === 'list' ? (
            <DealList pipeline={pipeline} onOpen={(deal) => setDialog({ deal })} />
          ) : board.isError ? (
            <Alert tone="danger">{errorText(board.error)}</Alert>
          ) : !data ? (
            <PageSpinner label={t('common.loading')} />
          ) : (
            <DealBoard board={data} pipelineId={pipeline.id} onOpen={(deal) => setDialog({ deal })} />
          )}
        </div>
      )}

      {dialog && <DealDialog deal={dialog.deal} defaults={{ pipelineId: pipeline?.id }} onClose={() => setDialog(null)} />}
    </div>
  );
}
