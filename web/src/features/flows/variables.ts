//! The variables a text can use (`{{contact.name}}`, `{{vars.order_id}}` ...), gathered for the picker next to each
//! text field, and the insertion of one at the caret. The paths are those of crates/flow/src/template.rs.
import type { EditorGraph } from './graph';

export type VariableGroup = 'contact' | 'fields' | 'vars' | 'message';

export interface VariableChoice {
  group: VariableGroup;
  /** The path between the braces: `contact.fields.city`. */
  path: string;
  /** The field's label, the variable's description, or the node that sets it. */
  hint?: string;
}

/** What the picker needs of a contact field (GET /contact-fields). */
export interface FieldRef {
  key: string;
  label: string;
}

/** `vars.<name>` set by nodes, with the id of the first node that sets each. */
export function variablesSetByNodes(g: Pick<EditorGraph, 'nodes'>): Map<string, string> {
  const out = new Map<string, string>();
  const add = (name: string | null | undefined, node: string) => {
    const n = name?.trim();
    if (n && !out.has(n)) out.set(n, node);
  };
  for (const n of g.nodes) {
    switch (n.type) {
      case 'ask':
        add(n.data.saveAs, n.id);
        break;
      case 'capture':
        add(n.data.saveAs, n.id);
        break;
      case 'waitForReply':
        add(n.data.saveAs, n.id);
        break;
      case 'setVariable':
        add(n.data.name, n.id);
        break;
      case 'http':
        for (const m of n.data.responseMap ?? []) add(m.var, n.id);
        add(n.data.saveStatusAs, n.id);
        break;
      default:
        break;
    }
  }
  return out;
}

/** Every variable a text of this flow can use, grouped, in the picker's order. */
export function variableChoices(g: Pick<EditorGraph, 'nodes' | 'variables'>, fields: readonly FieldRef[]): VariableChoice[] {
  const out: VariableChoice[] = [
    { group: 'contact', path: 'contact.name' },
    { group: 'contact', path: 'contact.phone' },
    { group: 'contact', path: 'contact.email' },
  ];
  for (const f of fields) out.push({ group: 'fields', path: `contact.fields.${f.key}`, hint: f.label });
  const seen = new Set<string>();
  for (const v of g.variables) {
    if (!v.name || seen.has(v.name)) continue;
    seen.add(v.name);
    out.push({ group: 'vars', path: `vars.${v.name}`, hint: v.description ?? undefined });
  }
  for (const [name, node] of variablesSetByNodes(g)) {
    if (seen.has(name)) continue;
    seen.add(name);
    out.push({ group: 'vars', path: `vars.${name}`, hint: node });
  }
  out.push({ group: 'message', path: 'message.text' });
  return out;
}

export function filterChoices(choices: readonly VariableChoice[], query: string): VariableChoice[] {
  const q = query.trim().toLowerCase();
  if (!q) return [...choices];
  return choices.filter((c) => c.path.toLowerCase().includes(q) || (c.hint ?? '').toLowerCase().includes(q));
}

export interface Inserted {
  value: string;
  /** Where the caret goes after the insertion (after the closing braces). */
  caret: number;
}

/**
 * Inserts `{{path}}` in `value` at the selection `[start, end)` (replacing the selected text). When the text just
 * before the caret is an unfinished `{{` (the author started typing one), only the rest is added; a `}}` right after
 * the caret is reused rather than doubled.
 */
export function insertVariable(value: string, start: number, end: number, path: string): Inserted {
  const from = Math.max(0, Math.min(start, value.length));
  const to = Math.max(from, Math.min(end, value.length));
  let before = value.slice(0, from);
  let after = value.slice(to);
  const open = /\{\{\s*[\w.[\]]*$/.exec(before);
  if (open && from === to) before = before.slice(0, open.index);
  if (from === to && open && /^[\w.[\]]*\s*\}\}/.test(after)) after = after.replace(/^[\w.[\]]*\s*\}\}/, '');
  const token = `{{${path}}}`;
  return { value: before + token + after, caret: before.length + token.length };
}

/** The paths a text references, as written between the braces (trimmed). */
export function references(text: string): string[] {
  return [...text.matchAll(/\{\{\s*([^{}]*?)\s*\}\}/g)].map((m) => m[1] ?? '');
}
