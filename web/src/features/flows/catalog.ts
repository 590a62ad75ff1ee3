//! The node kinds the builder offers: their palette group, colour, and the settings a new node starts with.
//! Every kind of `FlowNodeKind` is listed once, in palette order.
import type { FlowNodeKind, NodeData, NodeType } from './types';

export type NodeGroup = 'messages' | 'logic' | 'timing' | 'integrations' | 'contact' | 'end';

export const NODE_GROUPS: readonly NodeGroup[] = ['messages', 'logic', 'timing', 'integrations', 'contact', 'end'];

/** A palette accent per group (Tailwind colour names the node header uses). */
export const GROUP_TONE: Record<NodeGroup, string> = {
  messages: 'bg-primary-50 text-primary-700',
  logic: 'bg-accent-50 text-accent-800',
  timing: 'bg-secondary-50 text-secondary-700',
  integrations: 'bg-sky-50 text-sky-700',
  contact: 'bg-success-50 text-success-700',
  end: 'bg-slate-100 text-slate-700',
};

export interface NodeKindInfo {
  type: NodeType;
  group: NodeGroup | 'start';
}

export const NODE_KINDS: readonly NodeKindInfo[] = [
  { type: 'start', group: 'start' },
  { type: 'sendMessage', group: 'messages' },
  { type: 'ask', group: 'messages' },
  { type: 'capture', group: 'messages' },
  { type: 'sendTemplate', group: 'messages' },
  { type: 'condition', group: 'logic' },
  { type: 'setVariable', group: 'logic' },
  { type: 'randomSplit', group: 'logic' },
  { type: 'businessHours', group: 'logic' },
  { type: 'jump', group: 'logic' },
  { type: 'wait', group: 'timing' },
  { type: 'waitForReply', group: 'timing' },
  { type: 'http', group: 'integrations' },
  { type: 'webhook', group: 'integrations' },
  { type: 'assign', group: 'contact' },
  { type: 'label', group: 'contact' },
  { type: 'updateField', group: 'contact' },
  { type: 'setConsent', group: 'contact' },
  { type: 'startFlow', group: 'end' },
  { type: 'handoff', group: 'end' },
  { type: 'end', group: 'end' },
];

export const NODE_TYPES: readonly NodeType[] = NODE_KINDS.map((k) => k.type);

export function isNodeType(v: unknown): v is NodeType {
  return typeof v === 'string' && (NODE_TYPES as readonly string[]).includes(v);
}

export function groupOf(type: NodeType): NodeGroup | 'start' {
  return NODE_KINDS.find((k) => k.type === type)?.group ?? 'logic';
}

/** A short random id part (`k3j9x2`), for node, option and branch ids. */
export function shortId(random: () => number = Math.random): string {
  let out = '';
  for (let i = 0; i < 6; i++) out += 'abcdefghijklmnopqrstuvwxyz0123456789'[Math.floor(random() * 36)];
  return out;
}

/** The settings a new node of `type` starts with: valid where the schema allows, empty texts for the author to fill. */
export function defaultData<T extends NodeType>(type: T, random: () => number = Math.random): NodeData<T> {
  const data: { [K in NodeType]: () => NodeData<K> } = {
    start: () => ({}),
    sendMessage: () => ({ text: '' }),
    sendTemplate: () => ({ name: '', language: 'en_US' }),
    ask: () => ({
      text: '',
      options: [
        { id: shortId(random), title: '' },
        { id: shortId(random), title: '' },
      ],
      retries: 1,
    }),
    capture: () => ({ text: '', input: { kind: 'text' }, saveAs: '', retries: 2 }),
    condition: () => ({ mode: 'all', rules: [{ kind: 'compare', left: 'message.text', op: 'contains', value: '' }] }),
    setVariable: () => ({ name: '', value: '' }),
    wait: () => ({ seconds: 3600 }),
    waitForReply: () => ({}),
    businessHours: () => ({}),
    randomSplit: () => ({
      branches: [
        { id: shortId(random), label: 'A', weight: 50 },
        { id: shortId(random), label: 'B', weight: 50 },
      ],
    }),
    http: () => ({ method: 'GET', url: 'https://', headers: [], responseMap: [] }),
    webhook: () => ({ url: 'https://' }),
    assign: () => ({}),
    label: () => ({ action: 'add', label: '' }),
    updateField: () => ({ key: '', value: '' }),
    setConsent: () => ({ granted: true }),
    startFlow: () => ({ flowId: '' }),
    jump: () => ({ target: '' }),
    handoff: () => ({}),
    end: () => ({}),
  };
  return data[type]() as NodeData<T>;
}

/** A node kind with its data, typed together (for building nodes in tests and the palette). */
export function kindOf<T extends NodeType>(type: T, data: NodeData<T>): FlowNodeKind {
  return { type, data } as FlowNodeKind;
}
