import { cleanup, screen, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { TrendSection } from './TrendSection';
import type { AnalyticsDashboard } from './trends';

const range = {
  from: '2026-03-01',
  to: '2026-03-07',
  timezone: 'UTC',
  start: '2026-03-01T00:00:00Z',
  end: '2026-03-07T12:00:00Z',
};

const dashboard: AnalyticsDashboard = {
  range,
  headlines: [
    // Out of order on purpose: the cards keep their own order.
    { metric: 'firstResponseMedian', value: 150, previous: 300, trend: [null, 240, 180, null, 120, 150, 90] },
    { metric: 'opened', value: 42, previous: 30, trend: [3, 5, 4, 9, 8, 7, 6] },
    { metric: 'resolved', value: 20, previous: 20, trend: [2, 2, 2, 2, 4, 4, 4] },
    { metric: 'messagesIn', value: 120, previous: 160, trend: [10, 20, 15, 25, 20, 15, 15] },
    { metric: 'messagesOut', value: 8, previous: 0, trend: [0, 0, 0, 0, 0, 3, 5] },
    { metric: 'somethingNew', value: 1, previous: 1, trend: [1, 1, 1, 1, 1, 1, 1] },
  ],
};

let answer: () => Response;

beforeEach(() => {
  answer = () => json(200, dashboard);
  sessionManager.apply(makeAuth('tok', makeSession()));
  vi.stubGlobal(
    'fetch',
    vi.fn(async (req: Request) => {
      const path = new URL(req.url).pathname;
      return path === '/api/v1/analytics/dashboard' ? answer() : json(404, { error: 'not_found', message: path });
    }),
  );
});

afterEach(() => {
  cleanup();
  sessionManager.clear();
  vi.unstubAllGlobals();
});

/** The change as the eye reads it (the arrow and percentage), without the sentence for screen readers. */
function shownDelta(metric: string) {
  const el = screen.getByTestId(`trend-${metric}-delta`);
  return { text: el.querySelector('[aria-hidden="true"]')?.textContent, direction: el.dataset.direction, good: el.dataset.good };
}

describe('the last 7 days on the dashboard', () => {
  it('shows a card per known headline, in order, with its figure, change and trend', async () => {
    renderWithProviders(<TrendSection analyticsHref="/app/analytics" />);
    await screen.findByTestId('trend-opened');

    const cards = within(screen.getByTestId('trends')).getAllByTestId(/^trend-[a-zA-Z]+$/);
    expect(cards.map((c) => c.dataset.testid)).toEqual(['trend-opened', 'trend-resolved', 'trend-messagesIn', 'trend-messagesOut', 'trend-firstResponseMedian']);

    expect(screen.getByTestId('trend-opened-value').textContent).toBe('42');
    expect(shownDelta('opened')).toEqual({ text: '▲ 40%', direction: 'up', good: 'true' });
    expect(shownDelta('messagesIn')).toEqual({ text: '▼ 25%', direction: 'down', good: 'false' });
    expect(shownDelta('resolved')).toEqual({ text: '0%', direction: 'flat', good: undefined });
    expect(shownDelta('messagesOut')).toEqual({ text: '▲ new', direction: 'up', good: 'true' });

    // A median wait written as the analytics pages write it (150 s is 3 min there too), and half the wait is good news.
    expect(screen.getByTestId('trend-firstResponseMedian-value').textContent).toBe('3 min');
    expect(shownDelta('firstResponseMedian')).toEqual({ text: '▼ 50%', direction: 'down', good: 'true' });
    expect(screen.getByTestId('trend-firstResponseMedian-delta')).toHaveTextContent('Down 50% on the 7 days before (5 min)');
  });

  it('draws each trend as a line with a sentence for screen readers, missing days left out', async () => {
    renderWithProviders(<TrendSection analyticsHref="/app/analytics" />);
    const opened = await screen.findByTestId('trend-opened-chart');
    expect(opened).toHaveAttribute('role', 'img');
    expect(opened).toHaveAccessibleName('Per day: from 3 to 6, lowest 3, highest 9');
    expect(opened.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(7);

    const wait = screen.getByTestId('trend-firstResponseMedian-chart');
    expect(wait.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(5);
    expect(wait).toHaveAccessibleName('Per day: from 4 min to 2 min, lowest 2 min, highest 4 min');
  });

  it('links to all the analytics of the area', async () => {
    renderWithProviders(<TrendSection analyticsHref="/agent/analytics" own />);
    await screen.findByTestId('trend-opened');
    expect(screen.getByTestId('trends-all-analytics')).toHaveAttribute('href', '/agent/analytics');
    expect(screen.getByText('Your own conversations and messages, compared with the 7 days before.')).toBeInTheDocument();
  });

  it('writes a dash for a median without responses, and no comparison', async () => {
    answer = () =>
      json(200, {
        range,
        headlines: [{ metric: 'firstResponseMedian', value: null, previous: 60, trend: [null, null, null, null, null, null, null] }],
      });
    renderWithProviders(<TrendSection analyticsHref="/app/analytics" />);
    const value = await screen.findByTestId('trend-firstResponseMedian-value');
    expect(value.textContent).toBe('—');
    expect(shownDelta('firstResponseMedian')).toEqual({ text: '—', direction: 'none', good: undefined });
    expect(screen.getByTestId('trend-firstResponseMedian-chart')).toHaveAccessibleName('No figures per day yet');
    expect(screen.getByTestId('trend-firstResponseMedian-chart').querySelector('polyline')).toBeNull();
  });

  it('says so when the figures cannot be loaded', async () => {
    answer = () => json(403, { error: 'forbidden', message: 'no' });
    renderWithProviders(<TrendSection analyticsHref="/app/analytics" />);
    expect(await screen.findByText(/The last 7 days cannot be shown/)).toBeInTheDocument();
    expect(screen.queryByTestId('trend-opened')).toBeNull();
  });
});
