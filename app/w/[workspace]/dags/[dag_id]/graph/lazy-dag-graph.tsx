'use client';

import dynamic from 'next/dynamic';

/**
 * The graph, loaded when it is shown: React Flow and dagre (about 230 KB of JavaScript) stay out
 * of the grid's page, which also renders this for a panel opened from the graph (`?view=graph`)
 * and would otherwise parse them before it can draw a square.
 */
export const LazyDagGraph = dynamic(() => import('./dag-graph').then((module) => module.DagGraph), {
  ssr: false,
  loading: () => <p className="muted">Loading the graph…</p>,
});
