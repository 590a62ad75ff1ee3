import { describe, expect, it } from 'vitest';
import { defaultData, NODE_TYPES } from './catalog';
import { describeOutcome, hasInput, isOptionalOutcome, outcomesOf } from './outcomes';
import type { FlowNodeKind, NodeType } from './types';

const kind = (type: NodeType, data: object = defaultData(type)) => ({ type, data }) as FlowNodeKind;

describe('outcome handles per node kind', () => {
  it('matches Node::outcomes for every kind', () => {
    const expected: Record<NodeType, string[]> = {
      start: ['next'],
      sendMessage: ['next', 'error'],
      sendTemplate: ['next', 'error'],
      ask: ['option:a', 'option:b', 'noMatch'],
      capture: ['next', 'invalid'],
      condition: ['true', 'false'],
      setVariable: ['next'],
      wait: ['next'],
      waitForReply: ['reply'],
      businessHours: ['open', 'closed'],
      randomSplit: ['branch:x', 'branch:y'],
      http: ['next', 'error'],
      webhook: ['next'],
      assign: ['next'],
      label: ['next'],
      updateField: ['next'],
      setConsent: ['next'],
      startFlow: [],
      jump: [],
      handoff: [],
      end: [],
    };
    for (const type of NODE_TYPES) {
      const data =
        type === 'ask'
          ? { text: '', options: [{ id: 'a', title: 'A' }, { id: 'b', title: 'B' }] }
          : type === 'randomSplit'
            ? { branches: [{ id: 'x', weight: 1 }, { id: 'y', weight: 3 }] }
            : defaultData(type);
      expect(outcomesOf(kind(type, data)), type).toEqual(expected[type]);
    }
  });

  it('adds a timeout handle only when a timeout is set', () => {
    expect(outcomesOf(kind('capture', { text: '', input: { kind: 'text' }, saveAs: 'x', timeoutSecs: 60 }))).toEqual(['next', 'invalid', 'timeout']);
    expect(outcomesOf(kind('waitForReply', { timeoutSecs: 0 }))).toEqual(['reply', 'timeout']);
    expect(outcomesOf(kind('waitForReply', { timeoutSecs: null }))).toEqual(['reply']);
    expect(outcomesOf(kind('ask', { text: '', options: [], timeoutSecs: 10 }))).toEqual(['noMatch', 'timeout']);
  });

  it('describes option and branch handles by their titles and shares', () => {
    const ask = kind('ask', { text: '', options: [{ id: 'a', title: 'Sales' }, { id: 'b', title: 'Support' }] });
    expect(describeOutcome(ask, 'option:b')).toEqual({ kind: 'option', id: 'b', title: 'Support', index: 1 });
    expect(describeOutcome(ask, 'noMatch')).toEqual({ kind: 'fixed', name: 'noMatch' });
    const split = kind('randomSplit', { branches: [{ id: 'x', label: 'A', weight: 1 }, { id: 'y', weight: 3 }] });
    expect(describeOutcome(split, 'branch:y')).toEqual({ kind: 'branch', id: 'y', label: '', index: 1, weight: 3, share: 0.75 });
    expect(describeOutcome(split, 'branch:z')).toEqual({ kind: 'unknown', name: 'branch:z' });
  });

  it('knows which outcomes may stay unconnected and which nodes take an input', () => {
    expect(['error', 'timeout', 'invalid', 'noMatch'].every(isOptionalOutcome)).toBe(true);
    expect(isOptionalOutcome('next')).toBe(false);
    expect(hasInput(kind('start'))).toBe(false);
    expect(hasInput(kind('end'))).toBe(true);
  });
});
