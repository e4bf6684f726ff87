/**
 * Every page, run, task instance, try and log line has one URL, built here and nowhere else, so
 * the grid, the home page, the task-instance browser and the alert messages link to the same
 * place. Run ids (`scheduled__2026-01-01T00:00:00+00:00`) and task ids are path-encoded.
 */

const segment = encodeURIComponent;

export function dagHref(workspace: string, dagId: string): string {
  return `/w/${segment(workspace)}/dags/${segment(dagId)}`;
}

/** A DAG run: the DAG page with that run's panel open. */
export function runHref(workspace: string, dagId: string, runId: string): string {
  return `${dagHref(workspace, dagId)}/runs/${segment(runId)}`;
}

export type TTaskLinkOptions = {
  /** Which try's log to show; the latest when absent. */
  tryNumber?: number;
  /** A log line (1-based), as the anchor `#L120`. */
  line?: number;
};

/** A task instance: the DAG page with its panel open, optionally on one try and one log line. */
export function taskHref(workspace: string, dagId: string, runId: string, taskId: string, options: TTaskLinkOptions = {}): string {
  const query = options.tryNumber === undefined ? '' : `?try=${options.tryNumber}`;
  const anchor = options.line === undefined ? '' : `#L${options.line}`;
  return `${runHref(workspace, dagId, runId)}/tasks/${segment(taskId)}${query}${anchor}`;
}

/** An incident's page (its timeline and post-mortem). */
export function incidentHref(workspace: string, incidentId: string): string {
  return `/w/${segment(workspace)}/incidents/${segment(incidentId)}`;
}

/** A dataset's page in the catalog (description, columns, lineage, impact). */
export function datasetHref(workspace: string, datasetId: string): string {
  return `/w/${segment(workspace)}/datasets/${segment(datasetId)}`;
}
