//! The operations pages' strings (Backups, System health, the maintenance banner: `backups`, `health`,
//! `maintenance` in i18n/operations) load on demand, not with the first page: see `addLazyStrings`. Only the sidebar
//! entries (`nav.*`) are in the first page's bundle.
import { addLazyStrings } from '../../i18n';

export function loadOperationsStrings(): Promise<void> {
  return addLazyStrings('operations');
}
