//! The Backups page's strings load with it (`addLazyStrings`, the operations area's files, key `backups`); only the
//! sidebar entry (`nav.backups`) is in the first page's bundle.
import { addLazyStrings } from '../../i18n';

export function loadOperationsStrings(): Promise<void> {
  return addLazyStrings('operations', {
    en: () => import('../../i18n/operations/en.json').then((m) => m.default),
    ar: () => import('../../i18n/operations/ar.json').then((m) => m.default),
  });
}
