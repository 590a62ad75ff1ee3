//! The Domains page's and the demo DNS page's strings load with them (`addLazyStrings`); only the sidebar entry
//! (`nav.domains`) is in the first page's bundle.
import { addLazyStrings } from '../../i18n';

export function loadDomainsStrings(): Promise<void> {
  return addLazyStrings('domains');
}
