'use client';

import '@xyflow/react/dist/style.css';
import dagre from '@dagrejs/dagre';
import { Background, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { useMemo } from 'react';
import styles from './spec-editor.module.css';

const NODE_WIDTH = 160;
const NODE_HEIGHT = 48;

export type TPreviewTask = { task_id: string; type: string; upstream: readonly string[] };
type TPreviewNode = Node<{ taskId: string; type: string }, 'task'>;

function TaskNode({ data }: NodeProps<TPreviewNode>) {
  return (
    <div className={styles.node} style={{ width: NODE_WIDTH, height: NODE_HEIGHT }} title={`${data.taskId} (${data.type})`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <strong className={styles.nodeId}>{data.taskId}</strong>
      <span className={styles.nodeType}>{data.type}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { task: TaskNode };

/** Left-to-right layered positions (top-left corners, as React Flow wants them). */
function layout(tasks: readonly TPreviewTask[]): { nodes: TPreviewNode[]; edges: Edge[] } {
  const graph = new dagre.graphlib.Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 20, ranksep: 56 });
  graph.setDefaultEdgeLabel(() => ({}));
  for (const task of tasks) graph.setNode(task.task_id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges = tasks.flatMap((task) => task.upstream.map((upstream): Edge => ({ id: `${upstream}->${task.task_id}`, source: upstream, target: task.task_id })));
  for (const edge of edges) graph.setEdge(edge.source, edge.target);
  dagre.layout(graph);
  const nodes = tasks.map((task): TPreviewNode => {
    const centre = graph.node(task.task_id);
    return {
      id: task.task_id,
      type: 'task',
      position: { x: centre.x - NODE_WIDTH / 2, y: centre.y - NODE_HEIGHT / 2 },
      data: { taskId: task.task_id, type: task.type },
      ariaLabel: `Task ${task.task_id} (${task.type})`,
    };
  });
  return { nodes, edges };
}

/** The tasks of the last valid parse, drawn left to right; `stale` says the text has changed since. */
export function SpecGraphPreview({ tasks, stale }: { tasks: readonly TPreviewTask[]; stale: boolean }) {
  const { nodes, edges } = useMemo(() => layout(tasks), [tasks]);
  return (
    <section aria-label="Graph preview" className={styles.preview}>
      <h3 className={styles.previewTitle}>
        Graph preview {stale && tasks.length > 0 && <span className="muted small">(last valid version)</span>}
      </h3>
      {tasks.length === 0 ? (
        <p className="muted">The tasks appear here once the spec is valid.</p>
      ) : (
        <div className={styles.canvas}>
          <ReactFlow
            key={nodes.map((node) => node.id).join(',')}
            nodes={nodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            fitView
            fitViewOptions={{ maxZoom: 1 }}
            nodesDraggable={false}
            nodesConnectable={false}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
          </ReactFlow>
        </div>
      )}
    </section>
  );
}
