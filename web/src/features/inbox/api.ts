//! Calls to /api/v1/labels, /canned-responses, /teams, /agents and /inbox/settings: what the inbox is set up with.
import { api, unwrap } from '../../api/client';
import type {
  CreateCannedResponseInput,
  CreateLabelInput,
  CreateTeamInput,
  UpdateCannedResponseInput,
  UpdateInboxSettingsInput,
  UpdateLabelInput,
  UpdateTeamInput,
} from '../../api/types';
import type { AgentStatus } from '../realtime';

const byId = (id: string) => ({ params: { path: { id } } });

export const inboxApi = {
  labels: () => unwrap(api.GET('/api/v1/labels')),
  createLabel: (body: CreateLabelInput) => unwrap(api.POST('/api/v1/labels', { body })),
  updateLabel: ({ id, body }: { id: string; body: UpdateLabelInput }) => unwrap(api.PATCH('/api/v1/labels/{id}', { ...byId(id), body })),
  deleteLabel: (id: string) => unwrap(api.DELETE('/api/v1/labels/{id}', byId(id))),

  canned: () => unwrap(api.GET('/api/v1/canned-responses')),
  createCanned: (body: CreateCannedResponseInput) => unwrap(api.POST('/api/v1/canned-responses', { body })),
  updateCanned: ({ id, body }: { id: string; body: UpdateCannedResponseInput }) =>
    unwrap(api.PATCH('/api/v1/canned-responses/{id}', { ...byId(id), body })),
  deleteCanned: (id: string) => unwrap(api.DELETE('/api/v1/canned-responses/{id}', byId(id))),

  teams: () => unwrap(api.GET('/api/v1/teams')),
  createTeam: (body: CreateTeamInput) => unwrap(api.POST('/api/v1/teams', { body })),
  updateTeam: ({ id, body }: { id: string; body: UpdateTeamInput }) => unwrap(api.PATCH('/api/v1/teams/{id}', { ...byId(id), body })),
  deleteTeam: (id: string) => unwrap(api.DELETE('/api/v1/teams/{id}', byId(id))),

  agents: () => unwrap(api.GET('/api/v1/agents')),
  setMyStatus: (status: AgentStatus) => unwrap(api.PATCH('/api/v1/agents/me', { body: { status } })),
  setCapacity: ({ userId, capacity }: { userId: string; capacity: number | null }) =>
    unwrap(api.PATCH('/api/v1/agents/{id}', { params: { path: { id: userId } }, body: { capacity } })),

  settings: () => unwrap(api.GET('/api/v1/inbox/settings')),
  saveSettings: (body: UpdateInboxSettingsInput) => unwrap(api.PUT('/api/v1/inbox/settings', { body })),
};
