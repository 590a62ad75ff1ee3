//! The WCAG contrast of a colour with white, as the server computes it (`brand::brands::warnings`), so the page warns
//! while the colour is being picked.

/** The relative luminance of `#rrggbb`, or null for anything else. */
function luminance(hex: string): number | null {
  if (!/^#[0-9a-f]{6}$/i.test(hex)) return null;
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5);
}

/** The contrast ratio with white, rounded to two decimals (null: not a colour). */
export function contrastWithWhite(hex: string): number | null {
  const l = luminance(hex);
  return l === null ? null : Math.round((1.05 / (l + 0.05)) * 100) / 100;
}

export const MINIMUM = { primaryColor: 4.5, accentColor: 3 } as const;

export interface ContrastWarning {
  field: keyof typeof MINIMUM;
  ratio: number;
  minimum: number;
}

export function contrastWarnings(colours: Record<keyof typeof MINIMUM, string>): ContrastWarning[] {
  return (Object.keys(MINIMUM) as (keyof typeof MINIMUM)[]).flatMap((field) => {
    const ratio = contrastWithWhite(colours[field]);
    return ratio !== null && ratio < MINIMUM[field] ? [{ field, ratio, minimum: MINIMUM[field] }] : [];
  });
}
