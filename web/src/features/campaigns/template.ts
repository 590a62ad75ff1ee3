//! A WhatsApp template as the campaign wizard reads it (Meta's `components` JSON: HEADER with format TEXT, IMAGE,
//! VIDEO or DOCUMENT, BODY with {{1}}.. placeholders, FOOTER, BUTTONS with QUICK_REPLY, URL (whose url may end in
//! {{1}}) or PHONE_NUMBER): its parameter slots, named as the API names them (`header.1`, `body.N`,
//! `button.<index>.1`, in send order, as crates/services/src/campaigns/template.rs `shape`), and the text the customer
//! will read with each slot's value in place. The JSON is loose: anything unexpected reads as nothing, never an error.

import { whatsappRuns, type TextRun } from '../../lib/whatsappText';

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

export type MediaFormat = 'IMAGE' | 'VIDEO' | 'DOCUMENT';

export type TemplateHeader = { format: 'TEXT'; text: string } | { format: MediaFormat };

export interface TemplateButton {
  type: 'QUICK_REPLY' | 'URL' | 'PHONE_NUMBER' | 'OTHER';
  text: string;
  /** A URL button's link, perhaps with {{1}} at its end. */
  url?: string;
}

export interface TemplateParts {
  header: TemplateHeader | null;
  body: string;
  footer: string | null;
  buttons: TemplateButton[];
}

const MEDIA: readonly string[] = ['IMAGE', 'VIDEO', 'DOCUMENT'];

/** The header, body, footer and buttons of a template's `components`. */
export function templateParts(components: unknown): TemplateParts {
  const parts: TemplateParts = { header: null, body: '', footer: null, buttons: [] };
  for (const raw of arr(components)) {
    const c = obj(raw);
    const type = str(c.type).toUpperCase();
    if (type === 'HEADER') {
      const format = (str(c.format) || 'TEXT').toUpperCase();
      if (format === 'TEXT') parts.header = { format: 'TEXT', text: str(c.text) };
      else if (MEDIA.includes(format)) parts.header = { format: format as MediaFormat };
    } else if (type === 'BODY') {
      parts.body = str(c.text);
    } else if (type === 'FOOTER') {
      parts.footer = str(c.text) || null;
    } else if (type === 'BUTTONS') {
      parts.buttons = arr(c.buttons).map((b) => {
        const button = obj(b);
        const kind = str(button.type).toUpperCase();
        const known = kind === 'QUICK_REPLY' || kind === 'URL' || kind === 'PHONE_NUMBER' ? kind : 'OTHER';
        return { type: known, text: str(button.text), ...(kind === 'URL' ? { url: str(button.url) } : {}) };
      });
    }
  }
  return parts;
}

/** `{{1}}`, `{{2}}`... of a text: their numbers, each once, in ascending order (as the API counts them). */
export function placeholders(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) {
    const n = Number(m[1]);
    if (!out.includes(n)) out.push(n);
  }
  return out.sort((a, b) => a - b);
}

/** The slots a template takes, in send order: `header.N` (text header), `body.N`, `button.<index>.1` (dynamic URL). */
export function templateSlots(parts: TemplateParts): string[] {
  const slots: string[] = [];
  if (parts.header?.format === 'TEXT') slots.push(...placeholders(parts.header.text).map((n) => `header.${n}`));
  slots.push(...placeholders(parts.body).map((n) => `body.${n}`));
  parts.buttons.forEach((b, i) => {
    if (b.type === 'URL' && b.url && placeholders(b.url).length > 0) slots.push(`button.${i}.1`);
  });
  return slots;
}

/** The media a header shows (IMAGE, VIDEO, DOCUMENT), or null for a text header or none. */
export function mediaHeader(parts: TemplateParts): MediaFormat | null {
  return parts.header && parts.header.format !== 'TEXT' ? parts.header.format : null;
}

/** A piece of a filled text: plain text, or the value of a slot (null while it has none). */
export type Piece = { text: string } | { slot: string; value: string | null };

/**
 * A text of the template with its placeholders replaced by the values of `prefix` slots (`body` → `body.1`...),
 * as pieces, so a preview can mark the filled parts. A URL button's text uses `button.<i>` as prefix and fills {{1}}.
 */
export function fillPieces(text: string, prefix: string, values: Record<string, string | null | undefined>): Piece[] {
  const pieces: Piece[] = [];
  let at = 0;
  for (const m of text.matchAll(/\{\{\s*(\d+)\s*\}\}/g)) {
    if (m.index > at) pieces.push({ text: text.slice(at, m.index) });
    const slot = `${prefix}.${m[1]}`;
    const value = values[slot];
    pieces.push({ slot, value: value === undefined || value === null || value === '' ? null : value });
    at = m.index + m[0].length;
  }
  if (at < text.length) pieces.push({ text: text.slice(at) });
  return pieces;
}

/** The pieces as plain text, a slot without a value kept as its placeholder. */
export function piecesText(pieces: Piece[]): string {
  return pieces.map((p) => ('text' in p ? p.text : (p.value ?? `{{${p.slot.split('.').pop() ?? ''}}}`))).join('');
}

/** A run of the filled text: its WhatsApp styles, and whether it is a slot's value (marked in previews). */
export interface PreviewRun extends TextRun {
  value?: boolean;
}

// Private-use characters around each value while WhatsApp's formatting is worked out, so `*{{1}}*` still turns bold.
const OPEN = '\uE000';
const CLOSE = '\uE001';

/**
 * The pieces as WhatsApp formats the whole text (values included, so markers around a placeholder apply to its
 * value), each run telling whether it is a value.
 */
export function previewRuns(pieces: Piece[]): PreviewRun[] {
  const marked = pieces
    .map((p) => ('text' in p ? p.text.replaceAll(OPEN, '').replaceAll(CLOSE, '') : `${OPEN}${p.value ?? `{{${p.slot.split('.').pop() ?? ''}}}`}${CLOSE}`))
    .join('');
  const out: PreviewRun[] = [];
  let inValue = false;
  for (const run of whatsappRuns(marked)) {
    for (const part of run.text.split(/([\uE000\uE001])/)) {
      if (part === OPEN) inValue = true;
      else if (part === CLOSE) inValue = false;
      else if (part) out.push({ ...run, text: part, ...(inValue ? { value: true } : {}) });
    }
  }
  return out;
}

/** A template as the wizard works with it: from the number's templates or the campaign's snapshot (same fields). */
export interface ChosenTemplate {
  id: string;
  name: string;
  language: string;
  category: string | null;
  status: string;
  parts: TemplateParts;
  slots: string[];
  media: MediaFormat | null;
}

/** Reads `{id, name, language, category, status, components}` (an API Template or `Campaign.template`); null if not one. */
export function chosenTemplate(raw: unknown): ChosenTemplate | null {
  const t = obj(raw);
  if (!str(t.name)) return null;
  const parts = templateParts(t.components);
  return {
    id: str(t.id),
    name: str(t.name),
    language: str(t.language),
    category: str(t.category) ? str(t.category).toUpperCase() : null,
    status: str(t.status).toUpperCase(),
    parts,
    slots: templateSlots(parts),
    media: mediaHeader(parts),
  };
}
