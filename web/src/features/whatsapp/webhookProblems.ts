//! The `problems` of a webhook event arrive as loosely typed JSON: `[{problem, detail}]`, each part optional.

export interface WebhookProblem {
  problem: string;
  detail: string | null;
}

function text(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return null;
  return JSON.stringify(value);
}

export function problemsOf(value: unknown): WebhookProblem[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((p: unknown) => {
    if (typeof p === 'string') return [{ problem: p, detail: null }];
    if (typeof p !== 'object' || p === null) return [];
    const { problem, detail } = p as Record<string, unknown>;
    const name = text(problem);
    return name ? [{ problem: name, detail: text(detail) }] : [];
  });
}
