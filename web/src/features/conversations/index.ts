//! The inbox: conversation lists, the open conversation, its composer and side panel, and how live events change them.
export { conversationRoutes } from './routes';
export { InboxLiveSync } from './hooks/useLiveSync';
