//! Small graphs for the flows tests.
import type { EditorGraph } from '../graph';
import type { FlowNode } from '../types';

/** The node `id` of `g` (the test fails without it). */
export function nodeOf(g: Pick<EditorGraph, 'nodes'>, id: string): FlowNode {
  const n = g.nodes.find((x) => x.id === id);
  if (!n) throw new Error(`no node ${id}`);
  return n;
}

export const seq = (values: number[]) => {
  let i = 0;
  return () => values[i++ % values.length] ?? 0;
};

/** start → ask (two options, a timeout) → yes: send / no: end; the send then ends. */
export function menuGraph(): EditorGraph {
  const nodes: FlowNode[] = [
    { id: 'start', position: { x: 0, y: 0 }, type: 'start', data: {} },
    {
      id: 'ask',
      position: { x: 300, y: 0 },
      type: 'ask',
      data: { text: 'Want news?', options: [{ id: 'yes', title: 'Yes' }, { id: 'no', title: 'No' }], timeoutSecs: 3600 },
    },
    { id: 'send', position: { x: 600, y: 0 }, type: 'sendMessage', data: { text: 'Hi {{contact.name}}' } },
    { id: 'end', position: { x: 900, y: 0 }, type: 'end', data: {} },
  ];
  return {
    nodes,
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'ask' },
      { id: 'e2', source: 'ask', sourceHandle: 'option:yes', target: 'send' },
      { id: 'e3', source: 'ask', sourceHandle: 'option:no', target: 'end' },
      { id: 'e4', source: 'send', sourceHandle: 'next', target: 'end' },
    ],
    variables: [{ name: 'order_id', description: 'The order' }],
  };
}
