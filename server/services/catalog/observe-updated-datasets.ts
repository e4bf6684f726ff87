import type { SecretBox } from '../../auth/secret-box';
import type { PrismaClient } from '../../db/client';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { introspectDataset, type TIntrospection } from './introspect-dataset';

type TDue = { id: string; workspaceId: string; connId: string; name: string; dagRunId: string | null };

export type TObservePass = { observed: number; unavailable: { datasetId: string; message: string }[] };

/**
 * Datasets updated since their columns were last checked, on postgres and mysql connections, oldest
 * update first; each with the run of its latest update (the run that will have "seen" a change).
 * `skip`: datasets whose warehouse failed recently, so they cannot crowd the others out.
 */
async function dueDatasets(db: PrismaClient, limit: number, skip: readonly string[]): Promise<TDue[]> {
  return db.$queryRaw<TDue[]>`
    select d.id, d."workspaceId", d."connId", d.name,
           (select e."dagRunId" from dataset_event e where e."datasetId" = d.id order by e."createdAt" desc, e.id desc limit 1) as "dagRunId"
    from dataset d
    join connection c on c."workspaceId" = d."workspaceId" and c."connId" = d."connId" and lower(c."connType") in ('postgres', 'postgresql', 'mysql')
    where d."lastUpdatedAt" > coalesce(d."columnsCheckedAt", '-infinity') and d.id <> all(${[...skip]}::text[])
    order by d."lastUpdatedAt", d.id
    limit ${limit}`;
}

/**
 * One pass of the catalog observer: introspects up to `limit` updated datasets, `concurrency`
 * at a time. Inline rather than a pg-boss job per dataset: each is two small catalog queries on
 * a warehouse, the condition above makes a pass idempotent (a crash only redoes it), and the
 * row lock in introspectDataset makes two observers harmless. An unreachable warehouse is
 * reported for the caller to log and retry later; it never fails the pass.
 */
export async function observeUpdatedDatasets(
  db: PrismaClient,
  box: SecretBox,
  egress: TEgressPolicy,
  options: { limit: number; concurrency: number; skip?: readonly string[] },
): Promise<TObservePass> {
  const due = await dueDatasets(db, options.limit, options.skip ?? []);
  const pass: TObservePass = { observed: 0, unavailable: [] };
  const queue = [...due];
  const lane = async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const result: TIntrospection = await introspectDataset(db, box, egress, next, next.dagRunId);
      if (result.status === 'observed') pass.observed += 1;
      else pass.unavailable.push({ datasetId: next.id, message: result.message });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, options.concurrency) }, lane));
  return pass;
}
