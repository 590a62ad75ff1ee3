import { describe, expect, it } from 'vitest';
import type { Message } from '../../api/types';
import { composerMode, describeMessage, failureReason, quoteText, sendAsFor, tickFor } from './messages';

const msg = (type: string, content: unknown, media: Message['media'] = null) => ({ type, content, media });

describe('delivery ticks', () => {
  it('maps each outbound status to its tick', () => {
    expect(tickFor('queued')).toBe('pending');
    expect(tickFor('sending')).toBe('pending');
    expect(tickFor('sent')).toBe('sent');
    expect(tickFor('delivered')).toBe('delivered');
    expect(tickFor('read')).toBe('read');
    expect(tickFor('failed')).toBe('failed');
  });

  it('shows no tick for received (inbound) or unknown statuses', () => {
    expect(tickFor('received')).toBeNull();
    expect(tickFor('something-new')).toBeNull();
  });
});

describe('message content', () => {
  it('reads text, and the text of button and list replies', () => {
    expect(describeMessage(msg('text', { text: 'Hi' }))).toEqual({ kind: 'text', text: 'Hi' });
    expect(describeMessage(msg('button_reply', { text: 'Yes', buttonId: 'y' }))).toEqual({ kind: 'text', text: 'Yes' });
    expect(describeMessage(msg('list_reply', { text: 'Large', rowId: 'l' }))).toEqual({ kind: 'text', text: 'Large' });
  });

  it('reads media with caption, file name and the stored file', () => {
    const media = { id: 'm-1', status: 'stored', url: '/api/v1/media/m-1', mimeType: 'image/png', filename: null };
    expect(describeMessage(msg('image', { caption: 'Look', mimeType: 'image/png' }, media))).toEqual({
      kind: 'media',
      mediaType: 'image',
      caption: 'Look',
      filename: null,
      media,
    });
    const doc = describeMessage(msg('document', { filename: 'invoice.pdf' }, { ...media, mimeType: 'application/pdf' }));
    expect(doc).toMatchObject({ kind: 'media', mediaType: 'document', filename: 'invoice.pdf', caption: null });
    expect(describeMessage(msg('voice', { voice: true }, null))).toMatchObject({ kind: 'media', mediaType: 'voice', media: null });
  });

  it('reads a location with its coordinates', () => {
    expect(describeMessage(msg('location', { latitude: 25.2, longitude: 55.27, name: 'Office', address: null }))).toEqual({
      kind: 'location',
      latitude: 25.2,
      longitude: 55.27,
      name: 'Office',
      address: null,
    });
    expect(describeMessage(msg('location', { name: 'nowhere' }))).toEqual({ kind: 'unsupported', type: 'location' });
  });

  it('reads a template by its name', () => {
    expect(describeMessage(msg('template', { template: { name: 'order_update', language: 'en' } }))).toEqual({ kind: 'template', name: 'order_update', text: null });
    // A campaign's message keeps the body its customer read.
    expect(describeMessage(msg('template', { template: { name: 'order_update' }, text: 'Your order *#12* is ready.' }))).toEqual({
      kind: 'template',
      name: 'order_update',
      text: 'Your order *#12* is ready.',
    });
  });

  it('reads reactions, contacts, deletions and edits', () => {
    expect(describeMessage(msg('reaction', { emoji: '👍', reactedTo: 'wamid.1' }))).toEqual({ kind: 'reaction', emoji: '👍' });
    expect(
      describeMessage(msg('contacts', { contacts: [{ name: { formatted_name: 'Ana' }, phones: [{ phone: '+1 555 0100', wa_id: '15550100' }] }, { name: { first_name: 'Bo' } }] })),
    ).toEqual({
      kind: 'contacts',
      names: ['Ana', 'Bo'],
      cards: [
        { name: 'Ana', phone: '+1 555 0100' },
        { name: 'Bo', phone: null },
      ],
    });
    expect(describeMessage(msg('revoke', { revokes: 'wamid.1' }))).toEqual({ kind: 'deleted' });
    expect(describeMessage(msg('edit', { message: { text: { body: 'Fixed' } } }))).toEqual({ kind: 'text', text: 'Fixed' });
  });

  it('reads reply buttons and lists as stored for flows and agents, with header and footer', () => {
    const buttons = { text: 'How can we help?', header: 'Parley Shop', footer: 'Tap one', buttons: [{ id: 'buy', title: 'Buy' }, { id: 'help', title: 'Help' }] };
    expect(describeMessage(msg('buttons', buttons))).toEqual({
      kind: 'interactive',
      interactive: { kind: 'buttons', text: 'How can we help?', header: 'Parley Shop', footer: 'Tap one', buttons: [{ id: 'buy', title: 'Buy' }, { id: 'help', title: 'Help' }] },
    });
    const list = { text: 'Pick a day', listButton: 'Days', sections: [{ title: 'This week', rows: [{ id: 'mon', title: 'Monday', description: null }, { id: 'tue', title: 'Tuesday', description: 'Afternoon' }] }] };
    expect(describeMessage(msg('list', list))).toEqual({
      kind: 'interactive',
      interactive: { kind: 'list', text: 'Pick a day', button: 'Days', sections: [{ title: 'This week', rows: [{ id: 'mon', title: 'Monday' }, { id: 'tue', title: 'Tuesday', description: 'Afternoon' }] }] },
    });
    expect(quoteText(msg('list', list))).toEqual({ kind: 'interactive', text: 'Pick a day' });
  });

  it('reads an interactive message without choices as its text', () => {
    expect(describeMessage(msg('buttons', { text: 'Hello', buttons: [] }))).toEqual({ kind: 'text', text: 'Hello' });
    expect(describeMessage(msg('list', { text: 'Hi', sections: [{ title: '', rows: [{ title: 'no id' }] }] }))).toEqual({ kind: 'text', text: 'Hi' });
    expect(describeMessage(msg('buttons', {}))).toEqual({ kind: 'unsupported', type: 'buttons' });
  });

  it('falls back to "unsupported" for anything it cannot show', () => {
    expect(describeMessage(msg('order', { catalogId: 'c', items: [] }))).toEqual({ kind: 'unsupported', type: 'order' });
    expect(describeMessage(msg('text', null))).toEqual({ kind: 'unsupported', type: 'text' });
  });
});

describe('failure reason', () => {
  it('joins the reason and the code', () => {
    expect(failureReason({ code: 131047, reason: 'Re-engagement message' })).toBe('Re-engagement message (131047)');
    expect(failureReason({ reason: 'Undeliverable' })).toBe('Undeliverable');
    expect(failureReason(null)).toBeNull();
  });
});

describe('uploads', () => {
  it('sends JPEG and PNG as pictures and everything else as documents', () => {
    expect(sendAsFor('image/jpeg')).toBe('image');
    expect(sendAsFor('image/png')).toBe('image');
    expect(sendAsFor('image/webp')).toBe('document');
    expect(sendAsFor('application/pdf')).toBe('document');
    expect(sendAsFor('')).toBe('document');
  });
});

describe('composer mode', () => {
  it('offers free text while the window is open and templates once it closes', () => {
    expect(composerMode({ windowOpen: true }, 'cloud')).toBe('free');
    expect(composerMode({ windowOpen: false }, 'cloud')).toBe('template');
    expect(composerMode({ windowOpen: false }, undefined)).toBe('template');
  });

  it('never asks for templates on QR numbers, which have no window', () => {
    expect(composerMode({ windowOpen: false }, 'wasender')).toBe('free');
  });
});
