//! The outcomes a node can take, one source handle each, in the order the node draws them: the editor's copy of
//! `Node::outcomes` in crates/flow/src/schema.rs (the edge's `sourceHandle` is the outcome's name).
import type { FlowNodeKind } from './types';

export const OUTCOME = {
  next: 'next',
  error: 'error',
  noMatch: 'noMatch',
  timeout: 'timeout',
  invalid: 'invalid',
  true: 'true',
  false: 'false',
  reply: 'reply',
  open: 'open',
  closed: 'closed',
} as const;

export type FixedOutcome = (typeof OUTCOME)[keyof typeof OUTCOME];

export const OPTION_PREFIX = 'option:';
export const BRANCH_PREFIX = 'branch:';

const FIXED = new Set<string>(Object.values(OUTCOME));

/** Outcomes whose edge may be left out (a warning): the run ends quietly if it takes one. */
export function isOptionalOutcome(name: string): boolean {
  return name === OUTCOME.error || name === OUTCOME.timeout || name === OUTCOME.invalid || name === OUTCOME.noMatch;
}

/** The handles of a node, in drawing order. `timeout` exists only when a timeout is set. */
export function outcomesOf(node: FlowNodeKind): string[] {
  switch (node.type) {
    case 'start':
    case 'setVariable':
    case 'wait':
    case 'webhook':
    case 'assign':
    case 'label':
    case 'updateField':
    case 'setConsent':
      return [OUTCOME.next];
    case 'sendMessage':
    case 'sendTemplate':
    case 'http':
      return [OUTCOME.next, OUTCOME.error];
    case 'ask': {
      const out = (node.data.options ?? []).map((o) => `${OPTION_PREFIX}${o.id}`);
      out.push(OUTCOME.noMatch);
      if (node.data.timeoutSecs != null) out.push(OUTCOME.timeout);
      return out;
    }
    case 'capture': {
      const out: string[] = [OUTCOME.next, OUTCOME.invalid];
      if (node.data.timeoutSecs != null) out.push(OUTCOME.timeout);
      return out;
    }
    case 'condition':
      return [OUTCOME.true, OUTCOME.false];
    case 'waitForReply': {
      const out: string[] = [OUTCOME.reply];
      if (node.data.timeoutSecs != null) out.push(OUTCOME.timeout);
      return out;
    }
    case 'businessHours':
      return [OUTCOME.open, OUTCOME.closed];
    case 'randomSplit':
      return (node.data.branches ?? []).map((b) => `${BRANCH_PREFIX}${b.id}`);
    case 'startFlow':
    case 'jump':
    case 'handoff':
    case 'end':
      return [];
  }
}

export function hasOutcome(node: FlowNodeKind, handle: string): boolean {
  return outcomesOf(node).includes(handle);
}

/** Whether a node can be entered (every kind but `start`). */
export function hasInput(node: FlowNodeKind): boolean {
  return node.type !== 'start';
}

/** What an outcome handle stands for, for its label. */
export type OutcomeInfo =
  | { kind: 'fixed'; name: FixedOutcome }
  | { kind: 'option'; id: string; title: string; index: number }
  | { kind: 'branch'; id: string; label: string; index: number; weight: number; share: number }
  | { kind: 'unknown'; name: string };

export function describeOutcome(node: FlowNodeKind, handle: string): OutcomeInfo {
  if (handle.startsWith(OPTION_PREFIX) && node.type === 'ask') {
    const id = handle.slice(OPTION_PREFIX.length);
    const index = node.data.options.findIndex((o) => o.id === id);
    const option = node.data.options[index];
    if (option) return { kind: 'option', id, title: option.title, index };
  }
  if (handle.startsWith(BRANCH_PREFIX) && node.type === 'randomSplit') {
    const id = handle.slice(BRANCH_PREFIX.length);
    const branches = node.data.branches;
    const index = branches.findIndex((b) => b.id === id);
    const branch = branches[index];
    if (branch) {
      const total = branches.reduce((sum, b) => sum + Math.max(0, b.weight), 0);
      return { kind: 'branch', id, label: branch.label ?? '', index, weight: branch.weight, share: total > 0 ? branch.weight / total : 0 };
    }
  }
  if (FIXED.has(handle)) return { kind: 'fixed', name: handle as FixedOutcome };
  return { kind: 'unknown', name: handle };
}
