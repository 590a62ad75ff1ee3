//! The test phone's chat and the path it lights on the canvas, read from a sandbox session. The transcript is loose
//! JSON (`{from: bot|customer|system, type, content, node?, at}`, see crates/services/src/flows/sandbox.rs): each
//! entry becomes a typed line, anything unexpected a plain system line rather than an error.
import { interactiveContent, type InteractiveContent } from '../../lib/interactiveContent';
import type { EditorGraph } from './graph';
import type { TraceStep } from './types';

/** A line of the chat; the bot's buttons and lists in the shape the inbox stores them (see lib/interactiveContent). */
export type ChatLine =
  | { from: 'bot'; kind: 'text'; text: string; node?: string; at?: string }
  | ({ from: 'bot'; node?: string; at?: string } & InteractiveContent)
  | { from: 'bot'; kind: 'media'; mediaKind: string; caption: string; node?: string; at?: string }
  | { from: 'bot'; kind: 'template'; name: string; language: string; node?: string; at?: string }
  | { from: 'customer'; text: string; replyId?: string; at?: string }
  | { from: 'system'; text: string; node?: string; at?: string };

type Json = Record<string, unknown>;

const obj = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const str = (v: unknown): string => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');
const opt = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

/** One transcript entry as a chat line. */
export function chatLine(entry: unknown): ChatLine {
  const e = obj(entry);
  const at = opt(e.at);
  const node = opt(e.node);
  const content = obj(e.content);
  switch (e.from) {
    case 'bot': {
      const type = str(e.type);
      const text = str(content.text);
      const interactive = interactiveContent(type, content);
      if (interactive) return { from: 'bot', node, at, ...interactive };
      if (type === 'template') {
        const tpl = obj(content.template);
        return { from: 'bot', kind: 'template', name: str(tpl.name), language: str(tpl.language), node, at };
      }
      if (type === 'image' || type === 'video' || type === 'audio' || type === 'document') {
        return { from: 'bot', kind: 'media', mediaKind: type, caption: str(content.caption), node, at };
      }
      return { from: 'bot', kind: 'text', text, node, at };
    }
    case 'customer':
      return { from: 'customer', text: str(content.text) || str(e.text), replyId: opt(e.replyId), at };
    default:
      return { from: 'system', text: str(e.text) || str(content.text), node, at };
  }
}

export function chatLines(transcript: readonly unknown[] | null | undefined): ChatLine[] {
  return (transcript ?? []).map(chatLine);
}

/**
 * The index of the line whose buttons or rows can still be tapped: the last bot message, if it is interactive and
 * nothing came after it from the customer, while the run waits for a reply.
 */
export function tappableLine(lines: readonly ChatLine[], waitingForReply: boolean): number {
  if (!waitingForReply) return -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    const l = lines[i];
    if (!l) continue;
    if (l.from === 'customer') return -1;
    if (l.from === 'bot') return l.kind === 'buttons' || l.kind === 'list' ? i : -1;
  }
  return -1;
}

/** What a run waits for (`waitingFor` of a session or a run). */
export type Waiting = { kind: 'reply'; node?: string; timeout: boolean } | { kind: 'timer'; node?: string; until?: string } | { kind: 'http'; node?: string } | null;

export function waitingOf(v: unknown): Waiting {
  const w = obj(v);
  switch (w.kind) {
    case 'reply':
      return { kind: 'reply', node: opt(w.node), timeout: w.timeout === true };
    case 'timer':
      return { kind: 'timer', node: opt(w.node), until: opt(w.until) };
    case 'http':
      return { kind: 'http', node: opt(w.node) };
    default:
      return null;
  }
}

/** Whether "Skip wait" applies: a timer, or a reply with a timeout. */
export function canSkip(w: Waiting): boolean {
  return w !== null && (w.kind === 'timer' || (w.kind === 'reply' && w.timeout));
}

export interface PathLight {
  /** Nodes the run went through. */
  nodes: Set<string>;
  /** Edges it took (ids of the graph's edges). */
  edges: Set<string>;
  /** Visits per node (consecutive steps at one node are one visit), for a loop's count. */
  visits: Map<string, number>;
}

/** The nodes and edges a run's steps lit: each step's node, and the edge leaving it by the outcome it took. */
export function lightPath(steps: readonly Pick<TraceStep, 'node' | 'outcome'>[], g: Pick<EditorGraph, 'edges'>): PathLight {
  const byHandle = new Map(g.edges.map((e) => [`${e.source}\u0000${e.sourceHandle}`, e.id]));
  const nodes = new Set<string>();
  const edges = new Set<string>();
  const visits = new Map<string, number>();
  let previous: string | null = null;
  for (const s of steps) {
    nodes.add(s.node);
    // A node that waits (an ask, a capture) has a step when it asks and one when it is answered: one visit.
    if (s.node !== previous) visits.set(s.node, (visits.get(s.node) ?? 0) + 1);
    previous = s.node;
    if (s.outcome) {
      const id = byHandle.get(`${s.node}\u0000${s.outcome}`);
      if (id) edges.add(id);
    }
  }
  return { nodes, edges, visits };
}

/** A step's detail as short `key: value` lines for the trace (strings as they are, the rest as JSON). */
export function detailLines(detail: unknown): string[] {
  if (detail === null || detail === undefined) return [];
  if (typeof detail !== 'object') return [String(detail)];
  if (Array.isArray(detail)) return detail.length === 0 ? [] : [JSON.stringify(detail)];
  return Object.entries(detail as Json)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`);
}
