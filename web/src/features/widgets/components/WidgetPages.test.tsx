import { cleanup, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { loadWidgetStrings } from '../strings';
import type { Widget } from '../types';
import { VisitorSection } from './VisitorSection';
import { WidgetRoute } from './WidgetPage';
import { WidgetsPage } from './WidgetsPage';

const widget = (over: Partial<Widget> = {}): Widget => ({
  id: 'w-1',
  key: 'k_0123456789abcdefghijkl',
  name: 'Acme shop',
  allowedDomains: ['shop.example.com'],
  color: '#075e54',
  position: 'right',
  greeting: { en: 'Hi! How can we help?' },
  awayText: {},
  prechat: { name: 'required', email: 'optional', phone: 'off', consent: 'off', consentText: {} },
  teamId: null,
  whatsappConnectionId: null,
  whatsappText: null,
  enabled: true,
  channelId: 'c-1',
  snippet: '<script async src="https://parley.example/widget.js?v=1" data-parley-widget="k_0123456789abcdefghijkl"></script>',
  identitySecret: null,
  createdAt: '2026-12-07T00:00:00Z',
  updatedAt: '2026-12-07T00:00:00Z',
  ...over,
});

interface Call {
  method: string;
  path: string;
  body: unknown;
}

function server(routes: Record<string, (body: unknown) => Response>) {
  const calls: Call[] = [];
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      const text = req.method === 'GET' ? '' : await req.text();
      const body: unknown = text ? JSON.parse(text) : null;
      calls.push({ method: req.method, path, body });
      const route = routes[`${req.method} ${path}`];
      if (route) return route(body);
      if (path === '/api/v1/teams' || path === '/api/v1/whatsapp/connections' || path === '/api/v1/connections') return json(200, []);
      return json(404, { error: 'not_found', message: path });
    }),
  );
  return calls;
}

beforeAll(() => loadWidgetStrings());

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('Settings → Website widget', () => {
  it('lists the widgets with their domains and creates one, named and with its domains parsed', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const calls = server({
      'GET /api/v1/widgets': () => json(200, [widget(), widget({ id: 'w-2', name: 'Blog', allowedDomains: [], enabled: false })]),
      'POST /api/v1/widgets': (body) => json(201, widget({ id: 'w-3', ...(body as object), identitySecret: 'sec_once' })),
    });
    const user = userEvent.setup();
    renderWithProviders(
      <Routes>
        <Route path="/app/widgets" element={<WidgetsPage />} />
        <Route path="/app/widgets/:id" element={<p>settings page</p>} />
      </Routes>,
      '/app/widgets',
    );
    const rows = await screen.findAllByTestId('widget-row');
    expect(rows).toHaveLength(2);
    expect(within(rows[0] as HTMLElement).getByText('shop.example.com')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByText('No allowed domain yet: the widget shows nowhere.')).toBeInTheDocument();
    expect(within(rows[1] as HTMLElement).getByRole('switch')).toHaveAttribute('aria-checked', 'false');

    await user.click(screen.getByTestId('widget-new'));
    const dialog = await screen.findByTestId('widget-create');
    await user.type(within(dialog).getByLabelText('Name'), 'Docs site');
    await user.type(within(dialog).getByLabelText('Allowed domains'), 'https://Docs.Example.com/start{enter}*.example.org');
    await user.click(within(dialog).getByRole('button', { name: 'Create widget' }));
    expect(await screen.findByText('settings page')).toBeInTheDocument();
    expect(calls.find((c) => c.method === 'POST')?.body).toEqual({ name: 'Docs site', allowedDomains: ['docs.example.com', '*.example.org'] });
  });

  it('edits a widget with a live preview, gives the snippet, and shows a rotated secret once', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    const calls = server({
      'GET /api/v1/widgets/w-1': () => json(200, widget()),
      'PATCH /api/v1/widgets/w-1': (body) => json(200, widget(body as Partial<Widget>)),
      'POST /api/v1/widgets/w-1/identity-secret': () => json(200, { secret: 'sec_rotated' }),
    });
    const user = userEvent.setup();
    renderWithProviders(
      <Routes>
        <Route path="/app/widgets/:id" element={<WidgetRoute />} />
      </Routes>,
      '/app/widgets/w-1',
    );
    const form = await screen.findByTestId('widget-form');
    expect(screen.getByTestId('widget-snippet')).toHaveValue(widget().snippet);
    const preview = screen.getByTestId('widget-preview');
    expect(within(preview).getByTestId('preview-greeting')).toHaveTextContent('Hi! How can we help?');
    expect(within(preview).getByTestId('preview-prechat')).toHaveTextContent('Name *');

    const greeting = within(form).getByLabelText(/^Greeting/);
    await user.clear(greeting);
    await user.type(greeting, 'Welcome to Acme');
    expect(within(preview).getByTestId('preview-greeting')).toHaveTextContent('Welcome to Acme');
    await user.selectOptions(within(form).getByLabelText('Position'), 'left');
    await user.click(within(form).getByTestId('widget-save'));
    expect(await screen.findByTestId('widget-saved')).toBeInTheDocument();
    const patch = calls.find((c) => c.method === 'PATCH')?.body as Record<string, unknown>;
    expect(patch.greeting).toEqual({ en: 'Welcome to Acme' });
    expect(patch.position).toBe('left');
    expect(patch.allowedDomains).toEqual(['shop.example.com']);

    await user.click(screen.getByTestId('widget-rotate'));
    await user.click(within(await screen.findByTestId('confirm-modal')).getByRole('button', { name: 'New identity secret' }));
    expect(await screen.findByTestId('widget-secret-value')).toHaveValue('sec_rotated');
  });
});

describe('the inbox Visitor section', () => {
  it('shows where the visitor is and the pages they saw, newest first', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    server({
      'GET /api/v1/conversations/conv-1/visitor': () =>
        json(200, {
          id: 'v-1',
          ref: 'AB12CD34',
          widgetId: 'w-1',
          name: null,
          email: null,
          phone: null,
          context: { url: 'https://shop.example.com/pricing', title: 'Pricing', referrer: 'https://news.example', utm: { source: 'news', medium: 'email', campaign: 'winter' }, browser: 'Chrome 131', language: 'pt-BR', timeZone: 'Europe/Lisbon', country: 'PT' },
          pages: [
            { url: 'https://shop.example.com/', title: 'Home', at: '2026-12-07T10:00:00Z' },
            { url: 'https://shop.example.com/pricing', title: 'Pricing', at: '2026-12-07T10:01:00Z' },
          ],
          identified: false,
          contactId: null,
          firstSeenAt: '2026-12-07T10:00:00Z',
          lastSeenAt: '2026-12-07T10:01:00Z',
        }),
    });
    renderWithProviders(<VisitorSection conversationId="conv-1" />);
    const section = await screen.findByTestId('visitor-section');
    expect(section).toHaveTextContent('AB12CD34');
    expect(section).toHaveTextContent('news / email / winter');
    expect(section).toHaveTextContent('Europe/Lisbon');
    const pages = within(screen.getByTestId('visitor-pages')).getAllByRole('link');
    expect(pages.map((a) => a.textContent)).toEqual(['Pricing', 'Home']);
    expect(pages[0]).toHaveAttribute('rel', 'noopener noreferrer');
  });
});
