//! The widget pages' strings load with them (not with the first page): see `addLazyStrings`.
import { addLazyStrings } from '../../i18n';

export function loadWidgetStrings(): Promise<void> {
  return addLazyStrings('widget');
}
