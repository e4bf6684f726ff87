import { AppError } from '../app-error';
import type { TServiceContext } from '../context';
import { findDagPk } from './get-dag';

const SUMMARY = { version: true, createdAt: true, contentHash: true, sourceFormat: true } as const;

/** A DAG's versions, oldest first (as Airflow lists dagVersions). */
export async function listDagVersions(ctx: TServiceContext, input: { dagId: string; limit: number; offset: number }) {
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  const [versions, total] = await Promise.all([
    ctx.db.dagVersion.findMany({ where: { dagPk: dag.id }, select: SUMMARY, orderBy: { version: 'asc' }, take: input.limit, skip: input.offset }),
    ctx.db.dagVersion.count({ where: { dagPk: dag.id } }),
  ]);
  return { versions, total };
}

/** One version with its source text and the normalised spec stored at deploy time. */
export async function getDagVersion(ctx: TServiceContext, input: { dagId: string; version: number }) {
  const dag = await findDagPk(ctx.db, ctx.workspaceId, input.dagId);
  const version = await ctx.db.dagVersion.findUnique({
    where: { dagPk_version: { dagPk: dag.id, version: input.version } },
    select: { ...SUMMARY, sourceText: true, spec: true },
  });
  if (!version) throw new AppError('not_found', `DAG '${input.dagId}' has no version ${input.version}.`);
  return version;
}
