/*
 * What the DAG page's URL says is open: a run's panel (`…/runs/<run_id>`), a task instance's
 * (`…/runs/<run_id>/tasks/<task_id>`), which try (`?try=2`) and which log line (`#L120`). The
 * grid derives its selection from these alone, so a copied URL, Back and Forward all show the
 * same view. Pure: links.ts builds the URLs, this reads them back.
 */
import { dagHref, runHref, taskHref } from '../../../../../components/links';

export type TGridSelection = { runId: string; taskId: string | null };

/** One path segment as the user typed or we encoded it; a malformed escape stays as it is. */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** The run or task instance a DAG page's path names, or null on the grid itself (or another tab). */
export function selectionFromPath(pathname: string, workspace: string, dagId: string): TGridSelection | null {
  const segments = pathname.split('/').filter((segment) => segment !== '').map(decodeSegment);
  const base = ['w', workspace, 'dags', dagId, 'runs'];
  if (base.some((segment, index) => segments[index] !== segment)) return null;
  const [runId, tasks, taskId, ...rest] = segments.slice(base.length);
  if (runId === undefined || rest.length > 0) return null;
  if (tasks === undefined) return { runId, taskId: null };
  return tasks === 'tasks' && taskId !== undefined ? { runId, taskId } : null;
}

/** `?try=2`: a positive whole number, else none (the latest try). */
export function tryFromSearch(value: string | null): number | null {
  return value !== null && /^[1-9]\d{0,5}$/.test(value) ? Number(value) : null;
}

/** `#L120`: a 1-based log line, else none. */
export function lineFromHash(hash: string): number | null {
  const match = /^#L([1-9]\d{0,8})$/.exec(hash);
  return match ? Number(match[1]) : null;
}

export type TSelectionUrl = { selection: TGridSelection | null; tryNumber?: number | null; line?: number | null };

/** The URL of a view of the DAG page; try and line only mean something on a task instance. */
export function selectionHref(workspace: string, dagId: string, view: TSelectionUrl): string {
  const { selection } = view;
  if (!selection) return dagHref(workspace, dagId);
  if (selection.taskId === null) return runHref(workspace, dagId, selection.runId);
  return taskHref(workspace, dagId, selection.runId, selection.taskId, {
    tryNumber: view.tryNumber ?? undefined,
    line: view.line ?? undefined,
  });
}

/**
 * Which tab a panel's URL shows it over: the grid (no query), or the graph (`?view=graph`), so a
 * task opened from the graph reloads, and is shared, on the graph.
 */
export type TPanelView = 'grid' | 'graph';

export function panelView(value: string | null | undefined): TPanelView {
  return value === 'graph' ? 'graph' : 'grid';
}

/** `href` with `view=graph` in its query for the graph, unchanged for the grid. */
export function withViewQuery(href: string, view: TPanelView): string {
  if (view === 'grid') return href;
  const url = new URL(href, 'http://grid.invalid');
  url.searchParams.set('view', view);
  return `${url.pathname}${url.search}${url.hash}`;
}
