import { TicketsSection } from '../../tickets/components/TicketsPanel';
import { useContactOption } from '../hooks/useDeals';
import { DealsSection } from './DealsPanel';

/** A contact's page: their deals and tickets, each with its "New" button prefilled with the contact. */
export function ContactSalesPanels({ contactId, area }: { contactId: string; area: string }) {
  const contact = useContactOption(contactId);
  const c = { id: contactId, name: contact.data?.name ?? contact.data?.profileName ?? null, phone: contact.data?.phone ?? null };
  return (
    <div className="space-y-6" data-testid="contact-sales-panels">
      <DealsSection contact={c} framed />
      <TicketsSection contact={c} area={area} framed />
    </div>
  );
}
