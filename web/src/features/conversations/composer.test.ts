import { describe, expect, it } from 'vitest';
import type { CannedResponse } from '../../api/types';
import { cannedTrigger, fillCannedVariables, filterCanned, replaceRange } from './composer';

const canned = (shortcut: string, title: string, content = `${title}!`): CannedResponse => ({
  id: `c-${shortcut}`,
  shortcut,
  title,
  content,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

describe('canned reply variables', () => {
  const ctx = {
    contact: { name: 'Ana Lima', phone: '+15550100', email: null },
    agent: { name: 'Omar' },
    business: { name: 'Demo Company' },
  };

  it('fills the contact, agent and business variables', () => {
    expect(fillCannedVariables('Hi {{contact.name}}, this is {{agent.name}} from {{business.name}}.', ctx)).toBe(
      'Hi Ana Lima, this is Omar from Demo Company.',
    );
    expect(fillCannedVariables('We will call {{ contact.phone }}', ctx)).toBe('We will call +15550100');
  });

  it('leaves unknown variables, and known ones without a value, as they are', () => {
    expect(fillCannedVariables('Order {{order.id}} for {{contact.name}}', ctx)).toBe('Order {{order.id}} for Ana Lima');
    expect(fillCannedVariables('Mail to {{contact.email}}', ctx)).toBe('Mail to {{contact.email}}');
    expect(fillCannedVariables('Hello {{contact.name}}', {})).toBe('Hello {{contact.name}}');
    expect(fillCannedVariables('No variables here', ctx)).toBe('No variables here');
  });

  it('fills every occurrence', () => {
    expect(fillCannedVariables('{{agent.name}} / {{agent.name}}', ctx)).toBe('Omar / Omar');
  });
});

describe('the / trigger', () => {
  it('opens on a slash at the start or after a space, with what follows as the query', () => {
    expect(cannedTrigger('/', 1)).toEqual({ start: 0, end: 1, query: '' });
    expect(cannedTrigger('/gre', 4)).toEqual({ start: 0, end: 4, query: 'gre' });
    expect(cannedTrigger('Hello /than', 11)).toEqual({ start: 6, end: 11, query: 'than' });
    expect(cannedTrigger('line one\n/ref', 13)).toEqual({ start: 9, end: 13, query: 'ref' });
  });

  it('covers the whole word when the caret is inside it', () => {
    expect(cannedTrigger('/greeting more', 3)).toEqual({ start: 0, end: 9, query: 'gr' });
  });

  it('stays closed inside words, URLs and after a space', () => {
    expect(cannedTrigger('and/or', 6)).toBeNull();
    expect(cannedTrigger('https://x.io/a', 14)).toBeNull();
    expect(cannedTrigger('/greet ', 7)).toBeNull();
    expect(cannedTrigger('no slash', 8)).toBeNull();
  });
});

describe('filtering canned replies', () => {
  const list = [canned('thanks', 'Thank you'), canned('greet', 'Greeting'), canned('hours', 'Opening hours'), canned('refund', 'Refund policy')];

  it('puts shortcuts that start with the query first, then shortcut or title matches', () => {
    expect(filterCanned(list, 'h').map((c) => c.shortcut)).toEqual(['hours', 'thanks']);
    expect(filterCanned(list, 'gre').map((c) => c.shortcut)).toEqual(['greet']);
    expect(filterCanned(list, 'POLICY').map((c) => c.shortcut)).toEqual(['refund']);
    expect(filterCanned(list, 'zzz')).toEqual([]);
  });

  it('offers everything (up to the limit) for an empty query', () => {
    expect(filterCanned(list, '')).toHaveLength(4);
    expect(filterCanned(list, '', 2)).toHaveLength(2);
  });
});

describe('inserting text', () => {
  it('replaces a range and puts the caret after the insertion', () => {
    expect(replaceRange('Hi /gre!', 3, 7, 'Hello')).toEqual({ text: 'Hi Hello!', caret: 8 });
    expect(replaceRange('ab', 1, 1, '😀')).toEqual({ text: 'a😀b', caret: 3 });
  });
});
