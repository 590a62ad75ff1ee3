//! The analytics pages' strings load with them (not with the first page): see `addLazyStrings`. The sidebar entry
//! (`nav.analytics`) is in the main bundle.
import { addLazyStrings } from '../../i18n';

export function loadAnalyticsStrings(): Promise<void> {
  return addLazyStrings('analytics');
}
