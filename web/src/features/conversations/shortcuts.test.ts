import { describe, expect, it } from 'vitest';
import { inboxAction, neighbour } from './shortcuts';

const key = (k: string, extra: Partial<Parameters<typeof inboxAction>[0]> = {}) => ({
  key: k,
  altKey: false,
  ctrlKey: false,
  metaKey: false,
  inField: false,
  ...extra,
});

describe('inbox shortcuts', () => {
  it('moves with j/k and Alt+arrows, and opens the help with ?', () => {
    expect(inboxAction(key('j'))).toBe('next');
    expect(inboxAction(key('k'))).toBe('previous');
    expect(inboxAction(key('ArrowDown', { altKey: true }))).toBe('next');
    expect(inboxAction(key('ArrowUp', { altKey: true }))).toBe('previous');
    expect(inboxAction(key('?'))).toBe('help');
  });

  it('leaves letters to text boxes, but Alt+arrows work there too', () => {
    expect(inboxAction(key('j', { inField: true }))).toBeNull();
    expect(inboxAction(key('?', { inField: true }))).toBeNull();
    expect(inboxAction(key('ArrowDown', { altKey: true, inField: true }))).toBe('next');
  });

  it('ignores keys with Ctrl or Cmd, and plain arrows', () => {
    expect(inboxAction(key('j', { ctrlKey: true }))).toBeNull();
    expect(inboxAction(key('k', { metaKey: true }))).toBeNull();
    expect(inboxAction(key('ArrowDown'))).toBeNull();
  });

  it('finds the next and previous conversation', () => {
    const ids = ['a', 'b', 'c'];
    expect(neighbour(ids, 'b', 1)).toBe('c');
    expect(neighbour(ids, 'b', -1)).toBe('a');
    expect(neighbour(ids, 'c', 1)).toBeNull();
    expect(neighbour(ids, 'a', -1)).toBeNull();
    expect(neighbour(ids, undefined, 1)).toBe('a');
    expect(neighbour(ids, 'gone', -1)).toBe('c');
    expect(neighbour([], undefined, 1)).toBeNull();
  });
});
