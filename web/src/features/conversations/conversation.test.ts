import { describe, expect, it } from 'vitest';
import { contactLabel, parsePreview } from './conversation';

describe('conversation list helpers', () => {
  it('names a conversation by the contact, else the number', () => {
    expect(contactLabel({ contactName: 'Ana', contactPhone: '+1555' })).toBe('Ana');
    expect(contactLabel({ contactName: null, contactPhone: '+1555' })).toBe('+1555');
    expect(contactLabel({})).toBe('—');
  });

  it('splits the kind off non-text previews', () => {
    expect(parsePreview('[image] Look at this')).toEqual({ kind: 'image', text: 'Look at this' });
    expect(parsePreview('[location]')).toEqual({ kind: 'location', text: '' });
    expect(parsePreview('[message deleted]')).toEqual({ kind: null, text: '[message deleted]' });
    expect(parsePreview('Hello [image]')).toEqual({ kind: null, text: 'Hello [image]' });
    expect(parsePreview(null)).toBeNull();
  });
});
