import { act, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { useTitleWhenClipped } from './useTitleWhenClipped';

function Label({ text }: { text: string }) {
  const [measure, title] = useTitleWhenClipped<HTMLParagraphElement>(text);
  return (
    <p ref={measure} title={title} data-testid="label">
      {text}
    </p>
  );
}

/** jsdom lays nothing out: the label's text is as wide as its length, in a box 100 px wide. */
function layout() {
  vi.spyOn(HTMLElement.prototype, 'scrollWidth', 'get').mockImplementation(function (this: HTMLElement) {
    return (this.textContent ?? '').length * 10;
  });
  vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(100);
  vi.spyOn(HTMLElement.prototype, 'scrollHeight', 'get').mockReturnValue(20);
  vi.spyOn(HTMLElement.prototype, 'clientHeight', 'get').mockReturnValue(20);
  const observers: (() => void)[] = [];
  vi.stubGlobal(
    'ResizeObserver',
    class {
      constructor(private readonly notify: () => void) {}
      observe() {
        observers.push(this.notify);
        // As browsers do, one report when observing starts.
        this.notify();
      }
      disconnect() {}
    },
  );
  return observers;
}

afterEach(() => {
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
});

describe('a title only while clipped', () => {
  it('has no tooltip when the text fits, and the text as its tooltip when it does not', () => {
    layout();
    const { rerender } = render(<Label text="Test phone" />);
    expect(screen.getByTestId('label')).not.toHaveAttribute('title');
    rerender(<Label text="A test phone with a much longer name" />);
    expect(screen.getByTestId('label')).toHaveAttribute('title', 'A test phone with a much longer name');
  });

  it('follows the box as it is resized', () => {
    const observers = layout();
    render(<Label text="Test phone" />);
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(60);
    act(() => observers.at(-1)?.());
    expect(screen.getByTestId('label')).toHaveAttribute('title', 'Test phone');
  });
});
