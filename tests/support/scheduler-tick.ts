import type { PrismaClient } from '../../server/db/client';
import type { TEnqueue } from '../../server/services/scheduling/schedule-task-instances';
import { runSchedulerTick, TICK_STEPS, type TTickStep } from '../../server/services/scheduling/scheduler-tick';

export type TTickTimes = Record<TTickStep, number> & { total: number };

/** One scheduler tick in this process (the scheduler's own runSchedulerTick), each step timed (wall clock). */
export async function schedulerTick(db: PrismaClient, enqueue: TEnqueue, now: Date, zombieThresholdSeconds = 60): Promise<TTickTimes> {
  const times = { total: 0 } as TTickTimes;
  await runSchedulerTick(db, enqueue, {
    now,
    zombieThresholdSeconds,
    onBackfillError: (backfillId, error) => {
      throw new Error(`backfill ${backfillId} failed in the benchmark: ${String(error)}`);
    },
    onUnloadableDag: ({ versionId, error }) => {
      throw new Error(`DAG version ${versionId} did not load in the benchmark: ${error.message}`);
    },
    onStep: (step, ms) => {
      times[step] = ms;
      times.total += ms;
    },
  });
  return times;
}

/** `createDueRuns 812 ms, startQueuedRuns 3 ms, ...` (steps under 0.5 ms left out). */
export function describeTick(times: TTickTimes): string {
  const steps = TICK_STEPS.filter((step) => times[step] >= 0.5).map((step) => `${step} ${times[step].toFixed(times[step] < 10 ? 1 : 0)} ms`);
  return `${times.total.toFixed(0)} ms (${steps.join(', ') || 'every step under 0.5 ms'})`;
}
