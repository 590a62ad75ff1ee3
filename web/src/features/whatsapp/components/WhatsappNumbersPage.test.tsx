import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import type { Connection } from '../../../api/types';
import { features, growth, limits, makeOverview, makePlan, meter, starter } from '../../billing/test/fixtures';
import type { BillingOverview } from '../../billing/types';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { WhatsappNumbersPage } from './WhatsappNumbersPage';

const several = features({ multipleWhatsAppNumbers: true });
const duo = makePlan({ id: 'duo', name: 'Duo', position: 2, isDefault: false, features: several, limits: limits({ maxWhatsAppNumbers: 2 }) });
const fleet = makePlan({ id: 'fleet', name: 'Fleet', position: 3, isDefault: false, features: several, limits: limits({ maxWhatsAppNumbers: 10 }) });

function connection(n: number): Connection {
  return {
    id: `c-${n}`,
    name: `Line ${n}`,
    kind: 'cloud',
    status: 'connected',
    displayPhoneNumber: `+1 555 010 ${n}`,
    ratePerSecond: 20,
    simulated: false,
    verifyToken: 'v',
    webhookUrl: 'https://example.com/hook',
    createdAt: '2026-01-01T00:00:00Z',
  };
}

function server(overview: BillingOverview, numbers: number) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      if (path === '/api/v1/billing') return json(200, overview);
      if (path === '/api/v1/billing/plans') return json(200, [starter, growth, duo, fleet]);
      if (path === '/api/v1/whatsapp/connections') return json(200, Array.from({ length: numbers }, (_, i) => connection(i + 1)));
      return json(404, { error: 'not_found', message: path });
    }),
  );
}

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('WhatsApp numbers page and the plan', () => {
  it('locks adding a second number on a plan without several numbers, naming the plans that have it', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    server(makeOverview({ usage: [meter('whatsAppNumbers', 1, 1)] }), 1);
    renderWithProviders(<WhatsappNumbersPage />, '/app/whatsapp');

    const notice = await screen.findByTestId('locked-feature');
    expect(notice).toHaveTextContent('Not in your Starter plan: Several WhatsApp numbers');
    expect(await within(notice).findByText('Available on Duo and Fleet.')).toBeInTheDocument();
    expect(within(notice).getByTestId('lock-upgrade')).toHaveAttribute('href', '/app/billing?plan=duo');
    expect(screen.getByTestId('connect-number')).toBeDisabled();
    expect(screen.getAllByTestId('number-row')).toHaveLength(1);
    expect(screen.queryByTestId('limit-reached')).toBeNull();
  });

  it('keeps the first number open on the same plan', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
    server(makeOverview({ usage: [meter('whatsAppNumbers', 0, 1)] }), 0);
    renderWithProviders(<WhatsappNumbersPage />, '/app/whatsapp');
    await screen.findByTestId('empty-state');
    for (const b of screen.getAllByTestId('connect-number')) expect(b).toBeEnabled();
    expect(screen.queryByTestId('locked-feature')).toBeNull();
    expect(screen.queryByTestId('limit-reached')).toBeNull();
  });

  it('shows the numbers limit reached, with the plans that allow more, before the form is filled', async () => {
    sessionManager.apply(makeAuth('tok', makeSession({ role: 'manager' })));
    server(makeOverview({ plan: duo, features: duo.features, usage: [meter('whatsAppNumbers', 1, 2)] }), 2);
    renderWithProviders(<WhatsappNumbersPage />, '/app/whatsapp');

    // The listed numbers count, though the cached overview still says 1.
    const notice = await screen.findByTestId('limit-reached');
    expect(notice).toHaveTextContent('2 of 2 WhatsApp numbers used');
    expect(await within(notice).findByText('The Fleet plan allows more.')).toBeInTheDocument();
    expect(within(notice).getByTestId('lock-ask-owner')).toBeInTheDocument();
    expect(screen.getByTestId('connect-number')).toBeDisabled();
    expect(screen.queryByTestId('locked-feature')).toBeNull();
  });
});
