import { performance } from 'node:perf_hooks';
import type { PrismaClient } from '../../server/db/client';
import { runBackfills } from '../../server/services/backfills/run-backfills';
import { createDueRuns } from '../../server/services/scheduling/create-due-runs';
import { enforceRunTimeouts } from '../../server/services/scheduling/enforce-run-timeouts';
import { handleZombies } from '../../server/services/scheduling/handle-zombies';
import { scheduleTaskInstances, type TEnqueue } from '../../server/services/scheduling/schedule-task-instances';
import { startQueuedRuns } from '../../server/services/scheduling/start-queued-runs';

export const TICK_STEPS = ['createDueRuns', 'runBackfills', 'startQueuedRuns', 'handleZombies', 'enforceRunTimeouts', 'scheduleTaskInstances'] as const;
export type TTickTimes = Record<(typeof TICK_STEPS)[number], number> & { total: number };

/**
 * One scheduler tick in this process: the steps worker/scheduler.ts runs, in its order, each
 * timed (wall clock). `now` is an argument there too, so a benchmark can stand at a due minute
 * without waiting for it.
 */
export async function schedulerTick(db: PrismaClient, enqueue: TEnqueue, now: Date, zombieThresholdSeconds = 60): Promise<TTickTimes> {
  const times = { total: 0 } as TTickTimes;
  const timed = async (step: (typeof TICK_STEPS)[number], work: () => Promise<unknown>) => {
    const started = performance.now();
    await work();
    times[step] = performance.now() - started;
    times.total += times[step];
  };
  await timed('createDueRuns', () => createDueRuns(db, now));
  await timed('runBackfills', () =>
    runBackfills(db, (backfillId, error) => {
      throw new Error(`backfill ${backfillId} failed in the benchmark: ${String(error)}`);
    }),
  );
  await timed('startQueuedRuns', () => startQueuedRuns(db));
  await timed('handleZombies', () => handleZombies(db, zombieThresholdSeconds));
  await timed('enforceRunTimeouts', () => enforceRunTimeouts(db, now));
  await timed('scheduleTaskInstances', () => scheduleTaskInstances(db, enqueue, { now }));
  return times;
}

/** `createDueRuns 812 ms, startQueuedRuns 3 ms, ...` (steps under 0.5 ms left out). */
export function describeTick(times: TTickTimes): string {
  const steps = TICK_STEPS.filter((step) => times[step] >= 0.5).map((step) => `${step} ${times[step].toFixed(times[step] < 10 ? 1 : 0)} ms`);
  return `${times.total.toFixed(0)} ms (${steps.join(', ') || 'every step under 0.5 ms'})`;
}
