import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Conversation } from '../../../api/types';
import { Alert, Button, Icon, Spinner } from '../../../components/ui';
import { useErrorText } from '../../../i18n/useErrorText';
import { cn } from '../../../lib/cn';
import { formatMoney } from '../format';
import { useDealList } from '../hooks/useDeals';
import { isDealStatus, type Deal } from '../types';
import { PriorityBadge } from './PriorityBadge';

// The dialog (contact search, members, pipelines) loads the first time it opens, not with every conversation.
const DealDialog = lazy(() => import('./DealDialog').then((m) => ({ default: m.DealDialog })));

export interface PanelContact {
  id: string;
  name: string | null;
  phone: string | null;
}

/** The conversation's contact's deals, with "New deal" prefilled with the contact and the conversation. */
export function DealsPanel({ conversation }: { conversation: Pick<Conversation, 'id' | 'contactId' | 'contactName' | 'contactPhone'> }) {
  return <DealsSection contact={{ id: conversation.contactId, name: conversation.contactName ?? null, phone: conversation.contactPhone ?? null }} conversationId={conversation.id} />;
}

/**
 * A contact's deals with "New deal" prefilled with the contact (and the conversation, when there is one); `framed`
 * shows it as a card (a contact's page) instead of a side-panel section.
 */
export function DealsSection({ contact, conversationId, framed }: { contact: PanelContact; conversationId?: string | null; framed?: boolean }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const deals = useDealList({ contactId: contact.id, limit: 20 });
  const [dialog, setDialog] = useState<{ deal: Deal | null } | null>(null);
  const items = deals.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <section className={framed ? 'rounded-2xl border border-slate-200/80 bg-white p-5 shadow-soft' : 'border-b border-slate-100 px-4 py-4'} data-testid="deals-panel">
      <div className="mb-2 flex items-center justify-between gap-2">
        <h3 className={framed ? 'text-base font-semibold text-slate-900' : 'text-xs font-semibold tracking-wide text-slate-400 uppercase'}>{t('deals.panel.title')}</h3>
        <Button variant="ghost" size="sm" onClick={() => setDialog({ deal: null })} data-testid="new-deal">
          <Icon name="plus" className="size-4" />
          {t('deals.panel.new')}
        </Button>
      </div>
      {deals.isPending ? (
        <Spinner className="text-primary-500" label={t('common.loading')} />
      ) : deals.isError ? (
        <Alert tone="danger">{errorText(deals.error)}</Alert>
      ) : items.length === 0 ? (
        <p className="text-sm text-slate-500">{t('deals.panel.none')}</p>
      ) : (
        <ul className="space-y-1.5">
          {items.map((d) => (
            <li key={d.id}>
              <button
                type="button"
                onClick={() => setDialog({ deal: d })}
                className={cn('block w-full rounded-xl border px-3 py-2 text-start transition hover:bg-slate-50', conversationId && d.conversationId === conversationId ? 'border-primary-200' : 'border-slate-200')}
                data-testid="panel-deal"
                data-deal-id={d.id}
              >
                <span className="flex items-center justify-between gap-2">
                  <span className="min-w-0 truncate text-sm font-medium text-slate-800" dir="auto">
                    {d.title}
                  </span>
                  <PriorityBadge priority={d.priority} />
                </span>
                <span className="mt-0.5 flex items-center justify-between gap-2 text-xs text-slate-500">
                  <span className="tabular-nums" dir="ltr">
                    {formatMoney(d.value, d.currency, i18n.language)}
                  </span>
                  <span className={d.status === 'won' ? 'text-success-700' : d.status === 'lost' ? 'text-slate-500' : d.overdue ? 'text-danger-600' : ''}>
                    {d.overdue && d.status === 'open' ? t('deals.overdue') : isDealStatus(d.status) ? t(`deals.status.${d.status}`) : d.status}
                  </span>
                </span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {dialog && (
        <Suspense fallback={null}>
          <DealDialog
          deal={dialog.deal}
          defaults={{ contact, conversationId: conversationId ?? null }}
          onClose={() => setDialog(null)}
          />
        </Suspense>
      )}
    </section>
  );
}
