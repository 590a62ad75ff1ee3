//! Calls to /api/v1/flows, /flow-runs, the sandbox and /conversations/{id}/bot, through the generated typed client.
import type { FlowRunStatus } from '../../api/types';
import { api, fileForm, unwrap } from '../../api/client';
import type { CreateFlowInput, SandboxReplyInput, SandboxStartInput, SaveFlowInput, StartRunInput } from './types';

const byId = (id: string) => ({ params: { path: { id } } });
const byVersion = (id: string, version: number) => ({ params: { path: { id, version } } });
const byRun = (id: string, run: string) => ({ params: { path: { id, run } } });

export interface RunListQuery {
  status?: FlowRunStatus;
  cursor?: string;
  limit?: number;
}

export const flowsApi = {
  list: () => unwrap(api.GET('/api/v1/flows')),
  templates: () => unwrap(api.GET('/api/v1/flows/templates')),
  create: (body: CreateFlowInput) => unwrap(api.POST('/api/v1/flows', { body })),
  get: (id: string) => unwrap(api.GET('/api/v1/flows/{id}', byId(id))),
  save: ({ id, body }: { id: string; body: SaveFlowInput }) => unwrap(api.PUT('/api/v1/flows/{id}', { ...byId(id), body })),
  remove: (id: string) => unwrap(api.DELETE('/api/v1/flows/{id}', byId(id))),
  publish: (id: string) => unwrap(api.POST('/api/v1/flows/{id}/publish', byId(id))),
  pause: ({ id, stopRuns }: { id: string; stopRuns: boolean }) => unwrap(api.POST('/api/v1/flows/{id}/pause', { ...byId(id), body: { stopRuns } })),
  resume: (id: string) => unwrap(api.POST('/api/v1/flows/{id}/resume', byId(id))),

  versions: (id: string) => unwrap(api.GET('/api/v1/flows/{id}/versions', byId(id))),
  version: (id: string, version: number) => unwrap(api.GET('/api/v1/flows/{id}/versions/{version}', byVersion(id, version))),
  diff: (id: string, version: number, against?: number) =>
    unwrap(api.GET('/api/v1/flows/{id}/versions/{version}/diff', { params: { path: { id, version }, query: { against } } })),
  restore: ({ id, version }: { id: string; version: number }) => unwrap(api.POST('/api/v1/flows/{id}/versions/{version}/restore', byVersion(id, version))),

  runs: (id: string, query: RunListQuery) => unwrap(api.GET('/api/v1/flows/{id}/executions', { params: { path: { id }, query } })),
  startRun: ({ id, body }: { id: string; body: StartRunInput }) => unwrap(api.POST('/api/v1/flows/{id}/executions', { ...byId(id), body })),
  analytics: (id: string, version?: number) => unwrap(api.GET('/api/v1/flows/{id}/analytics', { params: { path: { id }, query: { version } } })),
  run: (runId: string) => unwrap(api.GET('/api/v1/flow-runs/{id}', byId(runId))),
  stopRun: (runId: string) => unwrap(api.POST('/api/v1/flow-runs/{id}/stop', byId(runId))),
  conversationBot: (conversationId: string) => unwrap(api.GET('/api/v1/conversations/{id}/bot', byId(conversationId))),

  sandboxStart: ({ id, body }: { id: string; body: SandboxStartInput }) => unwrap(api.POST('/api/v1/flows/{id}/sandbox', { ...byId(id), body })),
  sandboxGet: ({ id, run }: { id: string; run: string }) => unwrap(api.GET('/api/v1/flows/{id}/sandbox/{run}', byRun(id, run))),
  sandboxStop: ({ id, run }: { id: string; run: string }) => unwrap(api.DELETE('/api/v1/flows/{id}/sandbox/{run}', byRun(id, run))),
  sandboxReply: ({ id, run, body }: { id: string; run: string; body: SandboxReplyInput }) =>
    unwrap(api.POST('/api/v1/flows/{id}/sandbox/{run}/messages', { ...byRun(id, run), body })),
  sandboxSkip: ({ id, run }: { id: string; run: string }) => unwrap(api.POST('/api/v1/flows/{id}/sandbox/{run}/skip', byRun(id, run))),

  /** A file for a message node (as the inbox uploads attachments). */
  upload: (file: File) => unwrap(api.POST('/api/v1/media', { body: fileForm(file) })),

  /** The workspace's contact fields, for the variable picker and the field nodes. */
  contactFields: () => unwrap(api.GET('/api/v1/contact-fields')),
};
