//! Pure helpers of the widget settings form: domains typed one per line (or comma separated), texts per language
//! without the empty ones, the colour the preview's header text takes.

/** Host names from what was typed: one per line or comma, lower-cased, without a scheme, path or port, no repeats. */
export function parseDomains(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/[\n,\s]+/)) {
    const host = raw
      .trim()
      .toLowerCase()
      .replace(/^[a-z]+:\/\//, '')
      .replace(/[/?#].*$/, '')
      .replace(/:\d+$/, '');
    if (host && !out.includes(host)) out.push(host);
  }
  return out;
}

/** A language → text map without blank entries (a cleared field removes that language's text). */
export function cleanTexts(texts: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(texts).map(([k, v]) => [k, v.trim()] as const).filter(([, v]) => v !== ''));
}

/** Black or white, whichever reads better on the colour (the widget's own rule, so the preview matches it). */
export function textOn(color: string): string {
  const m = /^#?([0-9a-f]{6})$/i.exec(color.trim());
  if (!m?.[1]) return '#ffffff';
  const lin = (i: number) => {
    const c = parseInt(m[1]!.slice(i, i + 2), 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  const l = 0.2126 * lin(0) + 0.7152 * lin(2) + 0.0722 * lin(4);
  return 1.05 / (l + 0.05) >= (l + 0.05) / 0.05 ? '#ffffff' : '#000000';
}

/** The text shown for a language, falling back to the first language that has one (what the widget does). */
export function textFor(texts: Record<string, string>, lang: string): string {
  return texts[lang]?.trim() || Object.values(texts).find((v) => v.trim()) || '';
}
