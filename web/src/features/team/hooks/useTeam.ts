import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { Role } from '../../../api/types';
import { teamApi } from '../api';

export const teamKeys = {
  all: ['team'] as const,
  members: (page: number, perPage: number, q: string) => ['team', 'members', { page, perPage, q }] as const,
  invitations: ['team', 'invitations'] as const,
  summary: ['team', 'summary'] as const,
  language: ['team', 'language'] as const,
};

export function useMembers(page: number, perPage: number, q: string) {
  return useQuery({
    queryKey: teamKeys.members(page, perPage, q),
    queryFn: () => teamApi.members({ page, perPage, ...(q ? { q } : {}) }),
    placeholderData: keepPreviousData,
  });
}

/** Member and pending-invitation counts, without loading the lists. */
export function useTeamSummary() {
  return useQuery({ queryKey: teamKeys.summary, queryFn: teamApi.summary });
}

export function useInvitations() {
  return useQuery({ queryKey: teamKeys.invitations, queryFn: teamApi.invitations });
}

function useInvalidateTeam() {
  const qc = useQueryClient();
  return () => qc.invalidateQueries({ queryKey: teamKeys.all });
}

export function useInvite() {
  const invalidate = useInvalidateTeam();
  return useMutation({ mutationFn: teamApi.invite, onSuccess: invalidate });
}

export function useMemberActions() {
  const invalidate = useInvalidateTeam();
  return {
    changeRole: useMutation({ mutationFn: (v: { id: string; role: Role }) => teamApi.updateRole(v.id, v.role), onSettled: invalidate }),
    setStatus: useMutation({
      mutationFn: (v: { id: string; status: 'active' | 'disabled' }) => teamApi.setStatus(v.id, v.status),
      onSettled: invalidate,
    }),
    remove: useMutation({ mutationFn: (id: string) => teamApi.remove(id), onSuccess: invalidate }),
  };
}

export function useInvitationActions() {
  const invalidate = useInvalidateTeam();
  return {
    resend: useMutation({ mutationFn: teamApi.resend, onSettled: invalidate }),
    revoke: useMutation({ mutationFn: teamApi.revoke, onSettled: invalidate }),
  };
}

/** The workspace's language: its mails to people without an account, and new members', are in it. */
export function useWorkspaceLanguage() {
  return useQuery({ queryKey: teamKeys.language, queryFn: teamApi.language });
}

export function useSetWorkspaceLanguage() {
  const qc = useQueryClient();
  return useMutation({ mutationFn: teamApi.setLanguage, onSuccess: (data) => qc.setQueryData(teamKeys.language, data) });
}
