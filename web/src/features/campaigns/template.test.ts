import { describe, expect, it } from 'vitest';
import { chosenTemplate, fillPieces, piecesText, placeholders, previewRuns, templateParts, templateSlots } from './template';

// The simulator's seasonal_promo (crates/simulator): an image header, a body with two variables, a footer and buttons.
const promo = [
  { type: 'HEADER', format: 'IMAGE', example: { header_handle: ['https://x/h.jpg'] } },
  { type: 'BODY', text: 'Hi {{1}}, {{2}} is 20% off this week. {{1}}, don\'t miss it!' },
  { type: 'FOOTER', text: 'Reply STOP to opt out' },
  {
    type: 'BUTTONS',
    buttons: [
      { type: 'QUICK_REPLY', text: 'Stop promotions' },
      { type: 'URL', text: 'Shop', url: 'https://shop.example/p/{{1}}' },
    ],
  },
];

describe('template slots', () => {
  it('are the placeholders once each and the dynamic URL buttons, in send order, as the API names them', () => {
    const parts = templateParts(promo);
    expect(parts.header).toEqual({ format: 'IMAGE' });
    expect(parts.footer).toBe('Reply STOP to opt out');
    expect(parts.buttons).toEqual([
      { type: 'QUICK_REPLY', text: 'Stop promotions' },
      { type: 'URL', text: 'Shop', url: 'https://shop.example/p/{{1}}' },
    ]);
    expect(templateSlots(parts)).toEqual(['body.1', 'body.2', 'button.1.1']);
  });

  it('put a text header first and sort the body numerically, whatever order they appear in', () => {
    const parts = templateParts([
      { type: 'header', format: 'text', text: 'Order {{1}}' },
      { type: 'BODY', text: '{{10}} then {{2}} then {{ 1 }}' },
      { type: 'BUTTONS', buttons: [{ type: 'URL', text: 'Track', url: 'https://t.example/static' }] },
    ]);
    expect(templateSlots(parts)).toEqual(['header.1', 'body.1', 'body.2', 'body.10']);
    expect(placeholders('{{3}} {{1}} {{3}}')).toEqual([1, 3]);
  });

  it('read malformed components as nothing', () => {
    expect(templateParts(null)).toEqual({ header: null, body: '', footer: null, buttons: [] });
    expect(templateSlots(templateParts([{ type: 'HEADER', format: 'LOCATION' }, 'x', 3]))).toEqual([]);
    expect(chosenTemplate({ components: promo })).toBeNull();
  });

  it('are read from a template or a campaign snapshot alike', () => {
    const t = chosenTemplate({ id: 't1', name: 'order_update', language: 'en', category: 'utility', status: 'APPROVED', components: [{ type: 'BODY', text: 'Your order {{1}} is {{2}}.' }] });
    expect(t).toMatchObject({ name: 'order_update', category: 'UTILITY', slots: ['body.1', 'body.2'], media: null });
    expect(chosenTemplate({ name: 'seasonal_promo', components: promo })?.media).toBe('IMAGE');
  });
});

describe('the preview text', () => {
  it('fills each slot, keeping the placeholder of one without a value', () => {
    const pieces = fillPieces('Your order {{1}} is {{2}}.', 'body', { 'body.1': '[Name]' });
    expect(pieces).toEqual([{ text: 'Your order ' }, { slot: 'body.1', value: '[Name]' }, { text: ' is ' }, { slot: 'body.2', value: null }, { text: '.' }]);
    expect(piecesText(pieces)).toBe('Your order [Name] is {{2}}.');
    expect(piecesText(fillPieces('https://shop.example/p/{{1}}', 'button.1', { 'button.1.1': 'coffee' }))).toBe('https://shop.example/p/coffee');
  });

  it('formats as WhatsApp does around values too, and marks which runs are values', () => {
    const runs = previewRuns(fillPieces('Hi *{{1}}*, see _{{2}}_ now', 'body', { 'body.1': 'Ana', 'body.2': 'this' }));
    expect(runs).toEqual([
      { text: 'Hi ' },
      { text: 'Ana', bold: true, value: true },
      { text: ', see ' },
      { text: 'this', italic: true, value: true },
      { text: ' now' },
    ]);
  });

  it('keeps a value that looks like formatting as text, and placeholders without a value as values', () => {
    const runs = previewRuns(fillPieces('Code {{1}}, {{2}}', 'body', { 'body.1': '2*3*4' }));
    expect(runs.map((r) => [r.text, Boolean(r.value), Boolean(r.bold)])).toEqual([
      ['Code ', false, false],
      ['2*3*4', true, false],
      [', ', false, false],
      ['{{2}}', true, false],
    ]);
  });
});
