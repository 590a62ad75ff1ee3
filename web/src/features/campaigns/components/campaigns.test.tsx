import { cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { growth, makeOverview } from '../../billing/test/fixtures';
import { loadCampaignStrings } from '../strings';
import { templateParts } from '../template';
import { campaign, summary } from '../test/fixtures';
import type { CampaignPreview } from '../types';
import { CampaignsPage } from './CampaignsPage';
import { TemplatePreview } from './TemplatePreview';
import { CampaignWizardPage } from './wizard/CampaignWizard';

type Route = (req: Request, path: string) => Response | Promise<Response> | undefined;

function server(route: Route) {
  const calls: { method: string; path: string; body: unknown }[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.clone().text();
      calls.push({ method: req.method, path, body: text ? JSON.parse(text) : null });
      if (path === '/api/v1/billing') return json(200, makeOverview({ plan: growth, features: growth.features }));
      return (await route(req, path)) ?? json(404, { error: 'not_found', message: path });
    }),
  );
  return calls;
}

beforeAll(() => loadCampaignStrings());

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('the template preview', () => {
  it('shows the media header as a placeholder, the body with its values, the footer and the buttons', () => {
    const parts = templateParts([
      { type: 'HEADER', format: 'IMAGE' },
      { type: 'BODY', text: 'Hi *{{1}}*, {{2}} is 20% off.' },
      { type: 'FOOTER', text: 'Reply STOP to opt out' },
      { type: 'BUTTONS', buttons: [{ type: 'QUICK_REPLY', text: 'Stop promotions' }, { type: 'URL', text: 'Shop', url: 'https://shop.example/p/{{1}}' }] },
    ]);
    renderWithProviders(<TemplatePreview parts={parts} values={{ 'body.1': '[Name]', 'button.1.1': 'coffee' }} />);
    expect(screen.getByTestId('preview-media')).toHaveAttribute('data-format', 'IMAGE');
    expect(screen.getByTestId('preview-body')).toHaveTextContent('Hi [Name], {{2}} is 20% off.');
    // *{{1}}* turns the value bold, as WhatsApp would; the value is marked.
    expect(within(screen.getByTestId('preview-body')).getByText('[Name]').closest('strong')).not.toBeNull();
    expect(screen.getAllByTestId('preview-value').map((e) => e.textContent)).toEqual(['[Name]', '{{2}}']);
    expect(screen.getByTestId('preview-footer')).toHaveTextContent('Reply STOP to opt out');
    expect(screen.getAllByTestId('preview-button').map((b) => b.textContent)).toEqual(['Stop promotions', 'Shophttps://shop.example/p/coffee']);
  });
});

describe('the campaigns list', () => {
  it('lists each campaign with its status, audience, progress and cumulative counts; a draft opens the wizard', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const calls = server((req, path) => {
      if (path !== '/api/v1/campaigns') return undefined;
      if (new URL(req.url).searchParams.get('status') === 'completed') return json(200, { items: [], nextCursor: null });
      return json(200, { items: [summary({ id: 'c1' }), summary({ id: 'c2', name: 'Draft one', status: 'draft', audienceSize: 0 })], nextCursor: null });
    });
    renderWithProviders(<CampaignsPage />, '/app/campaigns');
    const rows = (await screen.findAllByTestId('campaign-row')).filter((r) => r.tagName === 'TR');
    expect(rows).toHaveLength(2);
    const first = rows[0] as HTMLElement;
    expect(first).toHaveTextContent('Spring sale');
    expect(within(first).getByTestId('campaign-status')).toHaveAttribute('data-status', 'running');
    expect(within(first).getByTestId('campaign-status')).toHaveTextContent('Sending');
    expect(within(first).getByTestId('campaign-progress')).toHaveAttribute('aria-valuenow', '50');
    // sent counts everyone past it: 30 sent + 20 delivered + 6 read + 4 replied.
    expect(within(first).getByTestId('campaign-sent')).toHaveTextContent('60');
    expect(first).toHaveTextContent('Olivia Owner');
    expect(within(rows[1] as HTMLElement).getByTestId('campaign-link')).toHaveAttribute('href', '/app/campaigns/c2/edit');
    expect(within(first).getByTestId('campaign-link')).toHaveAttribute('href', '/app/campaigns/c1');

    fireEvent.change(screen.getByTestId('campaign-status-filter'), { target: { value: 'completed' } });
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/campaigns')).toHaveLength(2));
    await screen.findByText('No campaign has this status');
  });
});

describe('the wizard', () => {
  const preview: CampaignPreview = {
    issues: [{ code: 'us_marketing_paused', severity: 'warning', step: 'audience', message: '2 +1 numbers are left out.' }],
    audience: { matched: 14, noPhone: 1, optedOut: 2, suppressed: 1, usMarketing: 2, missingVariable: 0, finalCount: 8, csvInvalid: 0, csvDuplicates: 0 },
    estimate: { category: 'utility', currency: 'USD', total: 0.12, lines: [{ country: 'PT', recipients: 8, unitPrice: 0.015, total: 0.12 }] },
    durationSeconds: 1,
    ratePerSecond: 80,
  };

  it('shows the checks, the final count and the cost, test-sends, and puts a refused launch next to its step', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const calls = server((req, path) => {
      if (path === '/api/v1/campaigns/c1' && req.method === 'GET') return json(200, campaign());
      if (path === '/api/v1/campaigns/c1/preview') return json(200, preview);
      if (path === '/api/v1/campaigns/c1/test-send') return json(200, { waMessageId: 'wamid.1', components: [] });
      if (path === '/api/v1/campaigns/c1/start')
        return json(409, { error: 'campaign_not_ready', message: 'Not ready', details: { fields: [{ field: 'template', message: 'order_update is paused by Meta.' }] } });
      if (path === '/api/v1/whatsapp/connections') return json(200, []);
      if (path === '/api/v1/contact-fields') return json(200, []);
      return undefined;
    });
    renderWithProviders(
      <Routes>
        <Route path="/app/campaigns/:id/edit" element={<CampaignWizardPage />} />
      </Routes>,
      '/app/campaigns/c1/edit?step=review',
    );
    expect(await screen.findByTestId('final-count')).toHaveTextContent('8');
    const leftOut = screen.getByTestId('left-out');
    expect(within(leftOut).getByText('Opted out').parentElement).toHaveTextContent('2');
    expect(within(leftOut).getByText('US numbers (no marketing templates)')).toBeInTheDocument();
    expect(screen.getByTestId('check-warnings')).toHaveTextContent('2 +1 numbers are left out.');
    expect(screen.getByTestId('cost-line')).toHaveTextContent('Portugal');
    expect(screen.getByTestId('cost-total')).toHaveTextContent('$0.12');
    // The preview uses the snapshot: {{1}} from the contact's name, {{2}} a constant.
    expect(screen.getByTestId('preview-body')).toHaveTextContent('Your order [Name] is ready.');

    expect(screen.getByTestId('test-phone')).toHaveValue('');
    fireEvent.change(screen.getByTestId('test-phone'), { target: { value: '+351912345678' } });
    fireEvent.click(screen.getByTestId('test-send-button'));
    expect(await screen.findByTestId('test-send-ok')).toHaveTextContent('+351912345678');
    expect(calls.find((c) => c.path.endsWith('/test-send'))?.body).toEqual({ phone: '+351912345678', connectionId: 'conn-1' });

    fireEvent.click(screen.getByTestId('launch'));
    fireEvent.click(await screen.findByTestId('confirm-button'));
    const refusal = await screen.findByTestId('launch-refusal');
    expect(refusal).toHaveTextContent('Template');
    expect(refusal).toHaveTextContent('order_update is paused by Meta.');
    const steps = screen.getAllByTestId('wizard-step');
    expect(steps.filter((s) => s.dataset.problem === 'true').map((s) => s.dataset.step)).toEqual(['template']);
  });
});
