import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Conversation } from '../../../api/types';
import { Alert, Button, Icon, IconButton, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import type { PanelContact } from '../../deals/components/DealsPanel';
import { useLinkConversations, useTicketList } from '../hooks/useTickets';
import { TicketStatusBadge } from './TicketBadges';

// The dialog loads the first time it opens, not with every conversation.
const NewTicketDialog = lazy(() => import('./NewTicketDialog').then((m) => ({ default: m.NewTicketDialog })));

/**
 * The conversation's contact's tickets, with "New ticket" prefilled with the contact and the conversation.
 * `basePath` is the conversations' path of the area (`/app/conversations`), the tickets live next to it.
 */
export function TicketsPanel({
  conversation,
  basePath,
}: {
  conversation: Pick<Conversation, 'id' | 'contactId' | 'contactName' | 'contactPhone'>;
  basePath: string;
}) {
  return (
    <TicketsSection
      contact={{ id: conversation.contactId, name: conversation.contactName ?? null, phone: conversation.contactPhone ?? null }}
      conversationId={conversation.id}
      area={basePath.replace(/\/conversations\/?$/, '')}
    />
  );
}

/**
 * A contact's tickets with "New ticket" prefilled with the contact (and the conversation, when there is one);
 * `area` is `/app` or `/agent`; `framed` shows it as a card (a contact's page) instead of a side-panel section.
 */
export function TicketsSection({ contact, conversationId, area, framed }: { contact: PanelContact; conversationId?: string | null; area: string; framed?: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const tickets = useTicketList({ contactId: contact.id, limit: 20 });
  const [creating, setCreating] = useState(false);
  const items = tickets.data?.pages.flatMap((p) => p.items) ?? [];
  const link = useLinkConversations();

  return (
    <section className={framed ? 'rounded-2xl border border-slate-200/80 bg-white p-5 shadow-soft' : 'border-b border-slate-100 px-4 py-4'} data-testid="tickets-panel">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className={framed ? 'text-base font-semibold text-slate-900' : 'text-xs font-semibold tracking-wide text-slate-400 uppercase'}>{t('tickets.panel.title')}</h3>
        <Button variant="ghost" size="sm" onClick={() => setCreating(true)} data-testid="new-ticket">
          <Icon name="plus" className="size-4" />
          {t('tickets.panel.new')}
        </Button>
      </div>
      {tickets.isPending ? (
        <Spinner className="text-primary-500" label={t('common.loading')} />
      ) : tickets.isError ? (
        <Alert tone="danger">{errorText(tickets.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-500">{t('tickets.panel.none')}</p>
      ) : (
        <ul className="space-y-1.5">
          {link.isError && (
            <li>
              <p className="text-xs text-danger-700">{errorText(link.error)}</p>
            </li>
          )}
          {items.map((tk) => (
            <li key={tk.id} className="flex items-stretch gap-1.5">
              <Link to={`${area}/tickets/${tk.id}`} className="block min-w-0 flex-1 rounded-xl border border-slate-200 px-3 py-2 transition hover:bg-slate-50" data-testid="panel-ticket" data-ticket-id={tk.id}>
                <span className="flex items-center justify-between gap-2">
                  <span className="min-w-0 truncate text-sm font-medium text-slate-800" dir="auto">
                    <span className="me-1 text-slate-400 tabular-nums">#{tk.number}</span>
                    {tk.subject}
                  </span>
                  <TicketStatusBadge status={tk.status} />
                </span>
                {tk.overdue && <span className="mt-0.5 block text-xs font-medium text-danger-600">{t('tickets.overdue')}</span>}
              </Link>
              {conversationId && !tk.conversationIds.includes(conversationId) && (
                <IconButton
                  icon="paperclip"
                  size="sm"
                  className="self-center"
                  label={t('tickets.panel.link', { number: tk.number })}
                  loading={link.isPending && link.variables?.ticketId === tk.id}
                  onClick={() => link.mutate({ ticketId: tk.id, conversationIds: [...tk.conversationIds, conversationId] })}
                  data-testid="link-ticket"
                />
              )}
            </li>
          ))}
        </ul>
      )}
      {creating && (
        <Suspense fallback={null}>
          <NewTicketDialog defaults={{ contact, conversationId: conversationId ?? null }} onClose={() => setCreating(false)} />
        </Suspense>
      )}
    </section>
  );
}
