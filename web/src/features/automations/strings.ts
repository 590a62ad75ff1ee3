//! The automations pages' strings load with them (not with the first page): see `addLazyStrings`. The sidebar
//! entry's name is in the main bundle.
import { addLazyStrings } from '../../i18n';

export function loadAutomationStrings(): Promise<void> {
  return addLazyStrings('automations');
}
