import { describe, expect, it } from 'vitest';
import {
  alignVariables,
  defaultSchedule,
  emptyForm,
  formFromCampaign,
  isoToZoned,
  phonesOf,
  stepProblem,
  toCampaignInput,
  withSource,
  zonedToIso,
} from './form';
import { campaign } from './test/fixtures';

describe('schedules in a time zone', () => {
  it('turn a wall-clock time into the instant, in summer and winter time', () => {
    expect(zonedToIso('2026-07-15', '10:00', 'Europe/Lisbon')).toBe('2026-07-15T09:00:00.000Z');
    expect(zonedToIso('2026-01-15', '10:00', 'Europe/Lisbon')).toBe('2026-01-15T10:00:00.000Z');
    expect(zonedToIso('2026-01-15', '10:00', 'Asia/Riyadh')).toBe('2026-01-15T07:00:00.000Z');
    expect(zonedToIso('2026-01-15', '23:30', 'America/New_York')).toBe('2026-01-16T04:30:00.000Z');
  });

  it('move a time skipped by the spring change forward, and refuse what is not a date, a time or a zone', () => {
    // 2026-03-29 01:30 does not exist in Lisbon (01:00 → 02:00).
    expect(zonedToIso('2026-03-29', '01:30', 'Europe/Lisbon')).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedToIso('', '10:00', 'UTC')).toBeNull();
    expect(zonedToIso('2026-01-15', '10', 'UTC')).toBeNull();
    expect(zonedToIso('2026-01-15', '10:00', 'Mars/Olympus')).toBeNull();
  });

  it('read an instant back as the wall clock of its zone', () => {
    expect(isoToZoned('2026-07-15T09:00:00Z', 'Europe/Lisbon')).toEqual({ date: '2026-07-15', time: '10:00' });
    expect(isoToZoned('2026-01-16T04:30:00Z', 'America/New_York')).toEqual({ date: '2026-01-15', time: '23:30' });
    expect(isoToZoned(null, 'UTC')).toEqual({ date: '', time: '' });
    expect(defaultSchedule('UTC', Date.parse('2026-01-15T10:20:00Z'))).toEqual({ date: '2026-01-15', time: '12:00' });
  });
});

describe('the draft as the PATCH takes it', () => {
  it('is the whole CampaignInput: contacts audience, variables with trimmed fallbacks, no schedule when sent now', () => {
    const f = { ...emptyForm('Europe/Lisbon'), name: '  Spring sale ', connectionIds: ['n1'], templateId: 't1', includeSegments: ['s1'], excludeLabels: ['l1'] };
    f.variables = [
      { slot: 'body.1', source: 'field', value: ' name ', fallback: '  there ' },
      { slot: 'body.2', source: 'constant', value: ' ready ', fallback: '' },
    ];
    expect(toCampaignInput(f)).toEqual({
      name: 'Spring sale',
      connectionIds: ['n1'],
      templateId: 't1',
      variables: {
        'body.1': { source: 'field', value: 'name', fallback: 'there' },
        'body.2': { source: 'constant', value: ' ready ', fallback: null },
      },
      headerMediaUrl: null,
      clickUrl: null,
      audience: { csv: false, allContacts: false, includeSegments: ['s1'], excludeSegments: [], includeLabels: [], excludeLabels: ['l1'] },
      scheduleAt: null,
      timezone: 'Europe/Lisbon',
      recipientTimezone: false,
      quietStart: null,
      quietEnd: null,
      ratePerSecond: null,
      replyFlowId: null,
    });
  });

  it('sends a CSV audience alone, and the options only when they are on', () => {
    const f = {
      ...emptyForm('UTC'),
      name: 'x',
      audienceMode: 'csv' as const,
      includeSegments: ['s1'],
      when: 'later' as const,
      date: '2026-05-01',
      time: '09:30',
      recipientTimezone: true,
      quietHours: true,
      quietStart: '22:00',
      quietEnd: '07:00',
      limitRate: true,
      ratePerSecond: '20',
      replyFlow: true,
      replyFlowId: 'f1',
      headerMediaUrl: ' https://cdn.example/a.jpg ',
    };
    expect(toCampaignInput(f)).toMatchObject({
      audience: { csv: true, includeSegments: [], excludeSegments: [], includeLabels: [], excludeLabels: [], allContacts: false },
      scheduleAt: '2026-05-01T09:30:00.000Z',
      recipientTimezone: true,
      quietStart: '22:00',
      quietEnd: '07:00',
      ratePerSecond: 20,
      replyFlowId: 'f1',
      headerMediaUrl: 'https://cdn.example/a.jpg',
    });
    expect(toCampaignInput({ ...f, quietHours: false, limitRate: false, replyFlow: false, when: 'now' })).toMatchObject({
      scheduleAt: null,
      recipientTimezone: false,
      quietStart: null,
      ratePerSecond: null,
      replyFlowId: null,
    });
  });

  it('comes back the same from a saved campaign', () => {
    const c = campaign({ scheduleAt: '2026-07-15T09:00:00Z', quietStart: '21:00', quietEnd: '08:00', ratePerSecond: 5, replyFlowId: 'f1' });
    const f = formFromCampaign(c);
    expect(f).toMatchObject({ when: 'later', date: '2026-07-15', time: '10:00', timezone: 'Europe/Lisbon', quietHours: true, limitRate: true, ratePerSecond: '5', replyFlow: true });
    const input = toCampaignInput(f);
    expect(input).toMatchObject({ name: c.name, variables: c.variables, audience: c.audience, scheduleAt: '2026-07-15T09:00:00.000Z', ratePerSecond: 5, replyFlowId: 'f1' });
  });
});

describe('variables', () => {
  it('get one mapping per slot: saved ones kept, new ones defaulted, stale ones dropped', () => {
    const saved = [
      { slot: 'body.2', source: 'constant' as const, value: 'ready', fallback: null },
      { slot: 'body.9', source: 'constant' as const, value: 'old', fallback: null },
    ];
    expect(alignVariables(['body.1', 'body.2', 'button.1.1'], saved)).toEqual([
      { slot: 'body.1', source: 'field', value: 'name', fallback: null },
      { slot: 'body.2', source: 'constant', value: 'ready', fallback: null },
      { slot: 'button.1.1', source: 'constant', value: '', fallback: null },
    ]);
  });

  it('start over with the value a new source starts with', () => {
    const m = { slot: 'body.1', source: 'constant' as const, value: 'Ana', fallback: 'x' };
    expect(withSource(m, 'field', [])).toEqual({ ...m, source: 'field', value: 'name' });
    expect(withSource(m, 'csv', ['order', 'city'])).toEqual({ ...m, source: 'csv', value: 'order' });
    expect(withSource(m, 'constant', [])).toBe(m);
  });
});

describe('each step', () => {
  it('says what keeps it from moving on', () => {
    const f = emptyForm('UTC');
    expect(stepProblem('name', f)).toBe('nameRequired');
    expect(stepProblem('number', f)).toBe('numberRequired');
    expect(stepProblem('template', f)).toBe('templateRequired');
    expect(stepProblem('schedule', { ...f, when: 'later' })).toBe('scheduleRequired');
    expect(stepProblem('schedule', { ...f, limitRate: true, ratePerSecond: '0' })).toBe('rateInvalid');
    expect(stepProblem('schedule', { ...f, replyFlow: true })).toBe('flowRequired');
    expect(stepProblem('audience', f)).toBeNull();
    expect(stepProblem('name', { ...f, name: 'x' })).toBeNull();
  });
});

it('the suppression box takes one number a line, each once', () => {
  expect(phonesOf(' +351 912 345 678 \n\n+44 7700 900123, +351 912 345 678;x')).toEqual(['+351 912 345 678', '+44 7700 900123', 'x']);
});
