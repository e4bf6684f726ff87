import type { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import type { TReprocessBehavior } from '../../domain/schedule/backfill-plan';
import { AppError } from '../app-error';

export const BACKFILL_STATES = ['running', 'paused', 'completed', 'cancelled'] as const;
export type TBackfillState = (typeof BACKFILL_STATES)[number];
/** A DAG has at most one backfill in these states at a time. */
export const ACTIVE_BACKFILL_STATES = ['running', 'paused'] as const satisfies readonly TBackfillState[];

export const REPROCESS_BEHAVIORS = ['none', 'failed', 'completed'] as const satisfies readonly TReprocessBehavior[];

/** Counts of the runs attached to a backfill (created by it or reprocessed by it), by state. */
export type TBackfillProgress = { total: number; queued: number; running: number; success: number; failed: number };

export const BACKFILL_VIEW_SELECT = {
  id: true,
  fromDate: true,
  toDate: true,
  reprocessBehavior: true,
  maxActiveRuns: true,
  runBackwards: true,
  conf: true,
  state: true,
  createdAt: true,
  completedAt: true,
  dag: { select: { dagId: true } },
} as const satisfies Prisma.BackfillSelect;

type TBackfillRow = Prisma.BackfillGetPayload<{ select: typeof BACKFILL_VIEW_SELECT }>;

export type TBackfillView = Omit<TBackfillRow, 'dag' | 'state' | 'reprocessBehavior'> & {
  dagId: string;
  state: TBackfillState;
  reprocessBehavior: TReprocessBehavior;
  progress: TBackfillProgress;
};

const EMPTY_PROGRESS: TBackfillProgress = { total: 0, queued: 0, running: 0, success: 0, failed: 0 };

export function backfillNotFound(id: string): AppError {
  return new AppError('not_found', `Backfill ${id} does not exist.`);
}

export function isBackfillState(state: string): state is TBackfillState {
  return (BACKFILL_STATES as readonly string[]).includes(state);
}

function isReprocessBehavior(value: string): value is TReprocessBehavior {
  return (REPROCESS_BEHAVIORS as readonly string[]).includes(value);
}

export function toBackfillView(row: TBackfillRow, progress: TBackfillProgress = EMPTY_PROGRESS): TBackfillView {
  const { dag, state, reprocessBehavior, ...rest } = row;
  // The database's defaults and the services are the only writers: an unknown value is a bug.
  if (!isBackfillState(state) || !isReprocessBehavior(reprocessBehavior)) {
    throw new Error(`Backfill ${row.id} has state '${state}' and reprocess behavior '${reprocessBehavior}'`);
  }
  return { ...rest, dagId: dag.dagId, state, reprocessBehavior, progress };
}

/** Progress of each given backfill, from its attached runs' states (one grouped query). */
export async function backfillProgress(db: TDb, backfillIds: readonly string[]): Promise<Map<string, TBackfillProgress>> {
  const progress = new Map<string, TBackfillProgress>(backfillIds.map((id) => [id, { ...EMPTY_PROGRESS }]));
  if (backfillIds.length === 0) return progress;
  const rows = await db.$queryRaw<{ backfillId: string; state: string; count: number }[]>`
    select "backfillId", state, count(*)::int as count from dag_run
    where "backfillId" = any(${[...backfillIds]}::text[]) group by "backfillId", state`;
  for (const row of rows) {
    const counts = progress.get(row.backfillId);
    if (!counts) continue;
    counts.total += row.count;
    if (row.state === 'queued' || row.state === 'running' || row.state === 'success' || row.state === 'failed') {
      counts[row.state] += row.count;
    }
  }
  return progress;
}

/** The backfill as the API shows it, or 404 when it is not in the caller's workspace. */
export async function loadBackfillView(db: TDb, workspaceId: string, id: string): Promise<TBackfillView> {
  const row = await db.backfill.findFirst({ where: { id, workspaceId }, select: BACKFILL_VIEW_SELECT });
  if (!row) throw backfillNotFound(id);
  const progress = await backfillProgress(db, [row.id]);
  return toBackfillView(row, progress.get(row.id));
}
