import type { TDag, TDagTask } from '../dag/normalize-dag';
import { scheduleConfigOf } from '../schedule/schedule-config';
import type { TDagRunInfo } from '../schedule/schedule';
import { manualRunInfo, nextDagRunInfo } from '../schedule/timetable';
import { buildTemplateContext, type TTemplateConnection, type TTemplateContext } from '../templating/template-context';

/** Any fixed date will do: lineage must not change from one deploy to the next because time passed. */
export const SAMPLE_LOGICAL_DATE = new Date('2024-01-01T00:00:00Z');
const DAY_MS = 24 * 3600_000;

export type TSampleContextInput = {
  /** The workspace's variables and connections, when the caller has them; without them `var.x` and `conn.x` do not render. */
  variables?: Record<string, string>;
  connections?: Record<string, TTemplateConnection>;
};

/**
 * A template context like the worker's for a run at SAMPLE_LOGICAL_DATE: the DAG's
 * params, neighbouring intervals so `prev_ds` and `next_ds` render, and no upstream outputs
 * (a table name taken from `ti.xcom_pull` cannot be known before the run).
 */
export function sampleTemplateContext(dag: TDag, task: TDagTask, input: TSampleContextInput = {}): TTemplateContext {
  const run = sampleRun(dag);
  const { start, end } = run.dataInterval;
  const step = end.getTime() - start.getTime() || DAY_MS;
  const interval = (from: number) => ({ start: new Date(from), end: new Date(from + step) });
  return buildTemplateContext({
    dagId: dag.dag_id,
    taskId: task.task_id,
    runId: `manual__${SAMPLE_LOGICAL_DATE.toISOString()}`,
    logicalDate: run.logicalDate,
    dataInterval: run.dataInterval,
    prevDataInterval: interval(start.getTime() - step),
    nextDataInterval: interval(start.getTime() + step),
    timezone: dag.timezone,
    params: dag.params,
    variables: input.variables ?? {},
    connections: input.connections ?? {},
    xcom: {},
  });
}

/** The scheduled run of that date when the schedule has one (as `tasks test` picks), else a manual run's. */
function sampleRun(dag: TDag): TDagRunInfo {
  const config = scheduleConfigOf(dag);
  const scheduled = nextDagRunInfo({ ...config, startDate: SAMPLE_LOGICAL_DATE, endDate: null, catchup: true }, null, SAMPLE_LOGICAL_DATE);
  return scheduled?.logicalDate.getTime() === SAMPLE_LOGICAL_DATE.getTime() ? scheduled : manualRunInfo(config, SAMPLE_LOGICAL_DATE, SAMPLE_LOGICAL_DATE);
}
