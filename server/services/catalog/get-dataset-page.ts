import { freshnessAfter, type TFreshnessAfter } from '../../domain/catalog/freshness-policy';
import { requireRole, type TServiceContext } from '../context';
import { getDataset, type TDatasetTaskRef } from './get-dataset';

/** A run a fact links to: the page builds its URL with runHref. */
export type TRunRef = { dagId: string; runId: string } | null;

/**
 * Everything the dataset page shows, in one read. Dates are ISO text: the page receives it
 * through tRPC, which has no transformer to revive Date objects. Tables other parts of the
 * catalog fill (columns, schema history, checks, updates) are read as they are: empty means
 * "not yet", never an invented value.
 */
export type TDatasetPage = {
  id: string; connId: string; name: string; namespace: string | null; olName: string | null;
  description: string | null; owner: string | null; tags: string[]; origin: string;
  requestedBy: string | null; requestedReason: string | null; reviewAfter: string | null;
  freshness: { warnAfter: TFreshnessAfter | null; errorAfter: TFreshnessAfter | null; state: string | null; stateSince: string | null };
  deprecation: { at: string; by: string | null; note: string | null } | null;
  rowCountEstimate: number | null; columnsCheckedAt: string | null;
  lastUpdate: { at: string; run: TRunRef } | null;
  producers: TDatasetTaskRef[]; consumers: TDatasetTaskRef[];
  columns: { name: string; dataType: string; nullable: boolean; description: string | null }[];
  schemaChanges: { kind: string; columnName: string; fromType: string | null; toType: string | null; seenAt: string; run: TRunRef }[];
  checks: { checkName: string; passed: boolean; observed: unknown; expected: unknown; message: string | null; createdAt: string; taskId: string; tryNumber: number; run: TRunRef }[];
  updates: { source: string; actor: string | null; taskId: string | null; createdAt: string; run: TRunRef }[];
  incidents: { id: string; dagId: string; title: string; state: string; openedAt: string }[];
};

const RECENT = 20;
const iso = (date: Date | null) => date?.toISOString() ?? null;
const RUN_SELECT = { select: { runId: true, dag: { select: { dagId: true } } } } as const;
const runRef = (run: { runId: string; dag: { dagId: string } } | null): TRunRef => (run ? { dagId: run.dag.dagId, runId: run.runId } : null);
const after = (seconds: number | null) => (seconds === null ? null : freshnessAfter(seconds));

async function curatedFields(ctx: TServiceContext, id: string) {
  const row = await ctx.db.dataset.findFirstOrThrow({
    where: { id, workspaceId: ctx.workspaceId },
    select: {
      origin: true, requestedBy: true, requestedReason: true, reviewAfter: true,
      freshnessWarnAfterSeconds: true, freshnessErrorAfterSeconds: true, freshnessState: true, freshnessStateSince: true,
      deprecatedAt: true, deprecationNote: true, deprecatedBy: { select: { name: true, email: true } },
      lastUpdatedAt: true, lastUpdateEventId: true, rowCountEstimate: true, columnsCheckedAt: true,
    },
  });
  const lastEvent = row.lastUpdateEventId === null ? null : await ctx.db.datasetEvent.findFirst({
    where: { id: row.lastUpdateEventId, workspaceId: ctx.workspaceId }, select: { dagRun: RUN_SELECT },
  });
  return {
    origin: row.origin, requestedBy: row.requestedBy, requestedReason: row.requestedReason,
    reviewAfter: row.reviewAfter?.toISOString().slice(0, 10) ?? null,
    freshness: {
      warnAfter: after(row.freshnessWarnAfterSeconds), errorAfter: after(row.freshnessErrorAfterSeconds),
      state: row.freshnessState, stateSince: iso(row.freshnessStateSince),
    },
    deprecation: row.deprecatedAt === null ? null : { at: row.deprecatedAt.toISOString(), by: row.deprecatedBy?.name ?? row.deprecatedBy?.email ?? null, note: row.deprecationNote },
    // An estimate (pg_class.reltuples): a JavaScript number is exact far beyond any table's rows.
    rowCountEstimate: row.rowCountEstimate === null ? null : Number(row.rowCountEstimate),
    columnsCheckedAt: iso(row.columnsCheckedAt),
    lastUpdate: row.lastUpdatedAt === null ? null : { at: row.lastUpdatedAt.toISOString(), run: runRef(lastEvent?.dagRun ?? null) },
  };
}

/** Columns, schema changes, checks and updates from one snapshot, so a column and the change that added it appear together. */
async function history(ctx: TServiceContext, id: string) {
  const where = { datasetId: id, workspaceId: ctx.workspaceId };
  const [columns, changes, checks, updates] = await ctx.db.$transaction((tx) => Promise.all([
    tx.datasetColumn.findMany({ where, orderBy: { ordinal: 'asc' }, select: { name: true, dataType: true, nullable: true, description: true } }),
    tx.datasetSchemaChange.findMany({ where, orderBy: { seenAt: 'desc' }, take: 50, select: { kind: true, columnName: true, fromType: true, toType: true, seenAt: true, dagRun: RUN_SELECT } }),
    tx.checkResult.findMany({
      where, orderBy: { createdAt: 'desc' }, take: RECENT,
      select: { checkName: true, passed: true, observed: true, expected: true, message: true, createdAt: true, taskId: true, tryNumber: true, dagRun: RUN_SELECT },
    }),
    tx.datasetEvent.findMany({ where, orderBy: { createdAt: 'desc' }, take: RECENT, select: { source: true, actor: true, taskId: true, createdAt: true, dagRun: RUN_SELECT } }),
  ]), { isolationLevel: 'RepeatableRead' });
  return {
    columns,
    schemaChanges: changes.map(({ dagRun, seenAt, ...change }) => ({ ...change, seenAt: seenAt.toISOString(), run: runRef(dagRun) })),
    checks: checks.map(({ dagRun, createdAt, ...check }) => ({ ...check, createdAt: createdAt.toISOString(), run: runRef(dagRun) })),
    updates: updates.map(({ dagRun, createdAt, ...update }) => ({ ...update, createdAt: createdAt.toISOString(), run: runRef(dagRun) })),
  };
}

/** The latest incidents of the DAGs whose current versions read or write the dataset. */
async function relatedIncidents(ctx: TServiceContext, id: string) {
  const rows = await ctx.db.incident.findMany({
    where: { workspaceId: ctx.workspaceId, dag: { datasetEdges: { some: { datasetId: id } } } },
    orderBy: { openedAt: 'desc' }, take: 10,
    select: { id: true, title: true, state: true, openedAt: true, dag: { select: { dagId: true } } },
  });
  return rows.map((row) => ({ id: row.id, dagId: row.dag.dagId, title: row.title, state: row.state, openedAt: row.openedAt.toISOString() }));
}

/** One dataset's page: identity, curation, observations, history, tasks and incidents (viewer). */
export async function getDatasetPage(ctx: TServiceContext, id: string): Promise<TDatasetPage> {
  requireRole(ctx, 'viewer');
  const detail = await getDataset(ctx, id);
  const [curated, past, incidents] = await Promise.all([curatedFields(ctx, id), history(ctx, id), relatedIncidents(ctx, id)]);
  const { createdAt: _created, updatedAt: _updated, ...identity } = detail;
  return { ...identity, ...curated, ...past, incidents };
}
