import type { RouteObject } from 'react-router';
import { ConversationPane, ConversationsPage, NoConversationSelected } from './components/ConversationsPage';

/** The inbox's routes under an area (`/app/conversations`, `/agent/conversations`): the same pages in both. */
export function conversationRoutes(basePath: string): RouteObject {
  return {
    path: 'conversations',
    element: <ConversationsPage basePath={basePath} />,
    // The inbox uses the whole width of the page (list, conversation, contact panel).
    handle: { fullBleed: true },
    children: [
      { index: true, element: <NoConversationSelected /> },
      { path: ':conversationId', element: <ConversationPane basePath={basePath} /> },
    ],
  };
}
