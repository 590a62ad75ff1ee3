//! WhatsApp's text formatting (`*bold*`, `_italic_`, `~strikethrough~`, ```` ```monospace``` ````) as React nodes,
//! for every place that shows a message the way the customer's phone does: the inbox, the flow builder's test phone
//! and the customer phone simulator. Elements, never an HTML string, so a message cannot inject markup.
import { Fragment, type ReactNode } from 'react';

/** A run of text and the styles it carries. */
export interface TextRun {
  text: string;
  bold?: boolean;
  italic?: boolean;
  strike?: boolean;
  mono?: boolean;
}

type Style = Omit<TextRun, 'text'>;

const STYLE: Record<string, keyof Style> = { '*': 'bold', _: 'italic', '~': 'strike' };

// In order of precedence at one position:
// 1. a link, kept as it is: `https://example.com/a_b_c` or `www.x.com/~me~` must not turn italic or struck through;
// 2. monospace, which may span lines and formats nothing inside;
// 3. a marker that opens after the start, a space or punctuation and before a non-space, and closes after a
//    non-space and before the end, a space or punctuation (so `2*3*4` and `snake_case_name` stay as they are), on
//    one line, as WhatsApp does.
const MARKED = /((?:https?:\/\/|www\.)[^\s<>]+)|```([\s\S]+?)```|(?<![\p{L}\p{N}])([*_~])(?=\S)([^\n]*?\S)\3(?![\p{L}\p{N}])/gu;

function sameStyle(a: Style, b: Style): boolean {
  return !a.bold === !b.bold && !a.italic === !b.italic && !a.strike === !b.strike && !a.mono === !b.mono;
}

/** Splits a message into runs the way WhatsApp formats it; styles nest (`*_both_*`), monospace takes nothing in. */
export function whatsappRuns(text: string, style: Style = {}): TextRun[] {
  const runs: TextRun[] = [];
  const push = (t: string, s: Style) => {
    if (!t) return;
    const last = runs[runs.length - 1];
    if (last && sameStyle(last, s)) last.text += t;
    else runs.push({ text: t, ...s });
  };
  let at = 0;
  for (const m of text.matchAll(MARKED)) {
    const start = m.index;
    push(text.slice(at, start), style);
    if (m[1] !== undefined) push(m[1], style);
    else if (m[2] !== undefined) push(m[2], { ...style, mono: true });
    else {
      const key = STYLE[m[3] ?? ''];
      for (const r of whatsappRuns(m[4] ?? '', key ? { ...style, [key]: true } : style)) push(r.text, r);
    }
    at = start + m[0].length;
  }
  push(text.slice(at), style);
  return runs;
}

/**
 * A message body as React nodes: plain runs as strings, styled ones in `<strong>`, `<em>`, `<s>` and `<code>` (nested
 * when a run has several styles). Line breaks stay in the text; the caller's `whitespace-pre-*` shows them.
 */
export function whatsappText(text: string): ReactNode[] {
  return whatsappRuns(text).map((r, i) => {
    let node: ReactNode = r.text;
    if (r.mono) node = <code className="font-mono text-[0.92em]">{node}</code>;
    if (r.strike) node = <s>{node}</s>;
    if (r.italic) node = <em>{node}</em>;
    if (r.bold) node = <strong className="font-semibold">{node}</strong>;
    return typeof node === 'string' ? node : <Fragment key={i}>{node}</Fragment>;
  });
}
