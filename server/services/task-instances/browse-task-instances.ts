import { z } from 'zod';
import { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import type { TServiceContext } from '../context';

/** Where a page ends: the last row's logical date, DAG and task (the listing's sort key). */
export type TBrowseCursor = { logicalDate: Date; dagId: string; taskId: string };

export type TBrowseTaskInstancesInput = {
  states?: readonly string[];
  runStates?: readonly string[];
  dagId?: string;
  owner?: string;
  /** Logical dates from (inclusive) and to (inclusive). */
  from?: Date;
  to?: Date;
  after?: TBrowseCursor;
  limit: number;
};

export type TBrowsedTaskInstance = {
  dagId: string;
  owner: string | null;
  runId: string;
  runState: string;
  logicalDate: Date;
  taskId: string;
  taskType: string;
  state: string;
  tryNumber: number;
  startDate: Date | null;
  endDate: Date | null;
  duration: number | null;
};

const ZCursorSchema = z.tuple([z.iso.datetime(), z.string().min(1), z.string().min(1)]);

/** The cursor as URL-safe text (base64url of a JSON triple). */
export function encodeBrowseCursor(cursor: TBrowseCursor): string {
  return Buffer.from(JSON.stringify([cursor.logicalDate.toISOString(), cursor.dagId, cursor.taskId])).toString('base64url');
}

export function decodeBrowseCursor(text: string): TBrowseCursor {
  try {
    const [logicalDate, dagId, taskId] = ZCursorSchema.parse(JSON.parse(Buffer.from(text, 'base64url').toString('utf8')));
    return { logicalDate: new Date(logicalDate), dagId, taskId };
  } catch {
    throw new AppError('invalid_input', 'after: not a page cursor of this listing; start again from the first page.');
  }
}

/**
 * Task instances across the workspace's DAGs (Airflow's Browse → Task Instances), newest logical
 * date first, then by dag_id and task_id, one page after a cursor (keyset: a page costs the
 * same however deep it is). Each DAG contributes at most a page of rows, read backwards on
 * dag_run(dagPk, logicalDate) with its instances through task_instance(dagRunId, taskId), and
 * the pages are merged: no scan of the workspace's whole history. A rare state on a DAG with
 * a long history is the slow case (its runs are walked until a page is found); a date range
 * bounds it.
 */
export async function browseTaskInstances(ctx: TServiceContext, input: TBrowseTaskInstancesInput) {
  const take = input.limit + 1;
  const rows = await ctx.db.$queryRaw<TBrowsedTaskInstance[]>`
    select d."dagId", d.owner, x."runId", x."runState", x."logicalDate", x."taskId", x."taskType", x.state,
      x."tryNumber", x."startDate", x."endDate", x.duration
    from dag d
    cross join lateral (
      select r."runId", r.state as "runState", r."logicalDate", ti."taskId", ti."taskType", ti.state,
        ti."tryNumber", ti."startDate", ti."endDate", ti.duration
      from dag_run r
      join task_instance ti on ti."dagRunId" = r.id
      where r."dagPk" = d.id ${runConditions(input)} ${instanceConditions(input)}
      order by r."logicalDate" desc, ti."taskId" asc
      limit ${take}
    ) x
    where d."workspaceId" = ${ctx.workspaceId} ${dagConditions(input)}
    order by x."logicalDate" desc, d."dagId" asc, x."taskId" asc
    limit ${take}`;
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const next = rows.length > input.limit && last ? encodeBrowseCursor({ logicalDate: last.logicalDate, dagId: last.dagId, taskId: last.taskId }) : null;
  return { instances: page, next };
}

function dagConditions(input: TBrowseTaskInstancesInput): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (input.dagId) parts.push(Prisma.sql`and d."dagId" = ${input.dagId}`);
  if (input.owner) parts.push(Prisma.sql`and d.owner = ${input.owner}`);
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

function runConditions(input: TBrowseTaskInstancesInput): Prisma.Sql {
  const parts: Prisma.Sql[] = [];
  if (input.from) parts.push(Prisma.sql`and r."logicalDate" >= ${input.from}`);
  if (input.to) parts.push(Prisma.sql`and r."logicalDate" <= ${input.to}`);
  if (input.runStates?.length) parts.push(Prisma.sql`and r.state = any(${[...input.runStates]}::text[])`);
  if (input.after) {
    const { logicalDate, dagId, taskId } = input.after;
    // The bound on the index's column alone lets the backward scan start at the cursor.
    parts.push(Prisma.sql`and r."logicalDate" <= ${logicalDate}
      and (r."logicalDate" < ${logicalDate} or d."dagId" > ${dagId} or (d."dagId" = ${dagId} and ti."taskId" > ${taskId}))`);
  }
  return parts.length ? Prisma.join(parts, ' ') : Prisma.empty;
}

function instanceConditions(input: TBrowseTaskInstancesInput): Prisma.Sql {
  return input.states?.length ? Prisma.sql`and ti.state = any(${[...input.states]}::text[])` : Prisma.empty;
}

/** The owners named by the workspace's DAGs, sorted: the browser's owner filter. */
export async function listDagOwners(ctx: TServiceContext): Promise<string[]> {
  const rows = await ctx.db.dag.findMany({ where: { workspaceId: ctx.workspaceId, owner: { not: null } }, select: { owner: true }, distinct: ['owner'], orderBy: { owner: 'asc' } });
  return rows.flatMap((row) => (row.owner === null ? [] : [row.owner]));
}
