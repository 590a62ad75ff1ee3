import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sessionManager } from '../../../api/client';
import { json, makeAuth, makeSession } from '../../../test/fixtures';
import { renderWithProviders } from '../../../test/render';
import { loadFlowStrings } from '../strings';
import { menuGraph } from '../test/graphs';
import type { Flow } from '../types';
import { FlowEditor } from './FlowEditor';

const flow: Flow = {
  id: 'f-1',
  name: 'Order status',
  description: null,
  draft: menuGraph(),
  issues: [],
  priority: 0,
  status: 'published',
  trigger: { kind: 'manual' },
  unpublishedChanges: false,
  version: 2,
  templateKey: null,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
};

const realMatchMedia = window.matchMedia;

/** A window `width` px wide, as the builder's media queries see it. */
function windowWidth(width: number) {
  window.matchMedia = ((query: string) => {
    const min = /min-width:\s*(\d+)px/.exec(query);
    const max = /max-width:\s*(\d+)px/.exec(query);
    const matches = (!min || width >= Number(min[1])) && (!max || width <= Number(max[1]));
    return { matches, media: query, onchange: null, addEventListener: () => {}, removeEventListener: () => {}, addListener: () => {}, removeListener: () => {}, dispatchEvent: () => false };
  }) as typeof window.matchMedia;
}

/** Resize observers by the element they watch; jsdom lays nothing out, so the test reports sizes itself. */
const observed = new Map<Element, () => void>();

function renderBuilder(width: number) {
  windowWidth(width);
  observed.clear();
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(private readonly notify: () => void) {}
      observe(el: Element) {
        observed.set(el, this.notify);
      }
      unobserve() {}
      disconnect() {}
    },
  );
  vi.stubGlobal(
    'fetch',
    vi.fn(async () => json(200, [])),
  );
  sessionManager.apply(makeAuth('tok', makeSession({ role: 'owner' })));
  renderWithProviders(<FlowEditor flow={flow} />, '/app/flows/f-1');
  return screen.getByTestId('builder-toolbar');
}

beforeAll(() => loadFlowStrings());

afterEach(() => {
  window.matchMedia = realMatchMedia;
  sessionManager.clear();
  vi.unstubAllGlobals();
});

describe('builder toolbar', () => {
  it('on a phone keeps test and publish in the bar and moves the rest into "More"', () => {
    const toolbar = renderBuilder(375);
    expect(toolbar).toHaveAttribute('data-compact', 'true');
    expect(within(toolbar).getByTestId('open-test')).toBeInTheDocument();
    expect(within(toolbar).getByTestId('publish')).toBeInTheDocument();
    for (const id of ['analytics-toggle', 'open-versions', 'open-runs', 'open-flow-settings']) expect(screen.queryByTestId(id)).toBeNull();
    // The bar does not scroll: a scrolling box would clip the menu that opens below it.
    expect(toolbar.className).not.toMatch(/overflow/);

    fireEvent.click(screen.getByTestId('builder-more'));
    expect(screen.getByTestId('open-versions')).toHaveTextContent('Versions');
    expect(screen.getByTestId('open-runs')).toHaveTextContent('Runs');
    expect(screen.getByTestId('analytics-toggle')).toHaveTextContent('Analytics');
    fireEvent.click(screen.getByTestId('open-runs'));
    expect(screen.getByTestId('side-panel')).toHaveAttribute('data-panel', 'runs');
    expect(screen.queryByTestId('open-runs')).toBeNull();
  });

  it('on a wide screen shows every action in the bar', () => {
    const toolbar = renderBuilder(1440);
    expect(toolbar).not.toHaveAttribute('data-compact');
    for (const id of ['analytics-toggle', 'open-test', 'open-versions', 'open-runs', 'open-flow-settings']) expect(within(toolbar).getByTestId(id)).toBeInTheDocument();
    fireEvent.click(screen.getByTestId('builder-more'));
    expect(screen.getAllByTestId('open-versions')).toHaveLength(1);
  });
});

describe('builder canvas', () => {
  it('keeps the centre of the view when a panel beside it narrows it', async () => {
    let canvasWidth = 1000;
    const clientWidth = vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === 'flow-canvas' ? canvasWidth : 0;
    });
    const clientHeight = vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockImplementation(function (this: HTMLElement) {
      return this.dataset.testid === 'flow-canvas' ? 600 : 0;
    });
    try {
      renderBuilder(1440);
      const canvas = screen.getByTestId('flow-canvas');
      const viewport = canvas.querySelector<HTMLElement>('.react-flow__viewport');
      const x = () => Number(/translate\((-?[\d.]+)px/.exec(viewport?.style.transform ?? '')?.[1]);
      const before = x();
      expect(Number.isFinite(before)).toBe(true);

      // A 400 px panel opens beside it: what was at the centre moves 200 px towards the start, to the new centre.
      canvasWidth = 600;
      act(() => observed.get(canvas)?.());
      await waitFor(() => expect(x()).toBeCloseTo(before - 200));
    } finally {
      clientWidth.mockRestore();
      clientHeight.mockRestore();
    }
  });
});
