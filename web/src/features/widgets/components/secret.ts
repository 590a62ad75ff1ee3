//! The identity secret of a widget just created, kept in memory only until its settings page shows it once.
const fresh = new Map<string, string>();

export function rememberSecret(widgetId: string, secret: string): void {
  fresh.set(widgetId, secret);
}

export function takeSecret(widgetId: string): string | null {
  const s = fresh.get(widgetId) ?? null;
  fresh.delete(widgetId);
  return s;
}
