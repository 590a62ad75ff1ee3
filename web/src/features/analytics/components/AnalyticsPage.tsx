//! The analytics page: its tabs (in the URL with the range and filters), the toolbar, the export and, for managers,
//! the weekly report; each tab reads its own report and shows loading, error and empty states.
import type { ReactNode } from 'react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Badge, Button, EmptyState, Icon, PageHeader, PageSpinner, QueryView } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { formatDate } from '../../../lib/format';
import { useErrorText } from '../../../i18n/useErrorText';
import { useSession } from '../../auth';
import { agentsAreEmpty, contactsAreEmpty, overviewIsEmpty } from '../figures';
import { useExport, useReport, useSchedule, useToday, useView } from '../hooks';
import { includesToday, viewRange, type View } from '../query';
import { TABS, type Tab } from '../types';
import { AgentsTab } from './AgentsTab';
import { CampaignsTab } from './CampaignsTab';
import { ContactsTab } from './ContactsTab';
import { ExportMenu } from './ExportMenu';
import { FlowsTab } from './FlowsTab';
import { Overview } from './OverviewTab';
import { ScheduleDialog } from './ScheduleDialog';
import { Toolbar } from './Toolbar';

function NoData() {
  const { t } = useTranslation();
  return (
    <div className="rounded-2xl border border-slate-200/80 bg-white shadow-soft">
      <EmptyState icon="chart" title={t('analytics.empty')} description={t('analytics.emptyHint')} />
    </div>
  );
}

/** A report's states around what a tab draws; a refetch keeps the figures on screen, dimmed. */
function ReportArea<T>({ query, isEmpty, children }: { query: ReturnType<typeof useReport>; isEmpty: (data: T) => boolean; children: (data: T) => ReactNode }) {
  return (
    <div className={cn('transition-opacity', query.isPlaceholderData && 'opacity-60')} aria-busy={query.isFetching || undefined} data-testid="report-area">
      <QueryView query={query as never} isEmpty={isEmpty as never} empty={<NoData />}>
        {(data) => children(data as T)}
      </QueryView>
    </div>
  );
}

function TabBody({ tab, view, today }: { tab: Tab; view: View; today: string }) {
  const query = useReport(tab, view, today);
  switch (tab) {
    case 'overview':
      return <ReportArea query={query} isEmpty={overviewIsEmpty}>{(r) => <Overview report={r} business={view.business} />}</ReportArea>;
    case 'agents':
      return <ReportArea query={query} isEmpty={agentsAreEmpty}>{(r) => <AgentsTab report={r} />}</ReportArea>;
    case 'campaigns':
      return <ReportArea query={query} isEmpty={(r: { campaigns: unknown[] }) => r.campaigns.length === 0}>{(r) => <CampaignsTab report={r as never} />}</ReportArea>;
    case 'flows':
      return <ReportArea query={query} isEmpty={(r: { flows: unknown[] }) => r.flows.length === 0}>{(r) => <FlowsTab report={r as never} />}</ReportArea>;
    case 'contacts':
      return <ReportArea query={query} isEmpty={contactsAreEmpty}>{(r) => <ContactsTab report={r} />}</ReportArea>;
  }
}

function Tabs({ tab, onTab }: { tab: Tab; onTab: (tab: Tab) => void }) {
  const { t } = useTranslation();
  return (
    <div className="-mx-4 mb-4 overflow-x-auto px-4 sm:mx-0 sm:px-0">
      <div role="tablist" aria-label={t('analytics.title')} className="inline-flex min-w-max gap-1 rounded-xl bg-slate-100 p-1" data-testid="analytics-tabs">
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            role="tab"
            aria-selected={tab === k}
            onClick={() => onTab(k)}
            data-testid={`tab-${k}`}
            className={cn(
              'rounded-lg px-3 py-1.5 text-sm font-medium whitespace-nowrap transition',
              tab === k ? 'bg-white text-primary-700 shadow-sm' : 'text-slate-600 hover:text-slate-900',
            )}
          >
            {t(`analytics.tabs.${k}`)}
          </button>
        ))}
      </div>
    </div>
  );
}

export function AnalyticsPage() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const session = useSession();
  const manager = session.role === 'owner' || session.role === 'manager';
  const [view, setView] = useView();
  const today = useToday();
  const exporter = useExport();
  const schedule = useSchedule(manager);
  const [scheduling, setScheduling] = useState(false);

  const range = today ? viewRange(view, today) : null;
  const live = today !== null && range !== null && includesToday(range, today);

  return (
    <div data-testid="analytics-page">
      <PageHeader
        title={t('analytics.title')}
        description={
          <>
            {manager ? t('analytics.subtitle') : t('analytics.subtitleAgent')}
            {range && (
              <span className="mt-1 flex flex-wrap items-center gap-2" data-testid="range-shown">
                <span className="font-medium text-slate-700">
                  {t('analytics.range.shown', { from: formatDate(`${range.from}T12:00:00Z`, i18n.language), to: formatDate(`${range.to}T12:00:00Z`, i18n.language) })}
                </span>
                {live && (
                  <Badge tone="success" dot data-testid="live-badge">
                    {t('analytics.live')}
                  </Badge>
                )}
              </span>
            )}
          </>
        }
        actions={
          <>
            {today && <ExportMenu busy={exporter.isPending} onExport={(format) => exporter.mutate({ tab: view.tab, view, today, format })} />}
            {manager && (
              <Button variant="outline" size="sm" onClick={() => setScheduling(true)} disabled={schedule.isPending} data-testid="schedule-button">
                <Icon name="mail" className="size-4" />
                {schedule.data ? t('analytics.schedule.buttonOn') : t('analytics.schedule.button')}
              </Button>
            )}
          </>
        }
      />

      {exporter.error && (
        <Alert tone="danger" className="mb-4">
          {errorText(exporter.error)}
        </Alert>
      )}

      <Tabs tab={view.tab} onTab={(tab) => setView({ tab })} />

      {today === null ? (
        <PageSpinner label={t('common.loading')} />
      ) : (
        <>
          <Toolbar view={view} onChange={setView} today={today} manager={manager} />
          <TabBody key={view.tab} tab={view.tab} view={view} today={today} />
        </>
      )}

      {scheduling && <ScheduleDialog open onClose={() => setScheduling(false)} schedule={schedule.data ?? null} />}
    </div>
  );
}
