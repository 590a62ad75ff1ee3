//! Live updates over Socket.IO: the session's connection, its status, conversation rooms, typing indicators and
//! notifications. Knows nothing of conversations' caches: features subscribe to its typed events.
export { RealtimeClient, type RealtimeStatus } from './client';
export {
  useConversationRoom,
  useLivePoll,
  useRealtime,
  useRealtimeConnect,
  useRealtimeEvents,
  useRealtimeStatus,
  useTypers,
  useTypingSignal,
} from './context';
export { AGENT_STATUSES, isAgentStatus, type AgentStatus, type ServerEvent, type MessageStatusEvent, type PresenceEvent } from './events';
export { ConnectionIndicator } from './components/ConnectionIndicator';
export { NotificationsMenu } from './components/NotificationsMenu';
export { RealtimeProvider } from './RealtimeProvider';
