import dagre from '@dagrejs/dagre';

export const NODE_WIDTH = 180;
export const NODE_HEIGHT = 56;

/**
 * Left-to-right layered positions (top-left corners, as React Flow wants them) for each task:
 * the one dagre layout of the DAG graph and of the editor's preview.
 */
export function layoutGraph(
  taskIds: readonly string[],
  edges: readonly { upstream: string; downstream: string }[],
  size: { width: number; height: number } = { width: NODE_WIDTH, height: NODE_HEIGHT },
): Map<string, { x: number; y: number }> {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 64 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const id of taskIds) graph.setNode(id, { width: size.width, height: size.height });
  for (const edge of edges) graph.setEdge(edge.upstream, edge.downstream);
  dagre.layout(graph);
  const positions = new Map<string, { x: number; y: number }>();
  for (const id of taskIds) {
    const node = graph.node(id);
    // dagre gives centres.
    positions.set(id, { x: node.x - size.width / 2, y: node.y - size.height / 2 });
  }
  return positions;
}
