export { TeamPage } from './components/TeamPage';
export { useInvitations, useMembers, useTeamSummary } from './hooks/useTeam';
export { canManage, invitableRoles } from './permissions';
