import type { Prisma } from '../../db/client';
import type { TAlertDeliveryState } from '../../domain/alerts/alert-delivery-states';
import { requireRole, type TServiceContext } from '../context';

export type TAlertDeliveryFilter = { dagId?: string; state?: TAlertDeliveryState; channel?: string; limit: number; offset: number };

export type TAlertDeliveryView = {
  id: string;
  /** The channel's name; null for an address from a spec's `email`, sent without a channel. */
  channel: string | null;
  channelType: string | null;
  /** Where it went, for people: the channel's name, or the email address. */
  target: string;
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
  responseMs: number | null;
  createdAt: Date;
  sentAt: Date | null;
  dagId: string | null;
  runId: string | null;
  taskId: string | null;
  tryNumber: number | null;
  incidentId: string | null;
};

/**
 * The workspace's alert deliveries, newest first: what was sent where and how it went. The
 * delivery row keeps only ids of its DAG, run and task instance (they may be deleted later);
 * their names are read in one query each for the page.
 */
export async function listAlertDeliveries(ctx: TServiceContext, filter: TAlertDeliveryFilter): Promise<{ deliveries: TAlertDeliveryView[]; totalEntries: number }> {
  requireRole(ctx, 'viewer');
  const where: Prisma.AlertDeliveryWhereInput = { workspaceId: ctx.workspaceId, state: filter.state };
  if (filter.channel !== undefined) where.channel = { name: filter.channel };
  if (filter.dagId !== undefined) {
    const dag = await ctx.db.dag.findUnique({ where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId: filter.dagId } }, select: { id: true } });
    if (!dag) return { deliveries: [], totalEntries: 0 };
    where.dagPk = dag.id;
  }
  const [rows, totalEntries] = await Promise.all([
    ctx.db.alertDelivery.findMany({
      where,
      orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
      skip: filter.offset,
      take: filter.limit,
      select: {
        id: true, target: true, kind: true, state: true, attempts: true, lastError: true, responseMs: true, createdAt: true, sentAt: true,
        dagPk: true, dagRunId: true, taskInstanceId: true, tryNumber: true, incidentId: true,
        channel: { select: { name: true, type: true } },
      },
    }),
    ctx.db.alertDelivery.count({ where }),
  ]);
  const names = await namesOf(ctx, rows);
  const deliveries = rows.map((row) => ({
    id: row.id,
    channel: row.channel?.name ?? null,
    channelType: row.channel?.type ?? null,
    target: row.channel?.name ?? targetLabel(row.target),
    kind: row.kind,
    state: row.state,
    attempts: row.attempts,
    lastError: row.lastError,
    responseMs: row.responseMs,
    createdAt: row.createdAt,
    sentAt: row.sentAt,
    dagId: row.dagPk === null ? null : (names.dags.get(row.dagPk) ?? null),
    runId: row.dagRunId === null ? null : (names.runs.get(row.dagRunId) ?? null),
    taskId: row.taskInstanceId === null ? null : (names.tasks.get(row.taskInstanceId) ?? null),
    tryNumber: row.tryNumber,
    incidentId: row.incidentId,
  }));
  return { deliveries, totalEntries };
}

/** `email:ops@example.com` → `ops@example.com`; `channel:oncall` (a channel since deleted, or never made) → `oncall`; an unknown form is shown as stored. */
function targetLabel(target: string): string {
  const prefix = ['email:', 'channel:'].find((kind) => target.startsWith(kind));
  return prefix ? target.slice(prefix.length) : target;
}

type TIds = { dagPk: string | null; dagRunId: string | null; taskInstanceId: string | null };

async function namesOf(ctx: TServiceContext, rows: readonly TIds[]) {
  const ids = (pick: (row: TIds) => string | null) => [...new Set(rows.map(pick).filter((id): id is string => id !== null))];
  const [dags, runs, tasks] = await Promise.all([
    ctx.db.dag.findMany({ where: { id: { in: ids((row) => row.dagPk) }, workspaceId: ctx.workspaceId }, select: { id: true, dagId: true } }),
    ctx.db.dagRun.findMany({ where: { id: { in: ids((row) => row.dagRunId) }, dag: { workspaceId: ctx.workspaceId } }, select: { id: true, runId: true } }),
    ctx.db.taskInstance.findMany({ where: { id: { in: ids((row) => row.taskInstanceId) }, dagRun: { dag: { workspaceId: ctx.workspaceId } } }, select: { id: true, taskId: true } }),
  ]);
  return {
    dags: new Map(dags.map((dag) => [dag.id, dag.dagId])),
    runs: new Map(runs.map((run) => [run.id, run.runId])),
    tasks: new Map(tasks.map((task) => [task.id, task.taskId])),
  };
}
