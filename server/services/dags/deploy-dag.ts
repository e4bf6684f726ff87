import { createHash } from 'node:crypto';
import { parseDagSpec, type TDag } from '../../domain/dag/parse-dag-spec';
import type { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';

export type TDeployStatus = 'created' | 'updated' | 'unchanged';

export type TDeployResult = {
  status: TDeployStatus;
  dag: { id: string; dagId: string; isPaused: boolean };
  version: { id: string; version: number; contentHash: string };
  spec: TDag;
};

/**
 * Creates a DAG or adds a version to it from a YAML or JSON spec. An invalid spec changes
 * nothing (the current version stays active) and fails with every problem, each with its
 * path, line and column. The same content as the current version makes no new version.
 */
export async function deployDag(ctx: TServiceContext, input: { source: string; dagId?: string }): Promise<TDeployResult> {
  requireRole(ctx, 'editor');
  const [connections, pools] = await Promise.all([
    ctx.db.connection.findMany({ where: { workspaceId: ctx.workspaceId }, select: { connId: true } }),
    ctx.db.pool.findMany({ where: { workspaceId: ctx.workspaceId }, select: { name: true } }),
  ]);
  const parsed = parseDagSpec(input.source, {
    knownConnections: connections.map((connection) => connection.connId),
    knownPools: pools.map((pool) => pool.name),
  });
  if (!parsed.ok) {
    const count = parsed.error.length;
    throw new AppError('invalid_input', `The DAG spec has ${count} problem${count === 1 ? '' : 's'}; the current version stays active.`, parsed.error);
  }
  const spec = parsed.value;
  if (input.dagId !== undefined && input.dagId !== spec.dag_id) {
    throw new AppError('invalid_input', `The spec's dag_id '${spec.dag_id}' does not match '${input.dagId}'.`, [
      { path: 'dag_id', line: null, column: null, message: `expected '${input.dagId}'` },
    ]);
  }
  const contentHash = createHash('sha256').update(input.source).digest('hex');
  const format = input.source.trimStart().startsWith('{') ? 'json' : 'yaml';
  return ctx.db.$transaction(async (tx) => {
    const dag = await tx.dag.upsert({
      where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId: spec.dag_id } },
      create: { workspaceId: ctx.workspaceId, dagId: spec.dag_id, isPaused: spec.is_paused_upon_creation },
      update: {},
      select: { id: true },
    });
    // Row lock: concurrent deploys of one DAG number their versions one after the other.
    const [locked] = await tx.$queryRaw<{ isPaused: boolean; currentVersionId: string | null }[]>`
      select "isPaused", "currentVersionId" from dag where id = ${dag.id} for update`;
    const current = locked?.currentVersionId
      ? await tx.dagVersion.findUnique({ where: { id: locked.currentVersionId }, select: { id: true, version: true, contentHash: true } })
      : null;
    const summary = { id: dag.id, dagId: spec.dag_id, isPaused: locked?.isPaused ?? true };
    if (current && current.contentHash === contentHash) {
      return { status: 'unchanged' as const, dag: summary, version: current, spec };
    }
    const latest = await tx.dagVersion.aggregate({ where: { dagPk: dag.id }, _max: { version: true } });
    const version = await tx.dagVersion.create({
      data: {
        workspaceId: ctx.workspaceId,
        dagPk: dag.id,
        version: (latest._max.version ?? 0) + 1,
        spec: JSON.parse(JSON.stringify(spec)) as Prisma.InputJsonValue,
        sourceText: input.source,
        sourceFormat: format,
        contentHash,
        createdById: ctx.actor.type === 'user' ? ctx.actor.id : null,
      },
      select: { id: true, version: true, contentHash: true },
    });
    await tx.dag.update({
      where: { id: dag.id },
      data: {
        currentVersionId: version.id,
        description: spec.description,
        schedule: spec.schedule,
        timezone: spec.timezone,
        tags: spec.tags,
        owner: spec.owner ?? spec.default_args.owner ?? null,
        maxActiveRuns: spec.max_active_runs,
        maxActiveTasks: spec.max_active_tasks,
        // The schedule may have changed: the scheduler recomputes the next run.
        nextDagrunCreateAfter: null,
      },
    });
    await recordAudit(tx, ctx, { action: 'dag.deploy', targetType: 'dag', targetId: spec.dag_id, details: { version: version.version } });
    return { status: current ? ('updated' as const) : ('created' as const), dag: summary, version, spec };
  });
}
