import { describe, expect, it } from 'vitest';
import { phoneDigits, type SimMessage } from './api';
import { customerFileType, interactiveOf, phoneTick, tapReply, templateOf, toBubble, unreadFromBusiness } from './chat';

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
    expect(toBubble(sim({}))).toMatchObject({ mine: true, text: 'Hi', interactive: null, template: null, reply: false });
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

  describe('interactive messages from the business', () => {
    // What Parley's Graph client sends (crates/whatsapp/src/client.rs), as the simulator keeps it in `payload`.
    const buttons = {
      messaging_product: 'whatsapp',
      recipient_type: 'individual',
      to: '14155550100',
      type: 'interactive',
      interactive: {
        type: 'button',
        header: { type: 'text', text: 'Menu' },
        body: { text: 'How can we help?' },
        footer: { text: 'Demo Company' },
        action: {
          buttons: [
            { type: 'reply', reply: { id: 'products', title: 'Our products' } },
            { type: 'reply', reply: { id: 'hours', title: 'Opening hours' } },
            { type: 'reply', reply: { id: 'human', title: 'Talk to a person' } },
          ],
        },
      },
    };
    const list = {
      messaging_product: 'whatsapp',
      to: '14155550100',
      type: 'interactive',
      interactive: {
        type: 'list',
        body: { text: 'Which day suits you best?' },
        action: {
          button: 'Pick a day',
          sections: [
            { title: 'Weekdays', rows: [{ id: 'mon', title: 'Monday' }, { id: 'tue', title: 'Tuesday', description: 'Mornings only' }] },
            { title: 'Weekend', rows: [{ id: 'sat', title: 'Saturday' }] },
          ],
        },
      },
    };

    it('reads reply buttons with their header, body and footer', () => {
      expect(interactiveOf(buttons)).toEqual({
        kind: 'buttons',
        header: 'Menu',
        body: 'How can we help?',
        footer: 'Demo Company',
        buttons: [
          { id: 'products', title: 'Our products' },
          { id: 'hours', title: 'Opening hours' },
          { id: 'human', title: 'Talk to a person' },
        ],
      });
    });

    it('reads a list with its button label, sections and rows', () => {
      expect(interactiveOf(list)).toEqual({
        kind: 'list',
        body: 'Which day suits you best?',
        button: 'Pick a day',
        sections: [
          { title: 'Weekdays', rows: [{ id: 'mon', title: 'Monday' }, { id: 'tue', title: 'Tuesday', description: 'Mornings only' }] },
          { title: 'Weekend', rows: [{ id: 'sat', title: 'Saturday' }] },
        ],
      });
    });

    it('keeps what WhatsApp would show: 3 buttons, 10 rows, no empty sections, no half-made choices', () => {
      const many = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}`, title: `Row ${i}` }));
      const wide = { type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: many(5).map((reply) => ({ type: 'reply', reply })) } } };
      expect(interactiveOf(wide)).toMatchObject({ buttons: many(3) });
      const long = { type: 'interactive', interactive: { type: 'list', body: { text: 'x' }, action: { button: 'Open', sections: [{ title: 'A', rows: many(7) }, { title: 'B', rows: many(7) }, { title: 'C', rows: many(2) }] } } };
      const rows = interactiveOf(long);
      expect(rows?.kind === 'list' && rows.sections.map((s) => [s.title, s.rows.length])).toEqual([
        ['A', 7],
        ['B', 3],
      ]);
      const broken = { type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [{ reply: { id: '', title: 'No id' } }, { reply: { id: 'ok', title: 'Fine' } }, 'junk'] } } };
      expect(interactiveOf(broken)).toMatchObject({ buttons: [{ id: 'ok', title: 'Fine' }] });
      const imageHeader = { ...buttons, interactive: { ...buttons.interactive, header: { type: 'image', image: { link: 'https://x/y.png' } } } };
      expect(interactiveOf(imageHeader)).not.toHaveProperty('header');
    });

    it('treats anything else as a plain message', () => {
      expect(interactiveOf(null)).toBeNull();
      expect(interactiveOf('interactive')).toBeNull();
      expect(interactiveOf({ type: 'text', text: { body: 'Hi' } })).toBeNull();
      expect(interactiveOf({ type: 'interactive', interactive: { type: 'cta_url', body: { text: 'Visit' }, action: {} } })).toBeNull();
      expect(interactiveOf({ type: 'interactive', interactive: { type: 'button', body: { text: 'x' }, action: { buttons: [] } } })).toBeNull();
      expect(interactiveOf({ type: 'interactive', interactive: { type: 'list', body: { text: 'x' }, action: { button: 'Open', sections: [{ title: 'A', rows: [] }] } } })).toBeNull();
    });

    it('shows the body and the buttons on the business side only', () => {
      const bubble = toBubble(sim({ direction: 'outbound', type: 'interactive', status: 'delivered', text: 'How can we help?', payload: buttons }));
      expect(bubble).toMatchObject({ mine: false, text: 'How can we help?', reply: false, template: null });
      expect(bubble.interactive?.kind).toBe('buttons');
      // The same body coming from a customer is not something to tap.
      expect(toBubble(sim({ type: 'interactive', payload: buttons })).interactive).toBeNull();
    });

    it("shows the customer's tap as their message with the title they chose", () => {
      const payload = { from: '14155550100', id: 'wamid.2', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'human', title: 'Talk to a person' } } };
      expect(toBubble(sim({ type: 'button_reply', text: 'Talk to a person', payload }))).toMatchObject({ mine: true, reply: true, text: 'Talk to a person', interactive: null });
      expect(toBubble(sim({ type: 'list_reply', text: 'Monday' }))).toMatchObject({ reply: true, text: 'Monday' });
    });

    it('answers a tap the way the simulator takes it', () => {
      const menu = interactiveOf(buttons);
      const days = interactiveOf(list);
      if (!menu || !days) throw new Error('parsed above');
      expect(tapReply(menu, { id: 'human', title: 'Talk to a person' })).toEqual({ type: 'button_reply', buttonId: 'human', buttonTitle: 'Talk to a person' });
      expect(tapReply(days, { id: 'tue', title: 'Tuesday', description: 'Mornings only' })).toEqual({ type: 'list_reply', buttonId: 'tue', buttonTitle: 'Tuesday', description: 'Mornings only' });
      expect(tapReply(days, { id: 'mon', title: 'Monday' })).toEqual({ type: 'list_reply', buttonId: 'mon', buttonTitle: 'Monday' });
    });
  });

  it('names the template a business message came from', () => {
    const payload = { messaging_product: 'whatsapp', to: '1', type: 'template', template: { name: 'order_update', language: { code: 'en_US' } } };
    expect(templateOf(payload)).toEqual({ name: 'order_update', language: 'en_US' });
    expect(templateOf({ type: 'template', template: {} })).toBeNull();
    expect(templateOf({ type: 'text' })).toBeNull();
    const bubble = toBubble(sim({ direction: 'outbound', type: 'template', status: 'sent', text: 'Your order 7 is ready.', payload }));
    expect(bubble).toMatchObject({ text: 'Your order 7 is ready.', template: { name: 'order_update' }, interactive: null });
  });

  it("quotes the message a reply answers, from either side's context", () => {
    expect(toBubble(sim({ payload: { context: { from: '15550100001', id: 'wamid.menu' } } })).replyTo).toBe('wamid.menu');
    expect(toBubble(sim({ direction: 'outbound', status: 'sent', payload: { type: 'text', context: { message_id: 'wamid.q' } } })).replyTo).toBe('wamid.q');
    expect(toBubble(sim({})).replyTo).toBeNull();
  });
});
