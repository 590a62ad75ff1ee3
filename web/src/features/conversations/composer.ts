//! The composer's text tools, kept pure for tests: the `/shortcut` that opens canned replies, filling a canned reply's
//! variables, and inserting text (a reply, an emoji) where the caret is.
import type { CannedResponse } from '../../api/types';

export interface CannedTrigger {
  /** Where the `/word` starts and ends in the text. */
  start: number;
  end: number;
  /** What follows the slash (may be empty). */
  query: string;
}

/**
 * The `/word` the caret is in, when it starts the text or follows a space or line break (so "and/or" or a URL does not
 * open the picker); null otherwise.
 */
export function cannedTrigger(text: string, caret: number): CannedTrigger | null {
  const before = text.slice(0, caret);
  const m = /(^|\s)\/([\w-]*)$/.exec(before);
  if (!m) return null;
  const start = before.length - (m[2]?.length ?? 0) - 1;
  const after = /^[\w-]*/.exec(text.slice(caret))?.[0] ?? '';
  return { start, end: caret + after.length, query: m[2] ?? '' };
}

/** Canned replies for a query: shortcuts that start with it first, then those whose shortcut or title contain it. */
export function filterCanned(list: CannedResponse[], query: string, limit = 8): CannedResponse[] {
  const q = query.trim().toLowerCase();
  if (!q) return list.slice(0, limit);
  const starts = list.filter((c) => c.shortcut.toLowerCase().startsWith(q));
  const contains = list.filter(
    (c) => !starts.includes(c) && (c.shortcut.toLowerCase().includes(q) || c.title.toLowerCase().includes(q)),
  );
  return [...starts, ...contains].slice(0, limit);
}

export interface CannedContext {
  contact?: { name?: string | null; phone?: string | null; email?: string | null };
  agent?: { name?: string | null };
  business?: { name?: string | null };
}

/**
 * A canned reply's `{{contact.name}}`, `{{contact.phone}}`, `{{contact.email}}`, `{{agent.name}}` and
 * `{{business.name}}` filled in; unknown variables, and known ones without a value, are left as they are.
 */
export function fillCannedVariables(content: string, ctx: CannedContext): string {
  const values: Record<string, string | null | undefined> = {
    'contact.name': ctx.contact?.name,
    'contact.phone': ctx.contact?.phone,
    'contact.email': ctx.contact?.email,
    'agent.name': ctx.agent?.name,
    'business.name': ctx.business?.name,
  };
  return content.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => {
    const value = values[name];
    return value && value.trim() ? value : whole;
  });
}

/** `text` with `[start, end)` replaced by `insert`, and where the caret goes (after the insertion). */
export function replaceRange(text: string, start: number, end: number, insert: string): { text: string; caret: number } {
  return { text: text.slice(0, start) + insert + text.slice(end), caret: start + insert.length };
}

/** A small set of common emoji for the composer (no picker library). */
export const EMOJI = [
  '😀', '😂', '😊', '😍', '😉', '😎', '🤔', '😅',
  '🙂', '🙃', '😢', '😭', '😡', '😮', '🥳', '😴',
  '👍', '👎', '👌', '🙏', '👏', '🙌', '💪', '👋',
  '❤️', '💙', '🔥', '✨', '🎉', '✅', '❌', '⭐',
  '📦', '🚚', '💳', '📞', '📍', '⏰', '📅', '🎁',
] as const;
