//! A template's body text and its variables ({{1}} or {{name}}), and the send components that fill them.
import type { Template } from '../../api/types';

function bodyComponent(components: unknown): Record<string, unknown> | undefined {
  if (!Array.isArray(components)) return undefined;
  return components.find(
    (c): c is Record<string, unknown> => typeof c === 'object' && c !== null && String((c as Record<string, unknown>).type).toUpperCase() === 'BODY',
  );
}

export function templateBody(t: Pick<Template, 'components'>): string | null {
  const text = bodyComponent(t.components)?.text;
  return typeof text === 'string' ? text : null;
}

/** The body's variables in the order they first appear, each once. */
export function templateVariables(t: Pick<Template, 'components'>): string[] {
  const body = templateBody(t) ?? '';
  const seen: string[] = [];
  for (const m of body.matchAll(/\{\{\s*([\w.]+)\s*\}\}/g)) {
    const name = m[1];
    if (name && !seen.includes(name)) seen.push(name);
  }
  return seen;
}

/** Meta's send components for the body: positional variables in order, named ones by `parameter_name`. */
export function templateComponents(variables: string[], values: Record<string, string>): unknown[] | undefined {
  if (variables.length === 0) return undefined;
  const positional = variables.every((v) => /^\d+$/.test(v));
  const ordered = positional ? [...variables].sort((a, b) => Number(a) - Number(b)) : variables;
  const parameters = ordered.map((v) => ({
    type: 'text',
    text: values[v]?.trim() ?? '',
    ...(positional ? {} : { parameter_name: v }),
  }));
  return [{ type: 'body', parameters }];
}

/** The body with the values filled in (empty ones stay as placeholders), for a preview. */
export function fillTemplate(body: string, values: Record<string, string>): string {
  return body.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (whole, name: string) => values[name]?.trim() || whole);
}
