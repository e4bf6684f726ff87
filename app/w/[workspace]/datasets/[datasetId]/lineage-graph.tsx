'use client';

import '@xyflow/react/dist/style.css';
import { Background, Controls, Handle, MarkerType, Position, ReactFlow, type Edge, type Node, type NodeProps } from '@xyflow/react';
import { useMemo } from 'react';
import canvas from '@/app/components/graph-canvas.module.css';
import { layoutGraph, NODE_HEIGHT, NODE_WIDTH } from '@/app/components/graph-layout';
import { useResolvedTheme } from '@/app/components/theme';
import styles from '../datasets.module.css';
import { datasetShortForm } from '@/server/domain/catalog/dataset-short-form';
import type { TDatasetLineageData } from './dataset-type';

type TNodeData = { label: string; kind: 'dataset' | 'task'; focus: boolean };
type TLineageFlowNode = Node<TNodeData, 'lineage'>;

function LineageNode({ data }: NodeProps<TLineageFlowNode>) {
  return (
    <div className={styles.node} data-kind={data.kind} data-focus={data.focus} style={{ width: NODE_WIDTH, height: NODE_HEIGHT }} title={data.label}>
      <Handle type="target" position={Position.Left} isConnectable={false} />
      <strong className={styles.nodeLabel}>{data.label}</strong>
      <span className={styles.nodeKind}>{data.kind}</span>
      <Handle type="source" position={Position.Right} isConnectable={false} />
    </div>
  );
}

const NODE_TYPES = { lineage: LineageNode };

/** Datasets and the tasks between them, left to right as data flows; clicking a dataset focuses the graph on it. */
export function LineageGraph({ lineage, focus, onFocus }: { lineage: TDatasetLineageData; focus: string; onFocus: (datasetId: string) => void }) {
  const theme = useResolvedTheme();
  const { nodes, edges } = useMemo(() => {
    const positions = layoutGraph(lineage.nodes.map((node) => node.id), lineage.edges.map((edge) => ({ upstream: edge.from, downstream: edge.to })));
    return {
      nodes: lineage.nodes.map((node): TLineageFlowNode => ({
        id: node.id,
        type: 'lineage',
        position: positions.get(node.id) ?? { x: 0, y: 0 },
        data: node.kind === 'dataset'
          ? { label: datasetShortForm(node), kind: 'dataset', focus: node.datasetId === focus }
          : { label: `${node.dagId}.${node.taskId}`, kind: 'task', focus: false },
        ariaLabel: node.kind === 'dataset' ? `Dataset ${datasetShortForm(node)}` : `Task ${node.dagId}.${node.taskId}`,
      })),
      edges: lineage.edges.map((edge): Edge => ({
        id: `${edge.from}->${edge.to}`,
        source: edge.from,
        target: edge.to,
        // An edge known only from the SQL is drawn dashed: declared and inferred are shown apart.
        style: edge.sources.includes('declared') ? undefined : { strokeDasharray: '6 4' },
        markerEnd: { type: MarkerType.ArrowClosed, width: 18, height: 18 },
      })),
    };
  }, [lineage, focus]);
  return (
    <div className={canvas.canvas} aria-label="Lineage graph">
      <ReactFlow
        key={`${focus}:${nodes.length}`}
        nodes={nodes}
        edges={edges}
        nodeTypes={NODE_TYPES}
        colorMode={theme}
        fitView
        nodesDraggable={false}
        nodesConnectable={false}
        onNodeClick={(_event, node) => {
          const target = lineage.nodes.find((candidate) => candidate.id === node.id);
          if (target?.kind === 'dataset') onFocus(target.datasetId);
        }}
      >
        <Background />
        <Controls showInteractive={false} />
      </ReactFlow>
    </div>
  );
}
