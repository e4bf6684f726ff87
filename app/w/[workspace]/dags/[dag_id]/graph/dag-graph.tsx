'use client';

import '@xyflow/react/dist/style.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Background, Controls, Handle, Position, ReactFlow, type Edge, type Node, type NodeProps, type OnSelectionChangeParams } from '@xyflow/react';
import { useCallback, useMemo, useState } from 'react';
import { useTRPC } from '../../../../../trpc-provider';
import canvas from '@/app/components/graph-canvas.module.css';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '@/app/components/graph-layout';
import styles from './graph.module.css';
import { TaskDetails } from './task-details';

type TTaskNodeData = { taskId: string; type: string; state: string | null };
type TTaskNode = Node<TTaskNodeData, 'task'>;

function TaskNode({ data }: NodeProps<TTaskNode>) {
  const state = data.state ?? 'none';
  return (
    <div className={canvas.node} style={{ width: NODE_WIDTH, height: NODE_HEIGHT, borderLeftColor: `var(--state-${state})` }} title={`${data.taskId}: ${state}`}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <strong className={canvas.taskId}>{data.taskId}</strong>
      <span className={canvas.type}>{data.type}{data.state ? ` · ${data.state}` : ''}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { task: TaskNode };

/** The DAG drawn left to right; a run selector colours the tasks by that run's states. */
export function DagGraph({ workspace, dagId }: { workspace: string; dagId: string }) {
  const trpc = useTRPC();
  const [runId, setRunId] = useState<string | undefined>(undefined);
  const [selected, setSelected] = useState<string | null>(null);
  const query = useQuery({ ...trpc.dagViews.graph.queryOptions({ dagId, runId }), placeholderData: keepPreviousData, refetchInterval: 5_000 });
  const data = query.data;
  const { nodes, edges } = useMemo(() => {
    if (!data) return { nodes: [] as TTaskNode[], edges: [] as Edge[] };
    const positions = layoutGraph(data.tasks.map((task) => task.task_id), data.edges);
    return {
      nodes: data.tasks.map((task): TTaskNode => ({
        id: task.task_id,
        type: 'task',
        position: positions.get(task.task_id) ?? { x: 0, y: 0 },
        data: { taskId: task.task_id, type: task.type, state: data.states[task.task_id]?.state ?? null },
        ariaLabel: `Task ${task.task_id} (${task.type}): ${data.states[task.task_id]?.state ?? 'no state'}`,
      })),
      edges: data.edges.map((edge): Edge => ({ id: `${edge.upstream}->${edge.downstream}`, source: edge.upstream, target: edge.downstream })),
    };
  }, [data]);
  const onSelectionChange = useCallback(({ nodes: chosen }: OnSelectionChangeParams) => {
    if (chosen[0]) setSelected(chosen[0].id);
  }, []);

  if (query.isError) return <p role="alert" className="form-error">Could not load the graph: {query.error.message}</p>;
  if (!data) return <p className="muted">Loading the graph…</p>;
  const selectedTask = data.tasks.find((task) => task.task_id === selected) ?? null;
  return (
    <section aria-label="DAG graph" className={styles.layout}>
      <div className={styles.controls}>
        <label>
          Run
          <select value={data.selected_run_id ?? ''} onChange={(event) => setRunId(event.target.value || undefined)} disabled={data.runs.length === 0}>
            {data.runs.length === 0 && <option value="">No runs yet</option>}
            {data.runs.map((run) => <option key={run.run_id} value={run.run_id}>{run.run_id} ({run.state})</option>)}
          </select>
        </label>
        <Legend states={Object.values(data.states).map((instance) => instance.state)} />
      </div>
      <div className={canvas.canvas}>
        <ReactFlow
          nodes={nodes}
          edges={edges}
          nodeTypes={NODE_TYPES}
          fitView
          fitViewOptions={{ maxZoom: 1 }}
          nodesDraggable={false}
          nodesConnectable={false}
          onNodeClick={(_event, node) => setSelected(node.id)}
          onSelectionChange={onSelectionChange}
          proOptions={{ hideAttribution: true }}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      {selectedTask && data.selected_run_id && (
        <TaskDetails
          workspace={workspace}
          dagId={dagId}
          runId={data.selected_run_id}
          task={selectedTask}
          instance={data.states[selectedTask.task_id] ?? null}
        />
      )}
      {selectedTask && !data.selected_run_id && (
        <section className="panel" aria-label={`Task ${selectedTask.task_id}`} aria-live="polite">
          <strong>{selectedTask.task_id}</strong> ({selectedTask.type}): no state, this DAG has no runs yet.
        </section>
      )}
    </section>
  );
}

/** Every state shown in the graph, named in words next to its colour. */
function Legend({ states }: { states: readonly string[] }) {
  const shown = [...new Set(states)].sort();
  return (
    <ul className={styles.legend} aria-label="State colours">
      {shown.map((state) => (
        <li key={state}><span className={styles.swatch} style={{ background: `var(--state-${state})` }} aria-hidden="true" /> {state}</li>
      ))}
      <li><span className={styles.swatch} style={{ background: 'var(--state-none)' }} aria-hidden="true" /> no state</li>
    </ul>
  );
}
