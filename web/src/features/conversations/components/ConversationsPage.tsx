import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useMatch, useParams } from 'react-router';
import { EmptyState } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useDebounce } from '../../../lib/useDebounce';
import { useConnections } from '../../whatsapp';
import { DEFAULT_STATUS } from '../conversation';
import type { ConversationFilters } from '../hooks/useConversations';
import { ConversationList } from './ConversationList';
import { ConversationView } from './ConversationView';

/**
 * The inbox: the list beside the open conversation (a child route). Below `md` one pane shows at a time: the list,
 * or the conversation with a back button. The filters live here, so they survive opening conversations.
 */
export function ConversationsPage({ basePath }: { basePath: string }) {
  const selected = useMatch(`${basePath}/:conversationId`)?.params.conversationId;
  const connections = useConnections();
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), 300);
  const [filters, setFilters] = useState<Omit<ConversationFilters, 'q'>>({ status: DEFAULT_STATUS, connectionId: '' });

  return (
    <div
      className="-mx-4 -my-6 flex h-[calc(100dvh-4rem)] overflow-hidden bg-white sm:-mx-6 lg:mx-0 lg:my-0 lg:h-[calc(100dvh-8rem)] lg:rounded-2xl lg:border lg:border-slate-200/80 lg:shadow-soft"
      data-testid="conversations-page"
    >
      <aside className={cn('w-full min-w-0 shrink-0 border-slate-200 md:flex md:w-80 md:border-e lg:w-96', selected ? 'hidden' : 'flex')}>
        <ConversationList
          basePath={basePath}
          filters={{ ...filters, q }}
          search={search}
          onSearch={setSearch}
          onFilters={(f) => setFilters((old) => ({ ...old, ...f }))}
          connections={connections.data ?? []}
        />
      </aside>
      <section className={cn('min-w-0 flex-1 flex-col', selected ? 'flex' : 'hidden md:flex')}>
        <Outlet />
      </section>
    </div>
  );
}

export function NoConversationSelected() {
  const { t } = useTranslation();
  return (
    <div className="flex flex-1 items-center justify-center bg-slate-50">
      <EmptyState icon="chat" title={t('conversations.pickTitle')} description={t('conversations.pickBody')} />
    </div>
  );
}

/** The open conversation; keyed by its id, so switching conversations starts fresh (scroll, composer). */
export function ConversationPane({ basePath }: { basePath: string }) {
  const { conversationId = '' } = useParams();
  return <ConversationView key={conversationId} conversationId={conversationId} basePath={basePath} />;
}
