import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { growth, makeOverview, starter } from '../../billing/test/fixtures';
import type { BillingOverview } from '../../billing/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { TestPanel } from '../editor/TestPanel';
import { loadFlowStrings } from '../strings';
import type { FlowSummary, SandboxSession } from '../types';
import { FlowsPage } from './FlowsPage';
import { BotBar } from './inbox/BotBar';

const summary = (over: Partial<FlowSummary>): FlowSummary => ({
  id: 'f-1',
  name: 'Welcome menu',
  description: null,
  status: 'published',
  trigger: { kind: 'keyword', keywords: ['hi', 'menu'], matchMode: 'exact' },
  priority: 0,
  version: 3,
  unpublishedChanges: false,
  templateKey: 'welcome_menu',
  runsToday: 12,
  completedToday: 9,
  completionRate: 0.75,
  running: 2,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  ...over,
});

type Route = (req: Request, path: string) => Response | Promise<Response> | undefined;

function server(route: Route, overview: BillingOverview = makeOverview({ plan: growth, features: growth.features })) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.clone().text();
      calls.push({ method: req.method, path, body: text ? JSON.parse(text) : null });
      if (path === '/api/v1/billing') return json(200, overview);
      if (path === '/api/v1/billing/plans') return json(200, [starter, growth]);
      return (await route(req, path)) ?? json(404, { error: 'not_found', message: path });
    }),
  );
  return calls;
}

beforeAll(() => loadFlowStrings());

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('flows list', () => {
  it('lists each flow with its trigger, status, version, runs today and completion', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    server((_req, path) =>
      path === '/api/v1/flows' ? json(200, [summary({}), summary({ id: 'f-2', name: 'Leads', status: 'draft', version: null, trigger: { kind: 'manual' }, runsToday: 0, completionRate: null })]) : undefined,
    );
    renderWithProviders(<FlowsPage />, '/app/flows');
    const rows = await screen.findAllByTestId('flow-row');
    // Cards (phones) and table rows (tablets and up) are both rendered; the table comes second.
    const table = rows.filter((r) => r.tagName === 'TR');
    expect(table).toHaveLength(2);
    expect(table[0]).toHaveTextContent('Welcome menu');
    expect(table[0]).toHaveTextContent('Keyword: hi, menu');
    expect(table[0]).toHaveTextContent('Published');
    expect(table[0]).toHaveTextContent('v3');
    expect(table[0]).toHaveTextContent('75%');
    expect(table[1]).toHaveTextContent('Started by an agent');
    expect(table[1]).toHaveTextContent('Draft');
    expect(screen.getByTestId('new-flow')).toBeEnabled();
  });

  it('keeps long names and triggers to their columns, whole in a tooltip, so the actions stay in view', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const name = 'Appointment booking for the downtown clinic and its weekend walk-in hours';
    const trigger = { kind: 'keyword' as const, keywords: ['appointment', 'booking', 'book', 'doctor', 'clinic', 'weekend'], matchMode: 'contains' as const };
    server((_req, path) => (path === '/api/v1/flows' ? json(200, [summary({ name, trigger })]) : undefined));
    renderWithProviders(<FlowsPage />, '/app/flows');
    const row = (await screen.findAllByTestId('flow-row')).find((r) => r.tagName === 'TR') as HTMLElement;
    expect(within(row).getByTestId('flow-link')).toHaveAttribute('title', name);
    expect(within(row).getByTestId('flow-link')).toHaveClass('truncate');
    const cut = within(row).getByTestId('flow-trigger');
    expect(cut).toHaveClass('truncate');
    expect(cut.getAttribute('title')).toBe(cut.textContent);
    // Fixed columns, and a minimum width below which the table scrolls inside its card.
    const table = screen.getByTestId('flows-table');
    expect(table).toHaveClass('table-fixed', 'min-w-[54rem]');
    expect(table.parentElement).toHaveClass('overflow-x-auto');
  });

  it('is locked with the plan notice when the plan has no chatbot flows', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    server((_req, path) => (path === '/api/v1/flows' ? json(200, []) : undefined), makeOverview());
    renderWithProviders(<FlowsPage />, '/app/flows');
    const notice = await screen.findByTestId('locked-feature');
    expect(notice).toHaveTextContent('Chatbot flows');
    expect(screen.getByTestId('new-flow')).toBeDisabled();
  });

  it('pauses a flow, stopping its runs when asked', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const calls = server((req, path) => {
      if (path === '/api/v1/flows') return json(200, [summary({})]);
      if (path === '/api/v1/flows/f-1/pause' && req.method === 'POST') return json(200, { ...summary({ status: 'paused' }), draft: {}, issues: [] });
      return undefined;
    });
    renderWithProviders(<FlowsPage />, '/app/flows');
    const row = (await screen.findAllByTestId('flow-row')).find((r) => r.tagName === 'TR') as HTMLElement;
    fireEvent.click(within(row).getByTestId('flow-menu'));
    fireEvent.click(await screen.findByTestId('flow-pause'));
    fireEvent.click(await screen.findByTestId('pause-stop-runs'));
    fireEvent.click(screen.getByTestId('confirm-button'));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/flows/f-1/pause')).toBe(true));
    expect(calls.find((c) => c.path === '/api/v1/flows/f-1/pause')?.body).toEqual({ stopRuns: true });
  });
});

describe('inbox bot bar', () => {
  it('names the running flow and stops its run', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'agent' })));
    const calls = server((req, path) => (path === '/api/v1/flow-runs/r-1/stop' && req.method === 'POST' ? json(200, { id: 'r-1', status: 'stopped', trace: [] }) : undefined));
    renderWithProviders(<BotBar run={{ runId: 'r-1', flowId: 'f-1', flowName: 'Welcome menu', status: 'waiting', currentNode: 'menu' }} />);
    expect(screen.getByTestId('bot-bar')).toHaveTextContent('Bot running: Welcome menu · waiting for the customer');
    fireEvent.click(screen.getByTestId('bot-stop'));
    await waitFor(() => expect(calls.some((c) => c.method === 'POST' && c.path === '/api/v1/flow-runs/r-1/stop')).toBe(true));
  });
});

const session = (over: Partial<SandboxSession>): SandboxSession => ({
  runId: 'run-1',
  status: 'waiting',
  reason: null,
  transcript: [],
  path: [],
  currentNode: 'menu',
  waitingFor: { kind: 'reply', node: 'menu', timeout: false },
  variables: {},
  clock: '2026-01-01T10:00:00Z',
  effects: [],
  ...over,
});

describe('test phone', () => {
  it('saves the draft, starts a test, shows the bot with its buttons, and answers with the tapped one', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const asked = session({
      transcript: [{ from: 'bot', node: 'menu', type: 'buttons', content: { text: 'How can we help?', buttons: [{ id: 'buy', title: 'Buy' }, { id: 'help', title: 'Help' }] } }],
      path: [{ seq: 1, node: 'start', nodeType: 'start', outcome: 'next', detail: {}, at: '2026-01-01T10:00:00Z' }],
    });
    const answered = session({
      status: 'completed',
      waitingFor: null,
      transcript: [...asked.transcript, { from: 'customer', type: 'text', content: { text: 'Buy' }, replyId: 'buy' }, { from: 'bot', type: 'text', content: { text: 'Great!' } }, { from: 'system', text: 'completed' }],
    });
    const calls = server((req, path) => {
      if (path === '/api/v1/flows/f-1/sandbox' && req.method === 'POST') return json(201, asked);
      if (path === '/api/v1/flows/f-1/sandbox/run-1/messages') return json(200, answered);
      if (path === '/api/v1/flows/f-1/sandbox/run-1' && req.method === 'DELETE') return new Response(null, { status: 204 });
      return undefined;
    });
    const flush = vi.fn(async () => undefined);
    const seen: (SandboxSession | null)[] = [];
    renderWithProviders(<TestPanel flowId="f-1" fields={[]} flush={flush} onSession={(s) => seen.push(s)} />);

    fireEvent.click(screen.getByTestId('sandbox-samples'));
    fireEvent.click(screen.getByTestId('sandbox-start'));
    const buttons = await screen.findAllByTestId('sandbox-button');
    expect(flush).toHaveBeenCalled();
    expect(calls.find((c) => c.path === '/api/v1/flows/f-1/sandbox')?.body).toMatchObject({ useSamples: false, windowOpen: true });
    expect(screen.getByText('How can we help?')).toBeInTheDocument();
    expect(screen.getByTestId('sandbox-waiting')).toHaveTextContent('Waiting for a reply');

    fireEvent.click(buttons[0] as HTMLElement);
    expect(await screen.findByText('Great!')).toBeInTheDocument();
    expect(calls.find((c) => c.path === '/api/v1/flows/f-1/sandbox/run-1/messages')?.body).toEqual({ replyId: 'buy' });
    // Answered: the buttons cannot be tapped again, and the run's end shows.
    expect(screen.getAllByTestId('sandbox-button')[0]).toBeDisabled();
    expect(screen.getByTestId('sandbox-ended')).toHaveTextContent('Completed');
    expect(seen.at(-1)?.status).toBe('completed');
  });

  it("formats the bot's text as WhatsApp does and fits its title without a tooltip", async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const asked = session({
      transcript: [
        { from: 'bot', node: 'hi', type: 'text', content: { text: 'Welcome to *Parley Shop*, _Ana_!' } },
        { from: 'bot', node: 'menu', type: 'buttons', content: { text: 'Order ```A1042``` is ~late~', buttons: [{ id: 'ok', title: 'OK' }] } },
      ],
    });
    server((req, path) => (path === '/api/v1/flows/f-1/sandbox' && req.method === 'POST' ? json(201, asked) : undefined));
    renderWithProviders(<TestPanel flowId="f-1" fields={[]} flush={async () => undefined} onSession={() => undefined} />);
    expect(screen.getByTestId('sandbox-title')).toHaveTextContent('Test phone');
    expect(screen.getByTestId('sandbox-title')).not.toHaveAttribute('title');
    fireEvent.click(screen.getByTestId('sandbox-start'));
    await screen.findAllByTestId('sandbox-button');
    const chat = screen.getByTestId('sandbox-chat');
    expect(chat.querySelector('strong')).toHaveTextContent('Parley Shop');
    expect(chat.querySelector('em')).toHaveTextContent('Ana');
    expect(chat.querySelector('code')).toHaveTextContent('A1042');
    expect(chat.querySelector('s')).toHaveTextContent('late');
    expect(chat).not.toHaveTextContent('*');
  });
});
