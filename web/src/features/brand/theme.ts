//! The brand in force, on every page: one query of `GET /brand` (by host before sign-in, by workspace after) whose
//! colours become the theme's CSS variables, whose name is the document's title, whose favicon is the page's, and
//! whose default language is the UI's until the person picks one.
//! First-page code: kept tiny; the Brand page itself loads on demand.
import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { api, unwrap } from '../../api/client';
import type { components } from '../../api/generated/schema';
import { applySiteLanguage } from '../../i18n';
import { useSessionState } from '../auth/hooks/useSession';

export type Brand = components['schemas']['PublicBrand'];

/** The shades Tailwind's theme names, as the share of the brand colour mixed with white (50-500) or black (700-900). */
const SHADES: [number, number, string][] = [
  [50, 8, 'white'],
  [100, 16, 'white'],
  [200, 32, 'white'],
  [300, 52, 'white'],
  [400, 74, 'white'],
  [500, 90, 'white'],
  [600, 100, 'white'],
  [700, 84, 'black'],
  [800, 68, 'black'],
  [900, 54, 'black'],
];

/** The CSS variables of one colour's scale. */
export function shades(name: string, hex: string): [string, string][] {
  return SHADES.map(([s, p, m]) => [`--color-${name}-${s}`, p === 100 ? hex : `color-mix(in oklab,${hex} ${p}%,${m})`]);
}

/** The brand in force; undefined while it loads (pages show no name rather than the wrong one). */
export function useBrand(): Brand | undefined {
  const workspace = useSessionState().session?.tenant?.id;
  return useQuery({
    queryKey: ['brand', workspace],
    queryFn: () => unwrap(api.GET('/api/v1/brand', { params: { query: { workspace } } })),
    staleTime: 60_000,
  }).data;
}

/** Applies the brand to the document: the theme's colours (the built-in palette for the platform's brand), title
 * and favicon; and the install's language to a person who has chosen none. */
export function BrandTheme() {
  const b = useBrand();
  const siteLanguage = b?.defaultLanguage;
  useEffect(() => {
    void applySiteLanguage(siteLanguage);
  }, [siteLanguage]);
  useEffect(() => {
    if (!b) return;
    const style = document.documentElement.style;
    for (const [k, v] of [...shades('primary', b.primaryColor), ...shades('secondary', b.accentColor)]) {
      if (b.custom) style.setProperty(k, v);
      else style.removeProperty(k);
    }
    document.title = b.productName;
    const icon = document.querySelector<HTMLLinkElement>('link[rel=icon]');
    if (icon) {
      icon.removeAttribute('type');
      icon.href = b.faviconUrl ?? '/favicon.svg';
    }
  }, [b]);
  return null;
}
