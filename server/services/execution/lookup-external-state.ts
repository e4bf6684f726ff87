import type { PrismaClient } from '../../db/client';

/**
 * The state of another DAG's run for a logical date (or of one of its task instances), in the
 * same workspace only; null when there is no such run. Used by ExternalTaskSensor-style sensors.
 */
export async function lookupExternalState(
  db: PrismaClient,
  workspaceId: string,
  input: { dagId: string; logicalDate: Date; taskId?: string },
): Promise<string | null> {
  const run = await db.dagRun.findFirst({
    where: { workspaceId, logicalDate: input.logicalDate, dag: { dagId: input.dagId, workspaceId } },
    select: { id: true, state: true },
  });
  if (!run) return null;
  if (!input.taskId) return run.state;
  const instance = await db.taskInstance.findUnique({
    where: { dagRunId_taskId: { dagRunId: run.id, taskId: input.taskId } },
    select: { state: true },
  });
  return instance?.state ?? null;
}
