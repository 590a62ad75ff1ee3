import { describe, expect, it } from 'vitest';
import { phoneDigits, type SimMessage } from './api';
import { customerFileType, phoneTick, toBubble, unreadFromBusiness } from './chat';

const sim = (overrides: Partial<SimMessage>): SimMessage => ({
  id: 'wamid.1',
  direction: 'inbound',
  type: 'text',
  text: 'Hi',
  status: 'received',
  timestamp: '2026-01-05T10:00:00Z',
  ...overrides,
});

describe('the customer phone', () => {
  it('addresses customers by the digits of their number', () => {
    expect(phoneDigits('+1 415 555 0100')).toBe('14155550100');
  });

  it("ticks the customer's own messages as the business handles them", () => {
    expect(phoneTick(sim({ webhookAccepted: null }))).toBe('pending');
    expect(phoneTick(sim({ webhookAccepted: true }))).toBe('delivered');
    expect(phoneTick(sim({ webhookAccepted: true, readByBusiness: true }))).toBe('read');
    expect(phoneTick(sim({ webhookAccepted: false }))).toBe('failed');
    expect(phoneTick(sim({ direction: 'outbound', status: 'sent' }))).toBeNull();
  });

  it('puts the customer on one side and the business on the other', () => {
    expect(toBubble(sim({}))).toMatchObject({ mine: true, text: 'Hi' });
    expect(toBubble(sim({ direction: 'outbound', status: 'failed', text: null }))).toMatchObject({ mine: false, text: null, failed: true, tick: null });
  });

  it('knows which business messages are still unread', () => {
    const chat = [
      sim({ id: 'a', direction: 'outbound', status: 'read' }),
      sim({ id: 'b', direction: 'outbound', status: 'delivered' }),
      sim({ id: 'c', direction: 'outbound', status: 'sent' }),
      sim({ id: 'd', direction: 'outbound', status: 'failed' }),
      sim({ id: 'e' }),
    ];
    expect(unreadFromBusiness(chat).map((m) => m.id)).toEqual(['b', 'c']);
  });

  it('sends JPEG and PNG as photos, other files as documents', () => {
    expect(customerFileType('image/png')).toBe('image');
    expect(customerFileType('image/gif')).toBe('document');
    expect(customerFileType('application/pdf')).toBe('document');
  });
});
