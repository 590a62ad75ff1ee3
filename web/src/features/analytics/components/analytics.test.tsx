import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes, useLocation } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { loadAnalyticsStrings } from '../strings';
import { durations, makeAgent, makeAgentReport, makeCampaignReport, makeConversationReport, makeFlowReport } from '../test/fixtures';
import { CampaignsTab } from './CampaignsTab';
import { FlowsTab } from './FlowsTab';
import { AnalyticsPage } from './AnalyticsPage';
import { Overview } from './OverviewTab';

beforeAll(() => loadAnalyticsStrings());

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

const stat = (metric: string) => screen.getByTestId(`stat-${metric}`);

describe('the overview', () => {
  it('shows each headline figure with its change against the previous period', () => {
    renderWithProviders(<Overview report={makeConversationReport()} business={false} />);
    expect(within(stat('opened')).getByTestId('stat-value')).toHaveTextContent('120');
    expect(within(stat('messagesOut')).getByTestId('stat-value')).toHaveTextContent('1,320');
    expect(within(stat('firstResponseMedian')).getByTestId('stat-value')).toHaveTextContent('45 sec');
    expect(within(stat('resolutionMedian')).getByTestId('stat-value')).toHaveTextContent('3.2 hr');
    expect(within(stat('resolutionP90')).getByTestId('stat-value')).toHaveTextContent('2.1 days');
    expect(within(stat('openBacklog')).getByTestId('stat-value')).toHaveTextContent('14');

    // Opened 120 against 100: up 20%, for the better.
    const opened = within(stat('opened')).getByTestId('stat-delta');
    expect(opened).toHaveAttribute('data-direction', 'up');
    expect(opened).toHaveAttribute('data-good', 'true');
    expect(opened).toHaveTextContent('▲');
    expect(opened).toHaveTextContent('20%');
    // Resolved 90 against 100: down, for the worse.
    expect(within(stat('resolved')).getByTestId('stat-delta')).toHaveAttribute('data-good', 'false');
    // First response 45 s against 90 s: down 50%, and faster is better.
    const first = within(stat('firstResponseMedian')).getByTestId('stat-delta');
    expect(first).toHaveAttribute('data-direction', 'down');
    expect(first).toHaveAttribute('data-good', 'true');
    expect(first).toHaveTextContent('50%');
    // Unchanged, and the backlog has no previous figure at all.
    expect(within(stat('messagesIn')).getByTestId('stat-delta')).toHaveAttribute('data-direction', 'flat');
    expect(within(stat('openBacklog')).queryByTestId('stat-delta')).toBeNull();
  });

  it('shows no change without a previous period, and the business-hours durations when asked', () => {
    renderWithProviders(<Overview report={makeConversationReport({ previous: null })} business />);
    expect(screen.queryAllByTestId('stat-delta')).toHaveLength(0);
    expect(within(stat('firstResponseMedian')).getByTestId('stat-value')).toHaveTextContent('30 sec');
    expect(within(stat('resolutionMedian')).getByTestId('stat-value')).toHaveTextContent('2 hr');
  });

  it('lists the series and the busiest hours as tables', () => {
    renderWithProviders(<Overview report={makeConversationReport()} business={false} />);
    const rows = within(screen.getByTestId('table-series')).getAllByRole('row');
    expect(rows).toHaveLength(3);
    expect(rows[1]).toHaveTextContent(/Mar 9\s*250\s*220\s*20\s*15/);

    const heat = within(screen.getByTestId('heatmap-table')).getAllByRole('row');
    expect(heat).toHaveLength(8);
    // Monday, hour 9 (the first column is the day's name).
    expect(within(heat[1]!).getAllByRole('cell')[9]).toHaveTextContent('40');
    expect(within(heat[7]!).getByRole('rowheader')).toHaveTextContent('Sunday');
    expect(within(heat[7]!).getAllByRole('cell')[23]).toHaveTextContent('2');
    // The busiest cell is the darkest.
    const cells = screen.getByTestId('heatmap').querySelectorAll('[data-value="40"]');
    expect(cells).toHaveLength(1);
    expect(cells[0]?.className).toContain('bg-primary-800');
  });
});

describe('the campaigns and flows tabs', () => {
  it('list each campaign with its funnel as shares of those sent, and the selected one\'s failures', () => {
    renderWithProviders(<CampaignsTab report={makeCampaignReport()} />);
    const rows = screen.getAllByTestId('campaign-row');
    expect(rows[0]).toHaveTextContent(/Spring sale.*200.*180\s*90%.*90\s*45%.*20\s*10%.*12.*\$4\.50/);
    const steps = within(screen.getByTestId('funnel-numbers')).getAllByRole('listitem');
    expect(steps.map((s) => s.getAttribute('data-step'))).toEqual(['sent', 'delivered', 'read', 'replied']);
    expect(steps[2]).toHaveTextContent('Read90 (45%)');
    expect(screen.getByTestId('list-failures')).toHaveTextContent('131049');

    fireEvent.click(rows[1]!);
    expect(screen.getByTestId('pick-campaign')).toHaveValue('c-2');
    expect(within(screen.getByTestId('funnel-numbers')).getAllByRole('listitem')[2]).toHaveTextContent('Read10 (25%)');
    expect(screen.queryByTestId('list-failures')).toBeNull();
  });

  it('list each flow version and where its runs stop, by node label or id', () => {
    renderWithProviders(<FlowsTab report={makeFlowReport()} />);
    expect(screen.getByTestId('flow-row')).toHaveTextContent(/Welcome · v2\s*74\s*69%\s*17\s*0\s*5\s*4 min/);
    const nodes = within(screen.getByTestId('list-dropoff')).getAllByRole('listitem');
    expect(nodes.map((n) => n.textContent)).toEqual(['Talk to us8', 'n-73']);
  });
});

type Call = { path: string; query: URLSearchParams };

function server(reports: Record<string, () => Response>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const url = new URL(req.url);
      calls.push({ path: url.pathname, query: url.searchParams });
      if (url.pathname === '/api/v1/inbox/settings') return json(200, { timezone: 'UTC', businessHoursEnabled: true, businessHours: [], awayMessage: '', awayMessageEnabled: false, defaultCapacity: 5, openNow: true });
      if (['/api/v1/whatsapp/connections', '/api/v1/teams', '/api/v1/agents', '/api/v1/labels'].includes(url.pathname)) return json(200, []);
      if (url.pathname === '/api/v1/analytics/report-schedule') return json(404, { error: 'not_found', message: 'none' });
      const answer = reports[url.pathname];
      return answer ? answer() : json(404, { error: 'not_found', message: url.pathname });
    }),
  );
  return calls;
}

function Where() {
  const l = useLocation();
  return <span data-testid="where">{l.search}</span>;
}

function renderPage(path: string, role: 'owner' | 'agent' = 'owner') {
  sessionManager.apply(makeAuth('tok', makeSession({ role })));
  return renderWithProviders(
    <Routes>
      <Route
        path="/app/analytics"
        element={
          <>
            <AnalyticsPage />
            <Where />
          </>
        }
      />
    </Routes>,
    path,
  );
}

describe('the analytics page', () => {
  it('asks for the range of the preset in the URL, in the workspace time zone, and keeps choices in the URL', async () => {
    vi.useFakeTimers({ toFake: ['Date'], now: new Date('2026-03-10T12:00:00Z') });
    try {
      const calls = server({ '/api/v1/analytics/agents': () => json(200, makeAgentReport([makeAgent(), makeAgent({ agentId: 'a-2', name: 'Bob', conversationsHandled: 3, firstResponse: durations(null) })])) });
      renderPage('/app/analytics?tab=agents&range=last30');
      await screen.findByTestId('table-agents');
      const asked = calls.find((c) => c.path === '/api/v1/analytics/agents');
      expect(asked?.query.get('from')).toBe('2026-02-09');
      expect(asked?.query.get('to')).toBe('2026-03-10');
      expect(asked?.query.has('compare')).toBe(false);

      const names = () => screen.getAllByTestId('agent-row').map((r) => within(r).getAllByRole('cell')[0]?.textContent);
      expect(names()).toEqual(['Ada', 'Bob']);
      fireEvent.click(screen.getByTestId('sort-handled'));
      expect(names()).toEqual(['Bob', 'Ada']);
      // An agent with no first response yet stays last whichever the direction.
      fireEvent.click(screen.getByTestId('sort-firstResponse'));
      expect(names()).toEqual(['Ada', 'Bob']);
      fireEvent.click(screen.getByTestId('sort-firstResponse'));
      expect(names()).toEqual(['Ada', 'Bob']);

      fireEvent.change(screen.getByTestId('range-preset'), { target: { value: 'lastMonth' } });
      await waitFor(() => expect(screen.getByTestId('where')).toHaveTextContent('?tab=agents&range=lastMonth'));
      await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/analytics/agents' && c.query.get('from') === '2026-02-01' && c.query.get('to') === '2026-02-28')).toBe(true));
    } finally {
      vi.useRealTimers();
    }
  });

  it('says when a range has no data, and shows the API error of a bad one', async () => {
    let bad = false;
    server({
      '/api/v1/analytics/conversations': () =>
        bad
          ? json(422, { error: 'validation_failed', message: 'to: at most 366 days after from', details: { fields: [{ field: 'to', message: 'too far' }] } })
          : json(200, makeConversationReport({ totals: { ...makeConversationReport().totals, opened: 0, resolved: 0, messagesIn: 0, messagesOut: 0 }, openBacklog: 0, previous: null })),
    });
    renderPage('/app/analytics');
    expect(await screen.findByText('No data for this range')).toBeInTheDocument();
    bad = true;
    fireEvent.click(screen.getByTestId('tab-agents'));
    fireEvent.click(screen.getByTestId('tab-overview'));
    fireEvent.change(screen.getByTestId('range-preset'), { target: { value: 'last90' } });
    expect(await screen.findByRole('alert')).toHaveTextContent('Some fields are invalid.');
    expect(screen.queryByTestId('stat-opened')).toBeNull();
  });

  it('offers agents neither the agent filter nor the weekly mail', async () => {
    server({ '/api/v1/analytics/conversations': () => json(200, makeConversationReport()) });
    renderPage('/app/analytics', 'agent');
    await screen.findByTestId('stat-opened');
    expect(screen.queryByTestId('filter-agentId')).toBeNull();
    expect(screen.queryByTestId('schedule-button')).toBeNull();
    expect(screen.getByTestId('filter-labelId')).toBeInTheDocument();
  });
});
