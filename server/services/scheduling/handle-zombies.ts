import type { PrismaClient } from '../../db/client';
import { retryWriteConflicts } from '../../db/retry-conflicts';
import { appendSystemLine } from '../../integrations/log-store';
import { loadDagVersion } from '../dags/load-dag-version';
import { retryPolicyFor } from '../../domain/state/retry';
import { completeTaskInstances, type TAttemptOutcome } from '../task-instances/complete-task-instances';

/**
 * Zombies: running instances whose heartbeat stopped (their worker was killed or lost its
 * connection). Each counts as a failed try and goes down the retry path like any failure, with a
 * line in its log saying why. Returns how many it handled.
 */
export async function handleZombies(db: PrismaClient, thresholdSeconds: number): Promise<number> {
  const zombies = await db.$queryRaw<
    { id: string; tryNumber: number; taskId: string; dagRunId: string; dagVersionId: string; dagId: string; workspaceId: string; attemptId: string | null; logBytes: number | null }[]
  >`
    select ti.id, ti."tryNumber", ti."taskId", ti."dagRunId", r."dagVersionId", d."dagId", ti."workspaceId", a.id as "attemptId", a."logBytes"
    from task_instance ti
    join dag_run r on r.id = ti."dagRunId"
    join dag d on d.id = r."dagPk"
    left join task_attempt a on a."taskInstanceId" = ti.id and a."tryNumber" = ti."tryNumber"
    where ti.state = 'running' and ti."heartbeatAt" < clock_timestamp() - make_interval(secs => ${thresholdSeconds})
    limit 500`;
  const outcomes: TAttemptOutcome[] = [];
  for (const zombie of zombies) {
    if (!zombie.attemptId) continue;
    const spec = await loadDagVersion(db, zombie.dagVersionId);
    const task = spec.tasks.find((candidate) => candidate.task_id === zombie.taskId);
    const message = `No heartbeat for more than ${thresholdSeconds}s: the worker running this attempt was lost (killed or disconnected).`;
    await appendSystemLine(db, { workspaceId: zombie.workspaceId, attemptId: zombie.attemptId }, message);
    outcomes.push({
      taskInstanceId: zombie.id,
      attemptId: zombie.attemptId,
      tryNumber: zombie.tryNumber,
      result: 'failed' as const,
      failure: 'zombie',
      errorMessage: message,
      logBytes: zombie.logBytes ?? 0,
      logTruncated: false,
      retry: retryPolicyFor(task, `${zombie.dagId}#${zombie.taskId}#${zombie.dagRunId}`),
    });
  }
  const moved = await retryWriteConflicts(() => completeTaskInstances(db, outcomes, new Date()));
  return moved.length;
}
