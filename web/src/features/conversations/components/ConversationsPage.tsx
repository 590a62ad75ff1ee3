import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useMatch, useNavigate, useParams } from 'react-router';
import { EmptyState } from '../../../components/ui';
import { cn } from '../../../lib/cn';
import { useDebounce } from '../../../lib/useDebounce';
import { useLabels } from '../../inbox';
import { useConnections } from '../../whatsapp';
import { DEFAULT_STATUS, NO_FILTERS, type AssigneeTab, type ConversationFilters } from '../conversation';
import { useConversationList, useInboxCounts } from '../hooks/useConversations';
import { flattenList } from '../live';
import { inboxAction, isField, neighbour } from '../shortcuts';
import { ConversationList, type ListFilterState } from './ConversationList';
import { ConversationView } from './ConversationView';
import { ShortcutsDialog } from './ShortcutsDialog';

/**
 * The inbox: the list beside the open conversation (a child route). Below `md` one pane shows at a time: the list,
 * or the conversation with a back button. The tab and filters live here, so they survive opening conversations.
 */
export function ConversationsPage({ basePath }: { basePath: string }) {
  const selected = useMatch(`${basePath}/:conversationId`)?.params.conversationId;
  const navigate = useNavigate();
  const connections = useConnections();
  const labels = useLabels();
  const counts = useInboxCounts();
  const [search, setSearch] = useState('');
  const q = useDebounce(search.trim(), 300);
  const [tab, setTab] = useState<AssigneeTab>('all');
  const [filters, setFilters] = useState<ListFilterState>({ status: DEFAULT_STATUS, connectionId: '', labelId: '' });
  const [help, setHelp] = useState(false);

  const query: ConversationFilters = { ...NO_FILTERS, ...filters, assignee: tab === 'mine' ? 'me' : tab, q };
  const list = useConversationList(query);
  const items = useMemo(() => flattenList(list.data), [list.data]);

  // j/k and Alt+↓/↑ move through the list, ? opens the help.
  const state = useRef({ items, selected, help });
  useEffect(() => {
    state.current = { items, selected, help };
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || state.current.help) return;
      const action = inboxAction({ key: e.key, altKey: e.altKey, ctrlKey: e.ctrlKey, metaKey: e.metaKey, inField: isField(e.target) });
      if (!action) return;
      e.preventDefault();
      if (action === 'help') {
        setHelp(true);
        return;
      }
      const ids = state.current.items.map((c) => c.id);
      const next = neighbour(ids, state.current.selected, action === 'next' ? 1 : -1);
      if (next) void navigate(`${basePath}/${next}`);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [navigate, basePath]);

  return (
    <div
      className="-mx-4 -my-6 flex h-[calc(100dvh-4rem)] overflow-hidden bg-white sm:-mx-6 lg:-mx-8 lg:-my-8"
      data-testid="conversations-page"
    >
      <aside className={cn('w-full min-w-0 shrink-0 border-slate-200 md:flex md:w-80 md:border-e lg:w-96', selected ? 'hidden' : 'flex')}>
        <ConversationList
          basePath={basePath}
          list={list}
          items={items}
          selectedId={selected}
          tab={tab}
          onTab={setTab}
          counts={counts.data}
          filters={filters}
          onFilters={(f) => setFilters((old) => ({ ...old, ...f }))}
          search={search}
          onSearch={setSearch}
          connections={connections.data ?? []}
          labels={labels.data ?? []}
          onShortcuts={() => setHelp(true)}
        />
      </aside>
      <section className={cn('min-w-0 flex-1 flex-col', selected ? 'flex' : 'hidden md:flex')}>
        <Outlet />
      </section>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
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
