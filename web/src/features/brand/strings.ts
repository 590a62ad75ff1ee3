//! The Brand page's strings load with it (not with the first page): see `addLazyStrings`. The sidebar entry
//! (`nav.brand`) and the footer's links (`brandLinks`) are in the main bundle.
import { addLazyStrings } from '../../i18n';

export function loadBrandStrings(): Promise<void> {
  return addLazyStrings('brand');
}
