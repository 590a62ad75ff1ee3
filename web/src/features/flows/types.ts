//! Flow shapes, written by hand from the Rust definitions (crates/flow/src/schema.rs, validate.rs, diff.rs and
//! crates/services/src/flows/dto.rs) under the names utoipa gives them, until the OpenAPI document carries them.
//! What stays here for good is UI-only: the closed lists the screens walk over and narrowing helpers.

// ---- the graph (crates/flow/src/schema.rs) ----

export type FlowPosition = {
  x: number;
  y: number;
};

export type FlowVariableDef = {
  name: string;
  description?: string | null;
};

export type FlowEmpty = Record<string, never>;
export type FlowMediaKind = 'image' | 'video' | 'audio' | 'document';

export type FlowSendMessage = {
  text?: string;
  mediaId?: string | null;
  mediaKind?: FlowMediaKind | null;
};

export type FlowSendTemplate = {
  name: string;
  language: string;
  components?: unknown;
};

export type FlowAskOption = {
  id: string;
  title: string;
  description?: string | null;
  section?: string | null;
};

export type FlowAsk = {
  text: string;
  options: FlowAskOption[];
  listButton?: string | null;
  saveAs?: string | null;
  retries?: number;
  retryText?: string | null;
  timeoutSecs?: number | null;
};

export type FlowCaptureInput =
  | { kind: 'text' }
  | { kind: 'number'; min?: number | null; max?: number | null }
  | { kind: 'email' }
  | { kind: 'phone' }
  | { kind: 'date' }
  | { kind: 'choice'; choices: string[] }
  | { kind: 'regex'; pattern: string };

export type FlowCapture = {
  text: string;
  input: FlowCaptureInput;
  saveAs: string;
  saveToField?: string | null;
  retries?: number;
  retryText?: string | null;
  timeoutSecs?: number | null;
};

export type FlowRuleMode = 'all' | 'any';
export type FlowCompareOp = 'eq' | 'neq' | 'contains' | 'notContains' | 'startsWith' | 'gt' | 'gte' | 'lt' | 'lte' | 'isSet' | 'isNotSet' | 'matches';

export type FlowRule =
  | { kind: 'compare'; left: string; op: FlowCompareOp; value?: string }
  | { kind: 'hasLabel'; label: string; negate?: boolean }
  | { kind: 'consent'; granted: boolean }
  | { kind: 'time'; days?: number[]; after: string; before: string };

export type FlowCondition = {
  mode?: FlowRuleMode;
  rules?: FlowRule[];
};

export type FlowSetVariable = {
  name: string;
  value?: string;
};

export type FlowDelay = {
  seconds: number;
};

export type FlowWaitForReply = {
  saveAs?: string | null;
  timeoutSecs?: number | null;
};

export type FlowBranch = {
  id: string;
  label?: string;
  weight: number;
};

export type FlowRandomSplit = {
  branches: FlowBranch[];
};

export type FlowHttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type FlowHeader = {
  name: string;
  value?: string;
};

export type FlowResponseMap = {
  var: string;
  path: string;
};

export type FlowHttp = {
  method?: FlowHttpMethod;
  url: string;
  headers?: FlowHeader[];
  body?: string | null;
  timeoutMs?: number | null;
  responseMap?: FlowResponseMap[];
  saveStatusAs?: string | null;
  /** What the test phone answers instead of calling out when "use sample responses" is on. */
  sampleResponse?: unknown;
};

export type FlowWebhook = {
  url: string;
  body?: string | null;
};

export type FlowAssign = {
  userId?: string | null;
  teamId?: string | null;
};

export type FlowLabelAction = 'add' | 'remove';

export type FlowLabel = {
  action: FlowLabelAction;
  label: string;
};

export type FlowUpdateField = {
  key: string;
  value?: string;
};

export type FlowSetConsent = {
  granted: boolean;
};

export type FlowStartFlow = {
  flowId: string;
};

export type FlowJump = {
  target: string;
};

export type FlowHandoff = {
  note?: string | null;
};

/** `type` and `data` of a node, as React Flow writes them (adjacently tagged in Rust). */
export type FlowNodeKind =
  | { type: 'start'; data: FlowEmpty }
  | { type: 'sendMessage'; data: FlowSendMessage }
  | { type: 'sendTemplate'; data: FlowSendTemplate }
  | { type: 'ask'; data: FlowAsk }
  | { type: 'capture'; data: FlowCapture }
  | { type: 'condition'; data: FlowCondition }
  | { type: 'setVariable'; data: FlowSetVariable }
  | { type: 'wait'; data: FlowDelay }
  | { type: 'waitForReply'; data: FlowWaitForReply }
  | { type: 'businessHours'; data: FlowEmpty }
  | { type: 'randomSplit'; data: FlowRandomSplit }
  | { type: 'http'; data: FlowHttp }
  | { type: 'webhook'; data: FlowWebhook }
  | { type: 'assign'; data: FlowAssign }
  | { type: 'label'; data: FlowLabel }
  | { type: 'updateField'; data: FlowUpdateField }
  | { type: 'setConsent'; data: FlowSetConsent }
  | { type: 'startFlow'; data: FlowStartFlow }
  | { type: 'jump'; data: FlowJump }
  | { type: 'handoff'; data: FlowHandoff }
  | { type: 'end'; data: FlowEmpty };

export type FlowNode = { id: string; position?: FlowPosition } & FlowNodeKind;

export type FlowEdge = {
  id: string;
  source: string;
  sourceHandle: string;
  target: string;
};

export type FlowGraph = {
  nodes?: FlowNode[];
  edges?: FlowEdge[];
  variables?: FlowVariableDef[];
};

export type FlowMatchMode = 'exact' | 'contains' | 'regex';

export type FlowTriggerKind =
  | { kind: 'keyword'; keywords: string[]; matchMode?: FlowMatchMode }
  | { kind: 'firstMessage' }
  | { kind: 'unassigned' }
  | { kind: 'manual' }
  | { kind: 'api' };

export type FlowTrigger = FlowTriggerKind & { connectionIds?: string[]; priority?: number };

// ---- validation and diffs (validate.rs, diff.rs) ----

export type FlowIssueSeverity = 'error' | 'warning';

export type FlowIssue = {
  node: string | null;
  edge?: string | null;
  code: string;
  message: string;
  severity: FlowIssueSeverity;
};

export type FlowGraphDiff = {
  addedNodes: string[];
  removedNodes: string[];
  changedNodes: string[];
  movedNodes: string[];
  addedEdges: FlowEdge[];
  removedEdges: FlowEdge[];
  variablesChanged: boolean;
};

// ---- the API (crates/services/src/flows/dto.rs) ----

export type FlowSummary = {
  id: string;
  name: string;
  description?: string | null;
  status: string;
  trigger: FlowTrigger;
  priority: number;
  version?: number | null;
  unpublishedChanges: boolean;
  templateKey?: string | null;
  runsToday: number;
  completedToday: number;
  completionRate?: number | null;
  running: number;
  createdAt: string;
  updatedAt: string;
};

export type Flow = {
  id: string;
  name: string;
  description?: string | null;
  status: string;
  trigger: FlowTrigger;
  priority: number;
  version?: number | null;
  unpublishedChanges: boolean;
  templateKey?: string | null;
  draft: FlowGraph;
  issues: FlowIssue[];
  createdAt: string;
  updatedAt: string;
};

export type CreateFlowInput = {
  name: string;
  description?: string | null;
  templateKey?: string | null;
  trigger?: FlowTrigger | null;
  graph?: FlowGraph | null;
};

export type SaveFlowInput = {
  name: string;
  description?: string | null;
  trigger: FlowTrigger;
  draft: FlowGraph;
};

export type FlowTemplate = {
  key: string;
  name: string;
  description: string;
  trigger: FlowTrigger;
  nodeCount: number;
  contactFields: string[];
};

export type FlowVersion = {
  version: number;
  publishedAt: string;
  publishedBy?: string | null;
  nodeCount: number;
  changes?: FlowGraphDiff | null;
};

export type FlowVersionDetail = {
  version: number;
  publishedAt: string;
  publishedBy?: string | null;
  trigger: FlowTrigger;
  graph: FlowGraph;
};

export type FlowRunSummary = {
  id: string;
  flowId: string;
  version?: number | null;
  contactId?: string | null;
  contactName?: string | null;
  contactPhone?: string | null;
  conversationId?: string | null;
  origin: string;
  status: string;
  currentNode?: string | null;
  reason?: string | null;
  steps: number;
  startedAt: string;
  updatedAt: string;
  endedAt?: string | null;
};

export type FlowRunPage = {
  items: FlowRunSummary[];
  nextCursor?: string | null;
};

export type TraceStep = {
  seq: number;
  node: string;
  nodeType: string;
  outcome?: string | null;
  detail: unknown;
  vars?: unknown;
  at: string;
};

export type FlowRun = FlowRunSummary & {
  flowName: string;
  waitingFor?: unknown;
  variables: unknown;
  trace: TraceStep[];
};

export type StartRunInput = {
  contactId?: string | null;
  phone?: string | null;
  conversationId?: string | null;
  variables?: Record<string, unknown> | null;
};

export type NodeFigures = {
  node: string;
  entered: number;
  waiting: number;
  dropped: number;
};

export type EdgeFigure = {
  source: string;
  sourceHandle: string;
  count: number;
};

export type FlowAnalytics = {
  version: number;
  entered: number;
  completed: number;
  handedOff: number;
  failed: number;
  stopped: number;
  running: number;
  nodes: NodeFigures[];
  edges: EdgeFigure[];
};

export type BotRun = {
  runId: string;
  flowId: string;
  flowName: string;
  status: string;
  currentNode?: string | null;
};

export type SandboxContact = {
  name?: string | null;
  phone?: string | null;
  email?: string | null;
  fields?: Record<string, unknown> | null;
  labels?: string[];
  consent?: boolean | null;
};

export type SandboxStartInput = {
  contact?: SandboxContact | null;
  windowOpen?: boolean | null;
  openNow?: boolean | null;
  useSamples?: boolean;
  text?: string | null;
};

export type SandboxReplyInput = {
  text?: string | null;
  replyId?: string | null;
};

export type SandboxSession = {
  runId: string;
  status: string;
  reason?: string | null;
  transcript: unknown[];
  path: TraceStep[];
  currentNode?: string | null;
  waitingFor?: unknown;
  variables: unknown;
  clock: string;
  effects: unknown[];
};

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
