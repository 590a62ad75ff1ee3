//! The webhooks pages' strings load with them (not with the first page): see `addLazyStrings`. The sidebar entry's
//! name is in the main bundle.
import { addLazyStrings } from '../../i18n';

export function loadWebhookStrings(): Promise<void> {
  return addLazyStrings('webhooks');
}
