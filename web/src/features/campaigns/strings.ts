//! The campaigns pages' strings load with them (not with the first page): see `addLazyStrings`. What the first page
//! shows of campaigns (the sidebar entry, the inbox's campaign tag) is in the main bundle.
import { addLazyStrings } from '../../i18n';

export function loadCampaignStrings(): Promise<void> {
  return addLazyStrings('campaigns');
}
