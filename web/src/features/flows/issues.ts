//! What validation says, placed where it is shown: on the node it concerns (red outline and the text on the node),
//! on an edge, or in the flow's list (issues of no node). Issues of a node deleted since are dropped.
import { ApiError } from '../../api/errors';
import type { FlowIssue } from './types';

export interface PlacedIssues {
  byNode: Map<string, FlowIssue[]>;
  byEdge: Map<string, FlowIssue[]>;
  /** Issues of the flow as a whole. */
  flow: FlowIssue[];
  errors: number;
  warnings: number;
}

const bySeverity = (a: FlowIssue, b: FlowIssue) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1);

/** Sorts issues onto nodes and edges of the graph; errors first in each list. */
export function placeIssues(issues: readonly FlowIssue[], nodeIds: Iterable<string>, edgeIds: Iterable<string> = []): PlacedIssues {
  const nodes = new Set(nodeIds);
  const edges = new Set(edgeIds);
  const byNode = new Map<string, FlowIssue[]>();
  const byEdge = new Map<string, FlowIssue[]>();
  const flow: FlowIssue[] = [];
  let errors = 0;
  let warnings = 0;
  for (const issue of issues) {
    if (issue.node && !nodes.has(issue.node)) continue;
    if (issue.severity === 'error') errors++;
    else warnings++;
    if (issue.edge && edges.has(issue.edge)) {
      const list = byEdge.get(issue.edge) ?? [];
      list.push(issue);
      byEdge.set(issue.edge, list);
    }
    if (issue.node) {
      // An issue of a node deleted since the last save is stale: the next save says what remains.
      if (!nodes.has(issue.node)) continue;
      const list = byNode.get(issue.node) ?? [];
      list.push(issue);
      byNode.set(issue.node, list);
    } else if (!issue.edge || !edges.has(issue.edge)) {
      flow.push(issue);
    }
  }
  for (const list of byNode.values()) list.sort(bySeverity);
  flow.sort(bySeverity);
  return { byNode, byEdge, flow, errors, warnings };
}

export function hasErrors(issues: readonly FlowIssue[]): boolean {
  return issues.some((i) => i.severity === 'error');
}

/** The worst severity of a node's issues, for its outline. */
export function worstSeverity(issues: readonly FlowIssue[] | undefined): 'error' | 'warning' | null {
  if (!issues || issues.length === 0) return null;
  return issues.some((i) => i.severity === 'error') ? 'error' : 'warning';
}

/**
 * The issues of a refused publish (409 `flow_invalid`): `details` is `[{field: "nodes.<id>" | "flow" | ..., message}]` (or
 * `{fields: [...]}`, the API's usual validation shape). Each becomes an error on its node, or on the flow.
 */
export function publishIssues(error: unknown): FlowIssue[] {
  if (!(error instanceof ApiError) || (error.code !== 'flow_invalid' && error.status !== 422)) return [];
  const details = error.details;
  const list: unknown[] = Array.isArray(details)
    ? details
    : details && typeof details === 'object' && Array.isArray((details as { fields?: unknown }).fields)
      ? ((details as { fields: unknown[] }).fields)
      : [];
  const out: FlowIssue[] = [];
  for (const d of list) {
    if (!d || typeof d !== 'object') continue;
    const { field, message, code } = d as { field?: unknown; message?: unknown; code?: unknown };
    if (typeof message !== 'string') continue;
    const node = typeof field === 'string' && field.startsWith('nodes.') ? field.slice('nodes.'.length) : null;
    out.push({ node, code: typeof code === 'string' ? code : 'publish_refused', message, severity: 'error' });
  }
  if (out.length === 0) out.push({ node: null, code: error.code, message: error.message, severity: 'error' });
  return out;
}
