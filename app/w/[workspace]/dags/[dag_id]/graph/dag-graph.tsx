'use client';

import '@xyflow/react/dist/style.css';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeChange, type NodeProps } from '@xyflow/react';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTRPC } from '../../../../../trpc-provider';
import canvas from '@/app/components/graph-canvas.module.css';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '@/app/components/graph-layout';
import { dagHref } from '@/app/components/links';
import { stateColor } from '@/app/components/state-badge';
import { SelectedTaskPanel } from '../grid/selected-task-panel';
import { useResolvedTheme } from '@/app/components/theme';
import { useGridSelection } from '../grid/use-grid-selection';
import styles from './graph.module.css';
import { RunPicker } from './run-picker';

type TTaskNodeData = { taskId: string; type: string; state: string | null };
type TTaskNode = Node<TTaskNodeData, 'task'>;
type TGraph = { tasks: { task_id: string; type: string }[]; edges: { upstream: string; downstream: string }[]; states: Record<string, { state: string }> };

/** A task filled with its state's colour in the chosen run (the no-state grey before it has one). */
function TaskNode({ data }: NodeProps<TTaskNode>) {
  const state = data.state ?? 'none';
  return (
    <div
      className={`${canvas.node} ${canvas.filled}`}
      style={{ width: NODE_WIDTH, height: NODE_HEIGHT, background: stateColor(state), borderLeftColor: stateColor(state) }}
      data-state={state}
      title={`${data.taskId}: ${state}`}
    >
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <strong className={canvas.taskId}>{data.taskId}</strong>
      <span className={canvas.type}>{data.type}{data.state ? ` · ${data.state}` : ''}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { task: TaskNode };

/** Nodes and edges for React Flow; the URL's task is the selected node, so selection follows the panel. */
function drawGraph(data: TGraph, selectedTask: string | null): { nodes: TTaskNode[]; edges: Edge[] } {
  const positions = layoutGraph(data.tasks.map((task) => task.task_id), data.edges);
  return {
    nodes: data.tasks.map((task): TTaskNode => ({
      id: task.task_id,
      type: 'task',
      position: positions.get(task.task_id) ?? { x: 0, y: 0 },
      selected: task.task_id === selectedTask,
      data: { taskId: task.task_id, type: task.type, state: data.states[task.task_id]?.state ?? null },
      ariaLabel: `Task ${task.task_id} (${task.type}): ${data.states[task.task_id]?.state ?? 'no state'}`,
    })),
    edges: data.edges.map((edge): Edge => ({
      id: `${edge.upstream}->${edge.downstream}`,
      source: edge.upstream,
      target: edge.downstream,
      // Direction is the point of a DAG's edge: upstream runs first.
      markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
    })),
  };
}

/**
 * The DAG drawn left to right, coloured by a run's states (the newest run unless one is picked).
 * A node opens the grid's task instance panel, at the task instance's own URL (push on open,
 * so Back closes it); closing returns to the graph's URL.
 */
export function DagGraph({ workspace, dagId, canEdit }: { workspace: string; dagId: string; canEdit: boolean }) {
  const theme = useResolvedTheme();
  const trpc = useTRPC();
  const { selection, tryNumber, line, open, selectTry, selectLine } = useGridSelection(workspace, dagId, 'graph');
  const panelTask = selection?.taskId ?? null;
  const [pickedRun, setPickedRun] = useState<string | undefined>(undefined);
  const [noRunTask, setNoRunTask] = useState<string | null>(null);
  // The panel's run is the graph's run: a URL opened by Back shows the run it names.
  const runId = selection?.runId ?? pickedRun;
  const query = useQuery({ ...trpc.dagViews.graph.queryOptions({ dagId, runId }), placeholderData: keepPreviousData, refetchInterval: 5_000 });
  const data = query.data;
  const { nodes, edges } = useMemo(() => (data ? drawGraph(data, panelTask) : { nodes: [], edges: [] }), [data, panelTask]);
  const graphHref = `${dagHref(workspace, dagId)}/graph`;

  // One open per choice: a click reports both a selection change and a click.
  const opening = useRef<string | null>(null);
  useEffect(() => {
    opening.current = panelTask;
  }, [panelTask]);
  // Closing the panel keeps its run on the graph.
  useEffect(() => {
    if (selection) setPickedRun(selection.runId);
  }, [selection]);
  const openTask = useCallback((taskId: string) => {
    if (opening.current === taskId) return;
    opening.current = taskId;
    const run = data?.selected_run_id;
    if (run) open({ runId: run, taskId });
    else setNoRunTask(taskId);
  }, [data?.selected_run_id, open]);
  // Enter or Space on a focused node selects it: that opens the panel as a click does.
  const onNodesChange = useCallback((changes: NodeChange<TTaskNode>[]) => {
    for (const change of changes) if (change.type === 'select' && change.selected) openTask(change.id);
  }, [openTask]);
  const closePanel = useCallback(() => {
    const back = panelTask;
    window.history.pushState(null, '', graphHref);
    if (back) document.querySelector<HTMLElement>(`.react-flow__node[data-id="${CSS.escape(back)}"]`)?.focus();
  }, [graphHref, panelTask]);
  const pickRun = (next: string) => {
    setPickedRun(next);
    // An open panel follows to the same task in the picked run.
    if (panelTask) open({ runId: next, taskId: panelTask });
  };

  if (query.isError) return <p role="alert" className="form-error">Could not load the graph: {query.error.message}</p>;
  if (!data) return <p className="muted">Loading the graph…</p>;
  const unranTask = data.selected_run_id ? null : data.tasks.find((task) => task.task_id === noRunTask);
  return (
    <section aria-label="DAG graph" className={styles.layout}>
      <div className={styles.controls}>
        <RunPicker runs={data.runs} selected={data.selected_run_id} onPick={pickRun} />
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
          onNodeClick={(_event, node) => openTask(node.id)}
          onNodesChange={onNodesChange}
          proOptions={{ hideAttribution: true }}
          colorMode={theme}
        >
          <Background />
          <Controls showInteractive={false} />
        </ReactFlow>
      </div>
      <SelectedTaskPanel dagId={dagId} canEdit={canEdit} url={{ selection, tryNumber, line, selectTry, selectLine }} onClose={closePanel} />
      {unranTask && (
        <section className="panel" aria-label={`Task ${unranTask.task_id}`} aria-live="polite">
          <strong>{unranTask.task_id}</strong> ({unranTask.type}): no state, this DAG has no runs yet.
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
        <li key={state}><span className={styles.swatch} style={{ background: stateColor(state) }} aria-hidden="true" /> {state}</li>
      ))}
      <li><span className={styles.swatch} style={{ background: 'var(--state-none)' }} aria-hidden="true" /> no state</li>
    </ul>
  );
}
