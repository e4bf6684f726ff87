import dagre from '@dagrejs/dagre';

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 56;

/** Left-to-right layered positions (top-left corners, as React Flow wants them) for each task. */
export function layoutGraph(taskIds: readonly string[], edges: readonly { upstream: string; downstream: string }[]): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 64 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of taskIds) graph.setNode(id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const edge of edges) graph.setEdge(edge.upstream, edge.downstream);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const id of taskIds) {
    const node = graph.node(id);
    // dagre gives centres.
    positions.set(id, { x: node.x - NODE_WIDTH / 2, y: node.y - NODE_HEIGHT / 2 });
  }
  return positions;
}
