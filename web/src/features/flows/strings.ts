//! The flows pages' strings load with them (not with the first page): see `addLazyStrings`.
import { addLazyStrings } from '../../i18n';

export function loadFlowStrings(): Promise<void> {
  return addLazyStrings('flows');
}
