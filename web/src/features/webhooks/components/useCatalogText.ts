//! The catalogue's words in the UI's language.
import { useTranslation } from 'react-i18next';
import type { EventKind } from '../types';

/** A family's name and a kind's description in the UI's language (the catalogue's English for a kind added later). */
export function useCatalogText() {
  const { t, i18n } = useTranslation();
  return {
    family: (family: string) => {
      const key = `webhooks.families.${family}`;
      return i18n.exists(key) ? t(key as 'webhooks.families.message') : family;
    },
    kind: (k: EventKind) => {
      const key = `webhooks.kinds.${k.kind.replaceAll('.', '_')}`;
      return i18n.exists(key) ? t(key as 'webhooks.kinds.message_created') : k.description;
    },
  };
}
