import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { growth, makeOverview } from '../../billing/test/fixtures';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { loadWebhookStrings } from '../strings';
import type { EventKind, WebhookEndpoint } from '../types';
import { WebhooksPage } from './WebhooksPage';

const kind = (k: string): EventKind => ({ kind: k, description: `${k} happened`, schema: 'X', example: { type: k } });
const CATALOG = ['message.created', 'contact.created', 'contact.updated'].map(kind);

const endpoint = (over: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: 'w-1',
  url: 'https://shop.example/hooks',
  description: 'Shop',
  events: ['contact.created'],
  enabled: true,
  disabledReason: null,
  failingSince: null,
  previousSecretUntil: null,
  delivered24h: 12,
  failed24h: 0,
  pending: 1,
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  ...over,
});

interface Call {
  method: string;
  path: string;
  body: unknown;
}

function server(list: WebhookEndpoint[], create?: (body: unknown) => Response) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.text();
      const body: unknown = text ? JSON.parse(text) : null;
      calls.push({ method: req.method, path, body });
      if (path === '/api/v1/billing') return json(200, makeOverview({ plan: growth, features: growth.features }));
      if (path === '/api/v1/webhooks/events') return json(200, CATALOG);
      if (path === '/api/v1/webhooks' && req.method === 'GET') return json(200, list);
      if (path === '/api/v1/webhooks' && req.method === 'POST' && create) return create(body);
      return json(404, { error: 'not_found', message: path });
    }),
  );
  return calls;
}

beforeAll(() => loadWebhookStrings());

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('the webhooks page', () => {
  it("shows an endpoint's events, health, and Parley's reason when it turned it off", async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    server([
      endpoint(),
      endpoint({ id: 'w-2', url: 'https://crm.example/in', events: CATALOG.map((k) => k.kind), enabled: false, disabledReason: 'Every delivery failed for a day.' }),
    ]);
    renderWithProviders(<WebhooksPage />, '/app/webhooks');
    const rows = await screen.findAllByTestId('webhook-row');
    expect(rows).toHaveLength(2);
    const [first, second] = rows as [HTMLElement, HTMLElement];
    expect(within(first).getByTestId('webhook-events')).toHaveTextContent('contact.created');
    expect(within(first).getByTestId('webhook-delivered')).toHaveTextContent('12');
    expect(within(first).getByRole('switch')).toHaveAttribute('aria-checked', 'true');
    expect(await within(second).findByTestId('webhook-events-all')).toHaveTextContent('All events');
    expect(within(second).getByTestId('webhook-health')).toHaveAttribute('data-health', 'disabled');
    expect(within(second).getByText('Every delivery failed for a day.')).toBeInTheDocument();
    expect(within(second).getByTestId('webhook-test')).toBeDisabled();
  });

  it('puts a refused URL under its field, then creates for all events and shows the secret once', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    let tries = 0;
    const calls = server([], (body) => {
      tries += 1;
      if (tries === 1) {
        return json(422, { error: 'validation_failed', message: 'Some fields are invalid.', details: { fields: [{ field: 'url', message: 'private addresses are not allowed' }] } });
      }
      return json(201, { endpoint: endpoint({ url: (body as { url: string }).url }), secret: 'whsec_once' });
    });
    const user = userEvent.setup();
    renderWithProviders(<WebhooksPage />, '/app/webhooks');
    await user.click((await screen.findAllByTestId('webhook-new'))[0] as HTMLElement);
    const form = await screen.findByTestId('webhook-form');
    await within(form).findAllByTestId('event-family');
    expect(within(form).getAllByTestId('event-family').map((f) => f.dataset.family)).toEqual(['message', 'contact']);

    await user.type(within(form).getByLabelText('URL'), 'http://10.0.0.1/hook');
    await user.click(within(form).getByTestId('event-all'));
    await user.click(within(form).getByTestId('webhook-save'));
    expect(await within(form).findByTestId('error-webhook-url')).toHaveTextContent('private addresses are not allowed');

    await user.clear(within(form).getByLabelText('URL'));
    await user.type(within(form).getByLabelText('URL'), 'https://shop.example/hooks');
    await user.click(within(form).getByTestId('webhook-save'));
    const secret = await screen.findByTestId('webhook-secret');
    expect(secret).toHaveValue('whsec_once');
    const posts = calls.filter((c) => c.method === 'POST');
    expect(posts.at(-1)?.body).toEqual({ url: 'https://shop.example/hooks', description: '', events: ['*'], enabled: true });
    await user.click(screen.getByRole('button', { name: 'Done' }));
    expect(screen.queryByTestId('webhook-secret')).not.toBeInTheDocument();
  });
});
