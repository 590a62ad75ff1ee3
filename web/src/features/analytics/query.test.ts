import { describe, expect, it } from 'vitest';
import { apiQuery, customRangeError, includesToday, parseView, presetRange, todayIn, viewRange, viewToParams, type View } from './query';

describe('range presets', () => {
  const today = '2026-03-10';

  it('turn into the first and last day for a given today', () => {
    expect(presetRange('today', today)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
    expect(presetRange('yesterday', today)).toEqual({ from: '2026-03-09', to: '2026-03-09' });
    expect(presetRange('last7', today)).toEqual({ from: '2026-03-04', to: '2026-03-10' });
    expect(presetRange('last30', today)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(presetRange('last90', today)).toEqual({ from: '2025-12-11', to: '2026-03-10' });
    expect(presetRange('thisMonth', today)).toEqual({ from: '2026-03-01', to: '2026-03-10' });
    expect(presetRange('lastMonth', today)).toEqual({ from: '2026-02-01', to: '2026-02-28' });
  });

  it('cross years, leap days and month starts', () => {
    expect(presetRange('lastMonth', '2026-01-15')).toEqual({ from: '2025-12-01', to: '2025-12-31' });
    expect(presetRange('lastMonth', '2024-03-01')).toEqual({ from: '2024-02-01', to: '2024-02-29' });
    expect(presetRange('yesterday', '2026-01-01')).toEqual({ from: '2025-12-31', to: '2025-12-31' });
    expect(presetRange('thisMonth', '2026-05-01')).toEqual({ from: '2026-05-01', to: '2026-05-01' });
    // A DST change in the range moves no day (the arithmetic is on dates, not instants).
    expect(presetRange('last7', '2026-03-31')).toEqual({ from: '2026-03-25', to: '2026-03-31' });
  });

  it('count from today in the workspace time zone, not the browser one', () => {
    const instant = new Date('2026-03-10T02:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-03-10');
    expect(todayIn('America/New_York', instant)).toBe('2026-03-09');
    expect(todayIn('Asia/Tokyo', new Date('2026-03-09T16:00:00Z'))).toBe('2026-03-10');
    expect(presetRange('today', todayIn('America/New_York', instant))).toEqual({ from: '2026-03-09', to: '2026-03-09' });
  });

  it('know whether a range reaches today (then the page refreshes itself)', () => {
    expect(includesToday(presetRange('last7', today), today)).toBe(true);
    expect(includesToday(presetRange('yesterday', today), today)).toBe(false);
    expect(includesToday(presetRange('lastMonth', today), today)).toBe(false);
  });

  it('refuse custom days out of order or longer than the API reads', () => {
    expect(customRangeError('2026-03-01', '2026-03-10')).toBeNull();
    expect(customRangeError('2026-03-10', '2026-03-01')).toBe('order');
    expect(customRangeError('2025-01-01', '2026-01-02')).toBeNull();
    expect(customRangeError('2025-01-01', '2026-01-03')).toBe('span');
    expect(customRangeError('', '2026-01-03')).toBe('missing');
  });
});

describe('the view in the query string', () => {
  const full: View = {
    tab: 'agents',
    range: 'custom',
    from: '2026-01-01',
    to: '2026-01-31',
    compare: true,
    business: true,
    filters: { connectionId: 'c-1', teamId: 't-1', agentId: 'a-1', labelId: 'l-1' },
  };

  it('round-trips', () => {
    expect(parseView(viewToParams(full))).toEqual(full);
    const preset: View = { tab: 'flows', range: 'last30', compare: false, business: false, filters: { labelId: 'l-9' } };
    expect(parseView(new URLSearchParams(viewToParams(preset).toString()))).toEqual(preset);
  });

  it('leaves the defaults out, so a plain link is the default view', () => {
    const plain = parseView(new URLSearchParams());
    expect(plain).toEqual({ tab: 'overview', range: 'last7', compare: false, business: false, filters: {} });
    expect(viewToParams(plain).toString()).toBe('');
    expect(viewToParams(full).toString()).toBe(
      'tab=agents&range=custom&from=2026-01-01&to=2026-01-31&compare=1&business=1&connectionId=c-1&teamId=t-1&agentId=a-1&labelId=l-1',
    );
  });

  it('falls back to the default for anything unknown or malformed', () => {
    const v = parseView(new URLSearchParams('tab=nope&range=custom&from=2026-13-45&to=x&compare=yes'));
    expect(v).toEqual({ tab: 'overview', range: 'last7', compare: false, business: false, filters: {} });
    expect(parseView(new URLSearchParams('range=forever')).range).toBe('last7');
  });

  it('becomes the API query: the range, the filters, and compare only for the overview', () => {
    expect(viewRange(full, '2026-03-10')).toEqual({ from: '2026-01-01', to: '2026-01-31' });
    expect(apiQuery(full, '2026-03-10', true)).toEqual({
      from: '2026-01-01',
      to: '2026-01-31',
      connectionId: 'c-1',
      teamId: 't-1',
      agentId: 'a-1',
      labelId: 'l-1',
      compare: true,
    });
    expect(apiQuery({ ...full, range: 'today' }, '2026-03-10', false)).not.toHaveProperty('compare');
    expect(apiQuery({ ...full, range: 'today' }, '2026-03-10', false)).toMatchObject({ from: '2026-03-10', to: '2026-03-10' });
  });
});
