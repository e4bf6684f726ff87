'use client';

import '@xyflow/react/dist/style.css';
import { Background, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { useMemo } from 'react';
import { layoutGraph } from './graph-layout';
import styles from './spec-editor.module.css';
import canvas from './graph-canvas.module.css';
import { useResolvedTheme } from './theme';

const NODE_WIDTH = 160;
const NODE_HEIGHT = 48;

export type TPreviewTask = { task_id: string; type: string; upstream: readonly string[] };
type TPreviewNode = Node<{ taskId: string; type: string }, 'task'>;

function TaskNode({ data }: NodeProps<TPreviewNode>) {
  return (
    <div className={canvas.node} style={{ width: NODE_WIDTH, height: NODE_HEIGHT, borderLeftColor: 'var(--state-running)' }} title={`${data.taskId} (${data.type})`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <strong className={canvas.taskId}>{data.taskId}</strong>
      <span className={canvas.type}>{data.type}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { task: TaskNode };

function layout(tasks: readonly TPreviewTask[]): { nodes: TPreviewNode[]; edges: Edge[] } {
  const links = tasks.flatMap((task) => task.upstream.map((upstream) => ({ upstream, downstream: task.task_id })));
  const positions = layoutGraph(tasks.map((task) => task.task_id), links, { width: NODE_WIDTH, height: NODE_HEIGHT });
  const edges = links.map((link): Edge => ({ id: `${link.upstream}->${link.downstream}`, source: link.upstream, target: link.downstream }));
  const nodes = tasks.map((task): TPreviewNode => ({
    id: task.task_id,
    type: 'task',
    position: positions.get(task.task_id) ?? { x: 0, y: 0 },
    data: { taskId: task.task_id, type: task.type },
    ariaLabel: `Task ${task.task_id} (${task.type})`,
  }));
  return { nodes, edges };
}

/** The tasks of the last valid parse, drawn left to right; `stale` says the text has changed since. */
export function SpecGraphPreview({ tasks, stale }: { tasks: readonly TPreviewTask[]; stale: boolean }) {
  const { nodes, edges } = useMemo(() => layout(tasks), [tasks]);
  const theme = useResolvedTheme();
  return (
    <section aria-label="Graph preview" className={styles.preview}>
      <h3 className={styles.previewTitle}>
        Graph preview {stale && tasks.length > 0 && <span className="muted small">(last valid version)</span>}
      </h3>
      {tasks.length === 0 ? (
        <p className="muted">The tasks appear here once the spec is valid.</p>
      ) : (
        <div className={canvas.canvas}>
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
            colorMode={theme}
          >
            <Background />
          </ReactFlow>
        </div>
      )}
    </section>
  );
}
