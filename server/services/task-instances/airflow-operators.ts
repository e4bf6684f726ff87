import type { TDb } from '../../db/sql';
import { loadDagVersions } from '../dags/load-dag-version';

type TInstanceKey = { taskId: string; dagRun: { dagVersionId: string } };

/**
 * The Airflow operator each instance's task was imported from (`BashOperator`), as its run's
 * version's spec names it in `operator`; null when the spec names none. One read of the
 * versions for all the instances (parsed versions are cached).
 */
export async function airflowOperatorsOf(db: TDb, instances: readonly TInstanceKey[]): Promise<(instance: TInstanceKey) => string | null> {
  const { specs } = await loadDagVersions(db, [...new Set(instances.map((instance) => instance.dagRun.dagVersionId))]);
  return (instance) => specs.get(instance.dagRun.dagVersionId)?.tasks.find((task) => task.task_id === instance.taskId)?.operator ?? null;
}
