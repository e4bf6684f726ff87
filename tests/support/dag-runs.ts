import type { PrismaClient } from '../../server/db/client';
import { systemContext } from '../../server/services/context';
import { createWorkspace as createWorkspaceService } from '../../server/services/workspaces/create-workspace';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { waitFor } from './test-database';

/** The workspace every engine test works in. */
export function createWorkspace(db: PrismaClient, slug = 'engine') {
  return createWorkspaceService(db, { slug });
}

/** Deploys a spec and unpauses its DAG. */
export async function deployUnpaused(db: PrismaClient, workspaceId: string, source: string) {
  const deployed = await deployDag(systemContext(db, workspaceId, 'test'), { source });
  await db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
  return deployed;
}

/** Deploys a spec, unpauses it, triggers a manual run and waits for the run to finish. */
export async function runToEnd(db: PrismaClient, workspaceId: string, source: string, options?: { timeoutMs?: number; conf?: Record<string, unknown> }) {
  const ctx = systemContext(db, workspaceId, 'test');
  const deployed = await deployUnpaused(db, workspaceId, source);
  const run = await triggerDagRun(ctx, { dagId: deployed.spec.dag_id, conf: options?.conf });
  return waitForRun(db, run.id, options?.timeoutMs);
}

export async function waitForRun(db: PrismaClient, runPk: string, timeoutMs = 60_000) {
  const finished = await waitFor(
    async () => {
      const run = await db.dagRun.findUniqueOrThrow({ where: { id: runPk } });
      return run.state === 'success' || run.state === 'failed' ? run : null;
    },
    { timeoutMs, what: `run ${runPk} to finish` },
  );
  const instances = await db.taskInstance.findMany({ where: { dagRunId: runPk }, orderBy: { taskId: 'asc' } });
  return { run: finished, states: Object.fromEntries(instances.map((ti) => [ti.taskId, ti.state])), instances };
}

/** The whole log of an instance's attempt (all chunks in order). */
export async function attemptLog(db: PrismaClient, taskInstanceId: string, tryNumber: number): Promise<string> {
  const attempt = await db.taskAttempt.findUniqueOrThrow({ where: { taskInstanceId_tryNumber: { taskInstanceId, tryNumber } } });
  const chunks = await db.logChunk.findMany({ where: { attemptId: attempt.id }, orderBy: { seq: 'asc' } });
  return chunks.map((chunk) => chunk.content).join('');
}
