//! Where every language's strings come from, found by globs (one loader per file, none written by hand): the first
//! page's strings of every language but English (which ./bundles.ts bundles), and the strings of every area whose
//! pages load on demand, in every language. Each file is its own chunk; this map of ~190 loaders is itself loaded
//! only when a language other than English or an on-demand page is first needed, so it is not on the first page.
import { enBundle } from './bundles';

export type Bundle = { [key: string]: string | Bundle };
type Load = () => Promise<{ default: Bundle }>;

/** Areas merged into the first page's bundle (keep in step with ./bundles.ts and the globs below). */
export const FIRST_PAGE_AREAS = ['billing', 'bot', 'crm', 'sales', 'twofactor'] as const;

// The language's own file (`./ja.json`) and the first page's areas (`./crm/ja.json`), English excepted.
const FIRST_PAGE_FILES = import.meta.glob<{ default: Bundle }>(['./*.json', './{billing,bot,crm,sales,twofactor}/*.json', '!./en.json', '!./*/en.json']);
// Every other area in every language, English included.
const AREA_FILES = import.meta.glob<{ default: Bundle }>(['./*/*.json', '!./{billing,bot,crm,sales,twofactor}/*.json']);

/** `./flows/ja.json` → `['flows', 'ja']`; `./ja.json` → `['', 'ja']`. */
function fileOf(path: string): [string, string] {
  const m = /^\.\/(?:([^/]+)\/)?([^/]+)\.json$/.exec(path);
  return [m?.[1] ?? '', m?.[2] ?? ''];
}

/** Merges area trees into one (areas may add to the same branch, such as `errors`). */
export function mergeTrees(...trees: Bundle[]): Bundle {
  const out: Bundle = {};
  for (const tree of trees) {
    for (const [k, v] of Object.entries(tree)) {
      const prev = out[k];
      out[k] = typeof v === 'object' && typeof prev === 'object' ? mergeTrees(prev, v) : v;
    }
  }
  return out;
}

const AREAS = new Map<string, Map<string, Load>>();
for (const [path, load] of Object.entries(AREA_FILES)) {
  const [area, lng] = fileOf(path);
  if (!AREAS.has(area)) AREAS.set(area, new Map());
  AREAS.get(area)?.set(lng, load);
}

/** The areas whose strings load with their pages. */
export const LAZY_AREAS: readonly string[] = [...AREAS.keys()].sort();

/** An on-demand area's strings in one language (null: no such area or language). */
export async function areaBundle(area: string, lng: string): Promise<Bundle | null> {
  const load = AREAS.get(area)?.get(lng);
  return load ? (await load()).default : null;
}

/** The first page's strings of a language: its own file, then its areas (the order ./bundles.ts merges them in). */
export async function firstPageBundle(lng: string): Promise<Bundle> {
  if (lng === 'en') return enBundle as unknown as Bundle;
  const own = Object.entries(FIRST_PAGE_FILES).filter(([path]) => fileOf(path)[1] === lng);
  own.sort(([a], [b]) => fileOf(a)[0].localeCompare(fileOf(b)[0]));
  return mergeTrees(...(await Promise.all(own.map(async ([, load]) => (await load()).default))));
}
