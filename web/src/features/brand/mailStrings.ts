//! The Mail pages' strings load with them (`addLazyStrings`); only the sidebar entry (`nav.mail`) is in the first
//! page's bundle.
import { addLazyStrings } from '../../i18n';

export function loadMailStrings(): Promise<void> {
  return addLazyStrings('mail');
}
