//! For unit tests: a `Translate` over the English (or Arabic) strings, interpolating `{{var}}` like i18next does.
import ar from '../../i18n/automations/ar.json';
import en from '../../i18n/automations/en.json';
import type { Translate } from './summary';

type Tree = { [k: string]: string | Tree };

export function translator(lang: 'en' | 'ar' = 'en'): Translate {
  const root = (lang === 'en' ? en : ar) as unknown as Tree;
  return (key, params = {}) => {
    let node: string | Tree | undefined = root;
    for (const part of key.split('.')) node = typeof node === 'object' ? node[part] : undefined;
    if (typeof node !== 'string') throw new Error(`no string ${key}`);
    return node.replace(/{{\s*(\w+)\s*}}/g, (_, v: string) => String(params[v] ?? `{{${v}}}`));
  };
}
