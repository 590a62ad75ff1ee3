import { describe, expect, it } from 'vitest';
import { expiresInDays, fromScopes, noScopes, toggle, toScopes } from './scopes';

describe('API key scopes', () => {
  it('ticks read with write, unticks write with read, and keeps read-only families read only', () => {
    let c = toggle(noScopes(), 'contacts', 'write', true);
    expect(c.contacts).toBe('write');
    c = toggle(c, 'contacts', 'write', false);
    expect(c.contacts).toBe('read');
    c = toggle(toggle(c, 'contacts', 'write', true), 'contacts', 'read', false);
    expect(c.contacts).toBe('none');
    expect(toggle(noScopes(), 'billing', 'write', true).billing).toBe('read');
  });

  it('sends the smallest list and reads a stored one back', () => {
    const c = toggle(toggle(noScopes(), 'messages', 'write', true), 'billing', 'read', true);
    expect(toScopes(c)).toEqual(['messages:write', 'billing:read']);
    expect(fromScopes(['messages:write', 'messages:read', 'billing:read', 'unknown:read'])).toEqual(c);
    expect(toScopes(noScopes())).toEqual([]);
  });

  it('turns an expiry choice into a lifetime in days', () => {
    expect(expiresInDays('never')).toBeNull();
    expect(expiresInDays('30')).toBe(30);
  });
});
