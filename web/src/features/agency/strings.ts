//! The agency pages' strings load with them (not with the first page): see `addLazyStrings`. Only the sidebar
//! entries' labels (`nav.agency`, `nav.agencies`, `nav.agencySupport`) and the team page's support badge are in the
//! main bundle.
import { addLazyStrings } from '../../i18n';

export function loadAgencyStrings(): Promise<void> {
  return addLazyStrings('agency');
}
