import { Prisma, type PrismaClient } from '../../db/client';
import { assertDagRunTransition } from '../../domain/state/dag-run-transitions';
import { loadDagVersion } from '../dags/load-dag-version';
import { runStateChangeEvents } from '../state-events/state-change-events';
import { transitionTaskInstances } from '../task-instances/transition-task-instances';

/**
 * dagrun_timeout: a run still running that long after it started fails, as in Airflow; its
 * unfinished instances are skipped, and a running one is failed (its worker's heartbeat sees
 * the change and stops the process). Returns the ids of the runs failed.
 */
export async function enforceRunTimeouts(db: PrismaClient, now: Date): Promise<string[]> {
  const runs = await db.dagRun.findMany({ where: { state: 'running', startDate: { not: null } }, select: { id: true, dagVersionId: true, startDate: true } });
  const timedOut: string[] = [];
  for (const run of runs) {
    const spec = await loadDagVersion(db, run.dagVersionId);
    if (!spec.dagrun_timeout || !run.startDate) continue;
    if (run.startDate.getTime() + spec.dagrun_timeout * 1000 > now.getTime()) continue;
    assertDagRunTransition('running', 'failed');
    await db.$transaction(async (tx) => {
      const failed = await tx.$queryRaw<{ id: string }[]>`
        with moved as (
          update dag_run set state = 'failed', "endDate" = clock_timestamp(), "updatedAt" = clock_timestamp()
          where id = ${run.id} and state = 'running'
          returning id, "workspaceId", 'running' as from_state, state as to_state
        ), events as (${runStateChangeEvents('run_timeout')})
        select id from moved`;
      if (failed.length === 0) return;
      const ids = (await tx.taskInstance.findMany({ where: { dagRunId: run.id }, select: { id: true } })).map((row) => row.id);
      const ended = Prisma.sql`"endDate" = clock_timestamp()`;
      await transitionTaskInstances(tx, { ids, from: ['scheduled', 'queued'], to: 'none' });
      const event = { reason: 'run_timeout' } as const;
      await transitionTaskInstances(tx, { ids, from: ['none', 'up_for_retry', 'up_for_reschedule'], to: 'skipped', set: ended, event });
      await transitionTaskInstances(tx, { ids, from: ['running'], to: 'failed', set: ended, event });
      timedOut.push(run.id);
    });
  }
  return timedOut;
}
