import type { PrismaClient } from '../../db/client';

/**
 * The DAG ids a spec's `trigger_dag` tasks may name, for the deploy-time check: only when the
 * spec has such a task (every other deploy pays nothing), and only the workspace's ids that
 * appear in its text (a literal target must), so the list stays small however many DAGs the
 * workspace has. A DAG without a current version cannot be triggered and is left out.
 * Undefined means "nothing to check" (parseDagSpec then skips the rule).
 */
export async function knownDagIdsFor(db: PrismaClient, workspaceId: string, source: string): Promise<string[] | undefined> {
  if (!source.includes('trigger_dag')) return undefined;
  const rows = await db.$queryRaw<{ dagId: string }[]>`
    select "dagId" from dag
    where "workspaceId" = ${workspaceId} and "currentVersionId" is not null and strpos(${source}, "dagId") > 0`;
  return rows.map((row) => row.dagId);
}
