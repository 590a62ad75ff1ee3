import { describe, expect, it } from 'vitest';
import { actionsSummary, conditionsSummary, isolate, listOf, NO_NAMES, triggerSummary, type Names } from './summary';
import { translator } from './testText';
import { ACTION_TYPES, CONDITION_TYPES, TRIGGER_KINDS, type Action, type Condition, type Trigger } from './types';

const t = translator('en');
// Summaries without their bidi isolates, to compare with plain text.
const plain = (s: string) => s.replace(/[\u2068\u2069]/g, '');
const triggerText = (...a: Parameters<typeof triggerSummary>) => plain(triggerSummary(...a));
const conditionsText = (...a: Parameters<typeof conditionsSummary>) => plain(conditionsSummary(...a));
const actionsText = (...a: Parameters<typeof actionsSummary>) => plain(actionsSummary(...a));
const names: Names = {
  ...NO_NAMES,
  label: (id) => ({ l1: 'VIP', l2: 'Pricing' })[id],
  member: (id) => (id === 'u1' ? 'Adam Agent' : undefined),
  team: (id) => (id === 't1' ? 'Support' : undefined),
  flow: (id) => (id === 'f1' ? 'Welcome menu' : undefined),
  field: (key) => (key === 'city' ? 'City' : undefined),
};

describe('rule summaries', () => {
  it('reads lists as a sentence', () => {
    expect(listOf(t, ['a'], 'or')).toBe('a');
    expect(listOf(t, ['a', 'b'], 'or')).toBe('a or b');
    expect(listOf(t, ['a', 'b', 'c'], 'and')).toBe('a, b and c');
  });

  it('names the keywords of a message trigger, or any message without them', () => {
    expect(triggerText(t, { kind: 'messageReceived', keywords: ['refund', 'money back'] })).toBe('a message contains “refund” or “money back”');
    expect(triggerText(t, { kind: 'messageReceived', keywords: [] })).toBe('a customer sends a message');
    expect(triggerText(t, { kind: 'noAgentReply', minutes: 30 })).toBe('a customer has waited 30 min for an answer');
    expect(triggerText(t, { kind: 'schedule', cron: '0 9 * * 1' })).toBe('the schedule 0 9 * * 1 comes round');
  });

  it('isolates text from the data, so an English name keeps its place in an Arabic sentence', () => {
    expect(triggerSummary(translator('ar'), { kind: 'messageReceived', keywords: ['refund', 'money back'] })).toBe(
      `تحتوي رسالة على «${isolate('refund')}» أو «${isolate('money back')}»`,
    );
    expect(actionsSummary(translator('ar'), [{ type: 'assign', userId: 'u1' }], names)).toBe(`الإسناد إلى ${isolate('Adam Agent')}`);
  });

  it('names what a rule points at, and says when it is gone', () => {
    expect(triggerText(t, { kind: 'labelAdded', labelId: 'l1' }, names)).toBe('the label VIP is added');
    expect(triggerText(t, { kind: 'labelAdded', labelId: 'gone' }, names)).toBe('the label (deleted) is added');
    expect(triggerText(t, { kind: 'labelAdded', labelId: null }, names)).toBe('a label is added');
  });

  it('joins conditions by their groups’ match, bracketing groups of several', () => {
    expect(conditionsText(t, {})).toBe('always (no conditions)');
    const open: Condition = { type: 'businessHours', open: true };
    const vip: Condition = { type: 'label', has: true, labelId: 'l1' };
    const text: Condition = { type: 'messageText', op: 'contains', value: 'price' };
    expect(conditionsText(t, { match: 'all', groups: [{ match: 'any', items: [open, vip] }] }, names)).toBe(
      'inside business hours or it has the label VIP',
    );
    expect(conditionsText(t, { match: 'any', groups: [{ match: 'all', items: [open, vip] }, { items: [text] }] }, names)).toBe(
      '(inside business hours and it has the label VIP) or the message contains “price”',
    );
  });

  it('lists the actions in order', () => {
    const actions: Action[] = [
      { type: 'addLabel', labelId: 'l2' },
      { type: 'assign', userId: 'u1', teamId: 't1' },
      { type: 'startFlow', flowId: 'f1' },
      { type: 'stopOtherRules' },
    ];
    expect(actionsText(t, actions, names)).toBe(
      'add the label Pricing, then assign to Adam Agent and Support, then start the flow Welcome menu, then stop the rules below',
    );
    expect(actionsText(t, [{ type: 'setStatus', status: 'snoozed', snoozeMinutes: 90 }])).toBe('snooze for 90 min');
  });

  it('has a sentence for every trigger, condition and action kind in both languages', () => {
    const triggers: Trigger[] = TRIGGER_KINDS.map((kind) => ({ kind, minutes: 5, hours: 2, cron: '0 9 * * *' }) as Trigger);
    const conditions = CONDITION_TYPES.map(
      (type) => ({ type, op: type === 'contactField' ? 'isSet' : 'contains', value: 'x', field: 'city', has: true, labelId: 'l1', status: 'opted_in', statuses: ['open'], connectionIds: ['c'], open: false, from: '09:00', to: '17:00', weekdays: [1, 5] }) as Condition,
    );
    const actions = ACTION_TYPES.map((type) => ({ type, text: 'hi', name: 'promo', language: 'en', userId: 'u1', labelId: 'l1', field: 'city', value: 'Dubai', status: 'resolved', flowId: 'f1', subject: 's', title: 'd', endpointId: 'e' }) as Action);
    for (const lang of ['en', 'ar'] as const) {
      const tr = translator(lang);
      for (const tg of triggers) expect(triggerSummary(tr, tg, names)).not.toMatch(/{{|automations\./);
      expect(conditionsSummary(tr, { groups: [{ items: conditions }] }, names)).not.toMatch(/{{|automations\./);
      expect(actionsSummary(tr, actions, names)).not.toMatch(/{{|automations\./);
    }
    expect(conditionsSummary(translator('ar'), { groups: [{ items: [{ type: 'timeOfDay', from: '09:00', to: '17:00', weekdays: [1, 5] }] }] })).toBe(
      'بين 09:00 و17:00 يوم الاثنين أو الجمعة',
    );
  });
});
