import {
  Background,
  BackgroundVariant,
  Controls,
  MiniMap,
  ReactFlow,
  useReactFlow,
  type EdgeChange,
  type IsValidConnection,
  type NodeChange,
  type OnConnect,
  type ReactFlowInstance,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useCallback, useEffect, useRef, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isNodeType } from '../catalog';
import { canConnect, type EditorGraph, type FlowRfEdge, type FlowRfNode } from '../graph';
import type { NodeType } from '../types';
import { nodeTypes } from './nodes';
import type { EditorAction } from './store';
import { afterResize, READABLE_ZOOM } from './viewport';

/** The drag payload of a palette item. */
export const PALETTE_MIME = 'application/x-parley-flow-node';

/** A node's size before React Flow measures it (nodes are 256 px wide). */
const NODE_WIDTH = 256;
const NODE_HEIGHT = 140;

const MINIMAP_COLOURS: Partial<Record<NodeType, string>> = { start: '#16a34a', end: '#64748b', handoff: '#64748b', startFlow: '#64748b' };

/**
 * The React Flow canvas, controlled by the builder's reducer: React Flow reports changes (moves, sizes, selection,
 * connections, deletions) and draws what the state holds. Always left to right, also in Arabic. Read-only (a
 * version, or a phone) it can be panned and zoomed and its nodes selected, nothing else.
 */
export function Canvas({
  nodes,
  edges,
  graph,
  dispatch,
  readOnly,
}: {
  nodes: FlowRfNode[];
  edges: FlowRfEdge[];
  graph: EditorGraph;
  dispatch: (a: EditorAction) => void;
  readOnly: boolean;
}) {
  const { t } = useTranslation();
  const flow = useReactFlow<FlowRfNode, FlowRfEdge>();

  const onNodesChange = useCallback((changes: NodeChange<FlowRfNode>[]) => dispatch({ type: 'nodesChanged', changes, at: Date.now() }), [dispatch]);
  const onEdgesChange = useCallback((changes: EdgeChange<FlowRfEdge>[]) => dispatch({ type: 'edgesChanged', changes }), [dispatch]);
  const onConnect = useCallback<OnConnect>((c) => dispatch({ type: 'connect', connection: c }), [dispatch]);
  const isValidConnection = useCallback<IsValidConnection<FlowRfEdge>>(
    (c) => canConnect(graph, { source: c.source, sourceHandle: c.sourceHandle, target: c.target }),
    [graph],
  );

  const box = useRef<HTMLDivElement>(null);

  // The whole flow when it is readable that way; a long one opens on its start, at a readable zoom.
  const onInit = useCallback((instance: ReactFlowInstance<FlowRfNode, FlowRfEdge>) => {
    const all = instance.getNodes();
    const rect = box.current?.getBoundingClientRect();
    if (!rect || all.length === 0) return;
    const xs = all.map((n) => n.position.x);
    const ys = all.map((n) => n.position.y);
    const width = Math.max(...xs) - Math.min(...xs) + NODE_WIDTH;
    const height = Math.max(...ys) - Math.min(...ys) + NODE_HEIGHT;
    const fit = Math.min(rect.width / (width * 1.2), rect.height / (height * 1.2));
    if (fit >= READABLE_ZOOM) {
      void instance.fitView({ padding: 0.2, maxZoom: 1 });
      return;
    }
    const start = all.find((n) => n.type === 'start') ?? all[0];
    if (!start) return;
    const zoom = 0.8;
    void instance.setViewport({ x: 40 - start.position.x * zoom, y: rect.height / 2 - (start.position.y + NODE_HEIGHT / 2) * zoom, zoom });
  }, []);

  // A side panel opening or closing beside the canvas (or the window changing) resizes it: a flow that was wholly in
  // view is fitted again, otherwise the centre stays put, instead of the view staying pinned to the left edge.
  useEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    let last = { width: el.clientWidth, height: el.clientHeight };
    let frame = 0;
    const observer = new ResizeObserver(() => {
      const now = { width: el.clientWidth, height: el.clientHeight };
      const nodes = flow.getNodes();
      const next = afterResize(flow.getViewport(), nodes.length > 0 ? flow.getNodesBounds(nodes) : null, last, now);
      last = now;
      if (next === null) return;
      cancelAnimationFrame(frame);
      // A frame later: React Flow's own observer has then taken the new size, which fitView works from.
      frame = requestAnimationFrame(() => void (next === 'fit' ? flow.fitView({ padding: 0.2, maxZoom: 1, duration: 200 }) : flow.setViewport(next)));
    });
    observer.observe(el);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
    };
  }, [flow]);

  const onDragOver = (e: DragEvent) => {
    if (readOnly || !e.dataTransfer.types.includes(PALETTE_MIME)) return;
    e.preventDefault();
    e.dataTransfer.dropEffect = 'copy';
  };
  const onDrop = (e: DragEvent) => {
    const type = e.dataTransfer.getData(PALETTE_MIME);
    if (readOnly || !isNodeType(type)) return;
    e.preventDefault();
    const p = flow.screenToFlowPosition({ x: e.clientX, y: e.clientY });
    // Drop the node with its header under the pointer.
    dispatch({ type: 'addNode', nodeType: type, position: { x: p.x - 40, y: p.y - 16 } });
  };

  return (
    <div ref={box} className="h-full w-full" dir="ltr" onDragOver={onDragOver} onDrop={onDrop} data-testid="flow-canvas" data-readonly={readOnly || undefined}>
      <ReactFlow<FlowRfNode, FlowRfEdge>
        nodes={nodes}
        edges={edges}
        nodeTypes={nodeTypes}
        onNodesChange={onNodesChange}
        onEdgesChange={onEdgesChange}
        onConnect={readOnly ? undefined : onConnect}
        isValidConnection={isValidConnection}
        onNodeDragStart={() => dispatch({ type: 'dragStart' })}
        onNodeDragStop={() => dispatch({ type: 'dragStop' })}
        onSelectionDragStart={() => dispatch({ type: 'dragStart' })}
        onSelectionDragStop={() => dispatch({ type: 'dragStop' })}
        onDelete={({ nodes: gone, edges: cut }) => dispatch({ type: 'delete', nodes: gone.map((n) => n.id), edges: cut.map((e) => e.id) })}
        nodesDraggable={!readOnly}
        nodesConnectable={!readOnly}
        deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
        multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
        onInit={onInit}
        minZoom={0.15}
        maxZoom={2}
        snapToGrid
        snapGrid={[10, 10]}
        defaultEdgeOptions={{ type: 'smoothstep' }}
        proOptions={{ hideAttribution: false }}
        ariaLabelConfig={{ 'node.a11yDescription.default': t('flows.canvas.a11yNode') }}
      >
        <Background variant={BackgroundVariant.Dots} gap={20} size={1.2} color="var(--color-slate-300)" />
        <MiniMap
          style={{ width: 150, height: 100 }}
          pannable
          zoomable
          className="hidden! sm:block!"
          nodeColor={(n) => MINIMAP_COLOURS[n.type as NodeType] ?? '#8b5cf6'}
          ariaLabel={t('flows.canvas.minimap')}
        />
        <Controls showInteractive={false} aria-label={t('flows.canvas.controls')} />
      </ReactFlow>
    </div>
  );
}
