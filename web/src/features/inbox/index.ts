//! What the inbox is set up with and who works in it: labels, canned responses, teams, agents with their presence and
//! capacity, business hours, the away message and auto-assignment; the settings pages and the status selector.
export { AgentStatusMenu } from './components/AgentStatusMenu';
export {
  inboxKeys,
  useAgents,
  useCannedResponses,
  useInboxSettings,
  useLabels,
  useTeams,
} from './hooks/useInbox';
export { PRESENCE_DOT, applyPresence, isAvailable, presenceTone } from './presence';
export { inboxSettingsRoutes } from './routes';
