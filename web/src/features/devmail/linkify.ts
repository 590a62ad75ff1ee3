//! Splits plain text into text and URL pieces so links in mails can be rendered clickable.
export type Piece = { kind: 'text'; text: string } | { kind: 'link'; href: string };

const URL_RE = /https?:\/\/[^\s<>"']+/g;

export function linkify(text: string): Piece[] {
  const pieces: Piece[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    // A sentence's final punctuation is not part of the link.
    const href = m[0].replace(/[.,;:!?)\]]+$/, '');
    const start = m.index;
    if (start > last) pieces.push({ kind: 'text', text: text.slice(last, start) });
    pieces.push({ kind: 'link', href });
    last = start + href.length;
  }
  if (last < text.length) pieces.push({ kind: 'text', text: text.slice(last) });
  return pieces;
}
