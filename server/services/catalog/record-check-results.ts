import { z } from 'zod';
import type { PrismaClient } from '../../db/client';
import { datasetIdentity, namingConnections } from './sync-dag-datasets';
import { datasetName } from './dag-dataset-edges';

/** What a check task outputs (and attaches to its failure): one entry per check. */
const ZCheckResultsSchema = z.array(z.object({ check: z.string(), passed: z.boolean(), observed: z.number(), expected: z.string() }));

export type TCheckAttempt = { workspaceId: string; dagRunId: string; taskId: string; tryNumber: number; connId: string; table: string };

/**
 * Stores a check task's try's results, one check_result row per check, passed or not, on the
 * checked table's dataset (by the catalog's identity, so a check through a second connection to
 * the same database lands on the same dataset; none when the table is not in the catalog).
 * Called by the engine for check tasks only. Returns how many rows it stored: 0 when the
 * results are not a check's (a try that failed before checking anything).
 */
export async function recordCheckResults(db: PrismaClient, attempt: TCheckAttempt, results: unknown): Promise<number> {
  const parsed = ZCheckResultsSchema.safeParse(results);
  if (!parsed.success || parsed.data.length === 0) return 0;
  const name = datasetName(attempt.table);
  const key = name === null
    ? null
    : datasetIdentity((await namingConnections(db, attempt.workspaceId, [attempt.connId])).get(attempt.connId), attempt.connId, name).key;
  const checks = parsed.data;
  return db.$executeRaw`
    insert into check_result (id, "workspaceId", "dagPk", "dagRunId", "taskId", "tryNumber", "datasetId", "checkName", passed, observed, expected, message)
    select gen_random_uuid()::text, r."workspaceId", r."dagPk", r.id, ${attempt.taskId}, ${attempt.tryNumber},
           (select d.id from dataset d where d."workspaceId" = r."workspaceId" and d.key = ${key}),
           c.name, c.passed, to_jsonb(c.observed), to_jsonb(c.expected), c.message
    from dag_run r,
         unnest(${checks.map((c) => c.check)}::text[], ${checks.map((c) => c.passed)}::boolean[], ${checks.map((c) => c.observed)}::float8[],
                ${checks.map((c) => c.expected)}::text[], ${checks.map((c) => `${c.passed ? 'passed' : 'failed'}: observed ${c.observed}, expected ${c.expected}`)}::text[])
           with ordinality as c(name, passed, observed, expected, message, n)
    where r.id = ${attempt.dagRunId} and r."workspaceId" = ${attempt.workspaceId}
    order by c.n`;
}
