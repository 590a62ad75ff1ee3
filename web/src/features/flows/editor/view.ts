//! The nodes and edges React Flow draws, derived from the builder's state: the graph's nodes with their selection and
//! measured size (cached per node, so an unchanged node keeps its object and its memoised component does not
//! re-render), and edges styled by what overlays the canvas (a test's path, analytics counts, issues).
import { MarkerType } from '@xyflow/react';
import { toRfEdge, toRfNode, type EditorGraph, type FlowRfEdge, type FlowRfNode } from '../graph';
import type { PathLight } from '../transcript';
import type { EdgeFigure, FlowIssue, FlowNode } from '../types';
import type { Size } from './store';

type Cached = { selected: boolean; measured: Size | undefined; readOnly: boolean; out: FlowRfNode };
const cache = new WeakMap<FlowNode, Cached>();

export function rfNodes(graph: EditorGraph, selected: readonly string[], measured: Readonly<Record<string, Size>>, readOnly: boolean): FlowRfNode[] {
  const chosen = new Set(selected);
  return graph.nodes.map((n) => {
    const sel = chosen.has(n.id);
    const m = measured[n.id];
    const hit = cache.get(n);
    if (hit && hit.selected === sel && hit.measured === m && hit.readOnly === readOnly) return hit.out;
    const out = toRfNode(n, { selected: sel, measured: m, readOnly });
    cache.set(n, { selected: sel, measured: m, readOnly, out });
    return out;
  });
}

export interface EdgeOverlay {
  selected: readonly string[];
  light: PathLight | null;
  /** Passes per outcome (`source\u0000handle`), when analytics are shown. */
  counts: ReadonlyMap<string, number> | null;
  issues: ReadonlyMap<string, FlowIssue[]>;
  readOnly: boolean;
  formatCount: (n: number) => string;
}

export const edgeKey = (source: string, handle: string) => `${source}\u0000${handle}`;

export function countsByOutcome(edges: readonly EdgeFigure[] | undefined): Map<string, number> {
  return new Map((edges ?? []).map((e) => [edgeKey(e.source, e.sourceHandle), e.count]));
}

export function rfEdges(graph: EditorGraph, o: EdgeOverlay): FlowRfEdge[] {
  const chosen = new Set(o.selected);
  return graph.edges.map((e) => {
    const lit = o.light?.edges.has(e.id) ?? false;
    const bad = o.issues.has(e.id);
    const count = o.counts?.get(edgeKey(e.source, e.sourceHandle));
    const colour = bad ? 'var(--color-danger-500)' : lit ? 'var(--color-success-500)' : chosen.has(e.id) ? 'var(--color-primary-500)' : 'var(--color-slate-400)';
    return toRfEdge(e, {
      selected: chosen.has(e.id),
      deletable: !o.readOnly,
      animated: lit,
      style: { stroke: colour, strokeWidth: lit || chosen.has(e.id) ? 2.5 : 1.5 },
      markerEnd: { type: MarkerType.ArrowClosed, color: colour, width: 16, height: 16 },
      ...(o.counts ? { label: o.formatCount(count ?? 0), labelBgPadding: [6, 2] as [number, number], labelBgBorderRadius: 8, labelStyle: { fontSize: 11, fontWeight: 600 } } : {}),
      className: lit ? 'flow-edge-lit' : undefined,
    });
  });
}
