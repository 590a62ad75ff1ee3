//! The content Parley stores for an interactive WhatsApp message (reply buttons or a list), as the inbox lists it and
//! the flow builder's test phone shows it: `{text, header?, footer?, buttons: [{id, title}]}` for type `buttons`,
//! `{text, header?, footer?, listButton, sections: [{title, rows: [{id, title, description?}]}]}` for type `list`
//! (crates/services/src/flows/effects.rs `content_of`, read back by channel/sender.rs). The content is loose JSON:
//! anything unexpected reads as no interactive part at all, never an error.

export interface Choice {
  id: string;
  title: string;
  description?: string;
}

export interface ChoiceSection {
  title: string;
  rows: Choice[];
}

interface Common {
  /** The body. */
  text: string;
  header?: string;
  footer?: string;
}

export type InteractiveContent = (Common & { kind: 'buttons'; buttons: Choice[] }) | (Common & { kind: 'list'; button: string; sections: ChoiceSection[] });

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
// Ids typed as numbers in a flow's JSON are still ids.
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const opt = (v: unknown): string | undefined => (typeof v === 'string' && v.trim() !== '' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function buttonsOf(v: unknown): Choice[] {
  return arr(v)
    .map(obj)
    .filter((b) => str(b.id) !== '')
    .map((b) => ({ id: str(b.id), title: str(b.title) }));
}

function sectionsOf(v: unknown): ChoiceSection[] {
  return arr(v)
    .map(obj)
    .map((s) => ({
      title: str(s.title),
      rows: arr(s.rows)
        .map(obj)
        .filter((r) => str(r.id) !== '')
        .map((r) => {
          const description = opt(r.description);
          return description ? { id: str(r.id), title: str(r.title), description } : { id: str(r.id), title: str(r.title) };
        }),
    }));
}

/**
 * The buttons or the list of a message of type `buttons` or `list`, or null for any other type. The list's button
 * label (`listButton`, or `button`) may be empty: the caller shows a default then.
 */
export function interactiveContent(type: string, content: unknown): InteractiveContent | null {
  const c = obj(content);
  const common: Common = { text: str(c.text), ...(opt(c.header) ? { header: opt(c.header) } : {}), ...(opt(c.footer) ? { footer: opt(c.footer) } : {}) };
  if (type === 'buttons') return { kind: 'buttons', ...common, buttons: buttonsOf(c.buttons) };
  if (type === 'list') return { kind: 'list', ...common, button: str(c.listButton) || str(c.button), sections: sectionsOf(c.sections) };
  return null;
}
