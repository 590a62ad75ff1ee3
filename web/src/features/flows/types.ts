//! Flow shapes: the graph, validation, versions, runs and the sandbox come from the API contract (generated from
//! openapi.json, whose schemas utoipa derives from crates/flow and crates/services/src/flows/dto.rs, so the Rust
//! definitions are the one source). What stays here is UI-only: the closed lists the screens walk over (the schema
//! types statuses as plain strings) and narrowing helpers.
import type { components } from '../../api/generated/schema';

type Schemas = components['schemas'];

// ---- from the API contract (generated from openapi.json, itself from the Rust types) ----

export type FlowPosition = Schemas['FlowPosition'];
export type FlowVariableDef = Schemas['FlowVariableDef'];
export type FlowEmpty = Schemas['FlowEmpty'];
export type FlowMediaKind = Schemas['FlowMediaKind'];
export type FlowSendMessage = Schemas['FlowSendMessage'];
export type FlowSendTemplate = Schemas['FlowSendTemplate'];
export type FlowAskOption = Schemas['FlowAskOption'];
export type FlowAsk = Schemas['FlowAsk'];
export type FlowCaptureInput = Schemas['FlowCaptureInput'];
export type FlowCapture = Schemas['FlowCapture'];
export type FlowRuleMode = Schemas['FlowRuleMode'];
export type FlowCompareOp = Schemas['FlowCompareOp'];
export type FlowRule = Schemas['FlowRule'];
export type FlowCondition = Schemas['FlowCondition'];
export type FlowSetVariable = Schemas['FlowSetVariable'];
export type FlowDelay = Schemas['FlowDelay'];
export type FlowWaitForReply = Schemas['FlowWaitForReply'];
export type FlowBranch = Schemas['FlowBranch'];
export type FlowRandomSplit = Schemas['FlowRandomSplit'];
export type FlowHttpMethod = Schemas['FlowHttpMethod'];
export type FlowHeader = Schemas['FlowHeader'];
export type FlowResponseMap = Schemas['FlowResponseMap'];
export type FlowHttp = Schemas['FlowHttp'];
export type FlowWebhook = Schemas['FlowWebhook'];
export type FlowAssign = Schemas['FlowAssign'];
export type FlowLabelAction = Schemas['FlowLabelAction'];
export type FlowLabel = Schemas['FlowLabel'];
export type FlowUpdateField = Schemas['FlowUpdateField'];
export type FlowSetConsent = Schemas['FlowSetConsent'];
export type FlowStartFlow = Schemas['FlowStartFlow'];
export type FlowJump = Schemas['FlowJump'];
export type FlowHandoff = Schemas['FlowHandoff'];
export type FlowNodeKind = Schemas['FlowNodeKind'];
export type FlowNode = Schemas['FlowNode'];
export type FlowEdge = Schemas['FlowEdge'];
export type FlowGraph = Schemas['FlowGraph'];
export type FlowMatchMode = Schemas['FlowMatchMode'];
export type FlowTriggerKind = Schemas['FlowTriggerKind'];
export type FlowTrigger = Schemas['FlowTrigger'];
export type FlowIssueSeverity = Schemas['FlowIssueSeverity'];
export type FlowIssue = Schemas['FlowIssue'];
export type FlowGraphDiff = Schemas['FlowGraphDiff'];
export type FlowSummary = Schemas['FlowSummary'];
export type Flow = Schemas['Flow'];
export type CreateFlowInput = Schemas['CreateFlowInput'];
export type SaveFlowInput = Schemas['SaveFlowInput'];
export type FlowTemplate = Schemas['FlowTemplate'];
export type FlowVersion = Schemas['FlowVersion'];
export type FlowVersionDetail = Schemas['FlowVersionDetail'];
export type FlowRunSummary = Schemas['FlowRunSummary'];
export type FlowRunPage = Schemas['FlowRunPage'];
export type TraceStep = Schemas['TraceStep'];
export type FlowRun = Schemas['FlowRun'];
export type StartRunInput = Schemas['StartRunInput'];
export type NodeFigures = Schemas['NodeFigures'];
export type EdgeFigure = Schemas['EdgeFigure'];
export type FlowAnalytics = Schemas['FlowAnalytics'];
export type BotRun = Schemas['BotRun'];
export type SandboxContact = Schemas['SandboxContact'];
export type SandboxStartInput = Schemas['SandboxStartInput'];
export type SandboxReplyInput = Schemas['SandboxReplyInput'];
export type SandboxSession = Schemas['SandboxSession'];
export type PauseInput = Schemas['PauseInput'];

// ---- UI lists ----

export type NodeType = FlowNodeKind['type'];
export type NodeData<T extends NodeType> = Extract<FlowNodeKind, { type: T }>['data'];

export const FLOW_STATUSES = ['draft', 'published', 'paused'] as const;
export type FlowStatus = (typeof FLOW_STATUSES)[number];
export const isFlowStatus = (v: unknown): v is FlowStatus => FLOW_STATUSES.includes(v as FlowStatus);

/** The run statuses the executions list filters by (`running` = active or waiting). */
export const RUN_FILTERS = ['running', 'completed', 'handed_off', 'failed', 'stopped'] as const;
export type RunFilter = (typeof RUN_FILTERS)[number];

export const TRIGGER_KINDS = ['keyword', 'firstMessage', 'unassigned', 'manual', 'api'] as const satisfies readonly FlowTriggerKind['kind'][];
export type TriggerKindName = (typeof TRIGGER_KINDS)[number];

export const MATCH_MODES = ['exact', 'contains', 'regex'] as const satisfies readonly FlowMatchMode[];

export const COMPARE_OPS = [
  'eq',
  'neq',
  'contains',
  'notContains',
  'startsWith',
  'gt',
  'gte',
  'lt',
  'lte',
  'isSet',
  'isNotSet',
  'matches',
] as const satisfies readonly FlowCompareOp[];

/** Operators that take no value. */
export const UNARY_OPS: readonly FlowCompareOp[] = ['isSet', 'isNotSet'];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const satisfies readonly FlowHttpMethod[];
export const MEDIA_KINDS = ['image', 'video', 'audio', 'document'] as const satisfies readonly FlowMediaKind[];
export const CAPTURE_KINDS = ['text', 'number', 'email', 'phone', 'date', 'choice', 'regex'] as const satisfies readonly FlowCaptureInput['kind'][];
