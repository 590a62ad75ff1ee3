import { describe, expect, it } from 'vitest';
import { draftToInput, emptyAction, emptyDraft, fieldPaths, fieldValue, localProblems, move, ruleToDraft, splitKeywords, type RuleDraft } from './form';
import type { Automation } from './types';

const rule: Automation = {
  id: 'r1',
  name: 'Refunds to Adam',
  description: 'Before the others',
  enabled: true,
  position: 0,
  trigger: { kind: 'messageReceived', keywords: ['refund', 'money back'] },
  conditions: {
    match: 'any',
    groups: [
      { match: 'all', items: [{ type: 'businessHours', open: true }, { type: 'label', has: false, labelId: 'l1' }] },
      { match: 'all', items: [{ type: 'timeOfDay', from: '22:00', to: '06:00', weekdays: [5, 1] }] },
    ],
  },
  actions: [
    { type: 'addLabel', labelId: 'l2' },
    { type: 'assign', userId: 'u1', teamId: null },
    { type: 'startFlow', flowId: 'f1' },
    { type: 'setStatus', status: 'snoozed', snoozeMinutes: 60 },
    { type: 'setField', field: 'score', value: 7 },
    { type: 'createDeal', title: 'Refund', value: 20.5 },
    { type: 'sendTemplate', name: 'refund_ack', language: 'en', components: [{ type: 'body', parameters: [] }] },
    { type: 'stopOtherRules' },
  ],
  createdAt: '2026-12-01T00:00:00Z',
  updatedAt: '2026-12-01T00:00:00Z',
  runCount: 3,
  failureCount: 0,
};

describe('the rule form', () => {
  it('reads a rule and writes it back as the API took it', () => {
    const input = draftToInput(ruleToDraft(rule), { score: 'number' });
    expect(input.name).toBe(rule.name);
    expect(input.description).toBe(rule.description);
    expect(input.trigger).toEqual(rule.trigger);
    expect(input.conditions).toEqual({
      match: 'any',
      groups: [rule.conditions.groups?.[0], { match: 'all', items: [{ type: 'timeOfDay', from: '22:00', to: '06:00', weekdays: [1, 5] }] }],
    });
    expect(input.actions).toEqual(rule.actions);
  });

  it('sends only the chosen kind’s settings, and keeps the others while the kind is switched', () => {
    const d = emptyDraft();
    d.trigger = { ...d.trigger, kind: 'schedule', cron: ' 0  9 * * 1-5 ', keywords: ['kept'] };
    expect(draftToInput(d).trigger).toEqual({ kind: 'schedule', cron: '0 9 * * 1-5' });
    d.trigger = { ...d.trigger, kind: 'messageReceived' };
    expect(draftToInput(d).trigger).toEqual({ kind: 'messageReceived', keywords: ['kept'] });
    d.trigger = { ...d.trigger, kind: 'conversationAssigned' };
    expect(draftToInput(d).trigger).toEqual({ kind: 'conversationAssigned' });
  });

  it('sends a status without minutes unless it snoozes', () => {
    const d = emptyDraft();
    d.actions = [{ ...emptyAction('setStatus'), status: 'resolved', snoozeMinutes: '60' }];
    expect(draftToInput(d).actions).toEqual([{ type: 'setStatus', status: 'resolved', snoozeMinutes: null }]);
  });

  it('splits keywords on commas and new lines, without blanks or repeats', () => {
    expect(splitKeywords('pricing, Price list\n\nPRICING,، سعر')).toEqual(['pricing', 'Price list', 'سعر']);
  });

  it('converts a field value to its field’s kind', () => {
    expect(fieldValue('42', 'number')).toBe(42);
    expect(fieldValue('abc', 'number')).toBe('abc');
    expect(fieldValue('true', 'boolean')).toBe(true);
    expect(fieldValue('a, b', 'multi_select')).toEqual(['a', 'b']);
    expect(fieldValue(' Dubai ', 'text')).toBe('Dubai');
  });

  it('points at empty picks and numbers that are not, by the API’s field paths', () => {
    const d: RuleDraft = emptyDraft();
    d.trigger = { ...d.trigger, kind: 'noAgentReply', minutes: '1.5' };
    d.actions = [emptyAction('addLabel'), emptyAction('assign'), { ...emptyAction('sendTemplate'), templateName: 'x', components: '{"a":1}' }, { ...emptyAction('startFlow'), flowId: 'f1' }];
    expect(localProblems(d)).toEqual({
      'trigger.minutes': 'automations.errors.wholeNumber',
      'actions[0].labelId': 'automations.errors.choose',
      'actions[1].userId': 'automations.errors.assignSomeone',
      'actions[2].components': 'automations.errors.jsonList',
    });
    d.trigger.minutes = '30';
    d.actions = [{ ...emptyAction('addLabel'), labelId: 'l1' }];
    expect(localProblems(d)).toEqual({});
  });

  it('knows the field paths the API names for each row', () => {
    const d = ruleToDraft(rule);
    const paths = fieldPaths(d);
    expect(paths).toContain('trigger.cron');
    expect(paths).toContain('conditions.groups[1].items[0].from');
    expect(paths).toContain('actions[7].userId');
    expect(paths).not.toContain('actions[8].userId');
  });

  it('moves a row up or down within the list only', () => {
    expect(move(['a', 'b', 'c'], 2, -1)).toEqual(['a', 'c', 'b']);
    expect(move(['a', 'b', 'c'], 0, 1)).toEqual(['b', 'a', 'c']);
    expect(move(['a', 'b'], 0, -1)).toEqual(['a', 'b']);
  });
});
