import { render } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { whatsappRuns, whatsappText } from './whatsappText';

const plain = (text: string) => whatsappRuns(text).every((r) => !r.bold && !r.italic && !r.strike && !r.mono);
const joined = (text: string) => whatsappRuns(text).map((r) => r.text).join('');

function html(text: string): string {
  const { container } = render(<p>{whatsappText(text)}</p>);
  return container.firstElementChild?.innerHTML ?? '';
}

describe('WhatsApp formatting', () => {
  it('reads *bold*, _italic_, ~strike~ and ```mono```', () => {
    expect(whatsappRuns('Order A1042 is *shipped*. Expected: Thursday')).toEqual([
      { text: 'Order A1042 is ' },
      { text: 'shipped', bold: true },
      { text: '. Expected: Thursday' },
    ]);
    expect(whatsappRuns('a _b_ ~c~ ```d *e*```')).toEqual([
      { text: 'a ' },
      { text: 'b', italic: true },
      { text: ' ' },
      { text: 'c', strike: true },
      { text: ' ' },
      { text: 'd *e*', mono: true },
    ]);
  });

  it('nests styles either way round', () => {
    expect(whatsappRuns('*_both_*')).toEqual([{ text: 'both', bold: true, italic: true }]);
    expect(whatsappRuns('_*both*_ and *bold ~struck~*')).toEqual([
      { text: 'both', bold: true, italic: true },
      { text: ' and ' },
      { text: 'bold ', bold: true },
      { text: 'struck', bold: true, strike: true },
    ]);
  });

  it('leaves markers that are not formatting alone', () => {
    for (const text of ['2*3*4', 'snake_case_name', '* not bold *', 'one *open', 'open* close', '*across\nlines*', '~', '**', '']) {
      expect(joined(text)).toBe(text);
      expect(plain(text)).toBe(true);
    }
  });

  it('formats what is marked next to an unmatched marker', () => {
    expect(whatsappRuns('5 * 3 = *15*')).toEqual([{ text: '5 * 3 = ' }, { text: '15', bold: true }]);
    expect(whatsappRuns('*a* b*')).toEqual([{ text: 'a', bold: true }, { text: ' b*' }]);
  });

  it('keeps links as they are, underscores and tildes included', () => {
    for (const text of [
      'https://example.com/some_path_name/',
      'see https://example.com/a_b_?q=_x_ now',
      'www.example.com/~user~/page',
      'http://x.io/*star*',
    ]) {
      expect(joined(text)).toBe(text);
      expect(plain(text)).toBe(true);
    }
    expect(whatsappRuns('*Menu:* https://shop.example/new_in_')).toEqual([{ text: 'Menu:', bold: true }, { text: ' https://shop.example/new_in_' }]);
    expect(whatsappRuns('_details: https://x.io/a_')).toEqual([{ text: 'details: https://x.io/a', italic: true }]);
  });

  it('lets monospace span lines and keeps line breaks', () => {
    expect(whatsappRuns('code:\n```a\n_b_```\n*done*')).toEqual([{ text: 'code:\n' }, { text: 'a\n_b_', mono: true }, { text: '\n' }, { text: 'done', bold: true }]);
  });

  it('formats Arabic words too', () => {
    expect(whatsappRuns('طلبك *تم شحنه* اليوم')).toEqual([{ text: 'طلبك ' }, { text: 'تم شحنه', bold: true }, { text: ' اليوم' }]);
  });

  it('renders elements, never markup from the message', () => {
    expect(html('Hi *there* _you_ ~old~ ```x```')).toBe('Hi <strong class="font-semibold">there</strong> <em>you</em> <s>old</s> <code class="font-mono text-[0.92em]">x</code>');
    expect(html('*_x_*')).toBe('<strong class="font-semibold"><em>x</em></strong>');
    expect(html('<b>*no*</b> <img src=x onerror=alert(1)>')).toBe('&lt;b&gt;<strong class="font-semibold">no</strong>&lt;/b&gt; &lt;img src=x onerror=alert(1)&gt;');
  });
});
