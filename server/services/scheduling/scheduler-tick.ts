import type { PrismaClient } from '../../db/client';
import type { TSqlTransactor } from '../../db/sql';
import { runBackfills } from '../backfills/run-backfills';
import { createDatasetTriggeredRuns } from './create-dataset-triggered-runs';
import { createDueRuns, type TUnloadableDag } from './create-due-runs';
import { enforceRunTimeouts } from './enforce-run-timeouts';
import { handleZombies } from './handle-zombies';
import { scheduleTaskInstances, type TEnqueue } from './schedule-task-instances';
import { startQueuedRuns } from './start-queued-runs';

export const TICK_STEPS = ['createDueRuns', 'createDatasetTriggeredRuns', 'runBackfills', 'startQueuedRuns', 'handleZombies', 'enforceRunTimeouts', 'scheduleTaskInstances'] as const;
export type TTickStep = (typeof TICK_STEPS)[number];

export type TTickOptions = {
  /** The tick's clock: an argument, so a benchmark can stand at a due minute without waiting for it. */
  now: Date;
  zombieThresholdSeconds: number;
  /** A backfill whose step failed; the tick goes on with the others. */
  onBackfillError: (backfillId: string, error: unknown) => void;
  /** A due DAG whose version no longer loads; its runs wait, the tick goes on with the others. */
  onUnloadableDag: (dag: TUnloadableDag) => void;
  /** The scheduling pass's statements on the pg driver (the process's `PgSql`); without it, through Prisma. */
  sql?: TSqlTransactor;
  /** Called once per step with its wall time, for benchmarks. */
  onStep?: (step: TTickStep, ms: number) => void;
};

/** What one scheduler tick does, in its order: the steps the scheduler process runs, and what each did. */
export async function runSchedulerTick(db: PrismaClient, enqueue: TEnqueue, options: TTickOptions) {
  const { now } = options;
  const step = async <T>(name: TTickStep, work: () => Promise<T>): Promise<T> => {
    const started = performance.now();
    const result = await work();
    options.onStep?.(name, performance.now() - started);
    return result;
  };
  const created = await step('createDueRuns', () => createDueRuns(db, now, options.onUnloadableDag));
  const datasetTriggered = await step('createDatasetTriggeredRuns', () => createDatasetTriggeredRuns(db, now));
  const backfills = await step('runBackfills', () => runBackfills(db, options.onBackfillError));
  const started = await step('startQueuedRuns', () => startQueuedRuns(db));
  const zombies = await step('handleZombies', () => handleZombies(db, options.zombieThresholdSeconds));
  const timedOut = await step('enforceRunTimeouts', () => enforceRunTimeouts(db, now));
  const scheduled = await step('scheduleTaskInstances', () => scheduleTaskInstances(options.sql ?? db, enqueue, { now }));
  return { created, datasetTriggered, backfills, started, zombies, timedOut, scheduled };
}
