//! The System page's and the maintenance banner's strings (`health`, `maintenance` in i18n/operations) load on
//! demand, not with the first page: see `addLazyStrings`.
import { addLazyStrings } from '../../i18n';

export function loadOperationsStrings(): Promise<void> {
  return addLazyStrings('operations', {
    en: () => import('../../i18n/operations/en.json').then((m) => m.default),
    ar: () => import('../../i18n/operations/ar.json').then((m) => m.default),
  });
}
