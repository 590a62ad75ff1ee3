import { describe, expect, it } from 'vitest';
import { fileProblem, fill, laterStatus, MAX_FILE_BYTES, safeColor, textOn, uuid, whatsappLink } from './helpers';

describe('widget helpers', () => {
  it('builds the wa.me link with the visitor reference in the prefilled text', () => {
    expect(whatsappLink('+1 (415) 555-0100', 'Hello shop', 'AB12CD34')).toBe(
      'https://wa.me/14155550100?text=Hello%20shop%20(ref%3A%20AB12CD34)',
    );
    expect(whatsappLink('351912345678', 'Olá & bem-vindo', null)).toBe(
      'https://wa.me/351912345678?text=Ol%C3%A1%20%26%20bem-vindo',
    );
  });

  it('refuses files that are not images or PDF, or over 10 MB, before uploading', () => {
    expect(fileProblem({ type: 'image/png', size: 1000 })).toBeNull();
    expect(fileProblem({ type: 'application/pdf', size: MAX_FILE_BYTES })).toBeNull();
    expect(fileProblem({ type: 'application/pdf', size: MAX_FILE_BYTES + 1 })).toBe('tooBig');
    expect(fileProblem({ type: 'image/png', size: 50 * 1024 * 1024 })).toBe('tooBig');
    expect(fileProblem({ type: 'text/html', size: 10 })).toBe('type');
    expect(fileProblem({ type: 'image/svg+xml', size: 10 })).toBe('type');
  });

  it('puts readable text on the widget colour', () => {
    expect(textOn('#25d366')).toBe('#000000');
    expect(textOn('#075e54')).toBe('#ffffff');
    expect(textOn('#ffffff')).toBe('#000000');
    expect(textOn('#000')).toBe('#ffffff');
    expect(textOn('not a colour')).toBe('#ffffff');
  });

  it('lets only hex colours into the CSS', () => {
    expect(safeColor('#123abc')).toBe('#123abc');
    expect(safeColor('red;} :host{display:none')).toBe('#25d366');
    expect(safeColor(null, '#000')).toBe('#000');
  });

  it('moves statuses forward only, whatever order they arrive in', () => {
    expect(laterStatus('sent', 'read')).toBe('read');
    expect(laterStatus('read', 'delivered')).toBe('read');
    expect(laterStatus('pending', 'sent')).toBe('sent');
    expect(laterStatus('failed', 'read')).toBe('failed');
  });

  it('fills known placeholders and leaves unknown ones', () => {
    expect(fill('{{a}} and {{ b }} and {{c}}', { a: 1, b: 'two' })).toBe('1 and two and {{c}}');
  });

  it('makes v4 UUIDs', () => {
    const ids = new Set(Array.from({ length: 50 }, () => uuid()));
    expect(ids.size).toBe(50);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
