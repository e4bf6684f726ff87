import { createHash } from 'node:crypto';
import { parseDagSpec, type TDag } from '../../domain/dag/parse-dag-spec';
import { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { lineageWarningProblems } from '../../domain/catalog/lineage-warning-problems';
import type { TSpecProblem } from '../../domain/dag/parse-dag-spec';
import { specLineageWarnings } from '../catalog/spec-lineage-warnings';
import { sqlParser, syncDagDatasets } from '../catalog/sync-dag-datasets';
import { syncDatasetSchedule } from '../catalog/sync-dataset-schedule';
import { requireRole, type TServiceContext } from '../context';
import { knownDagIdsFor } from './known-dag-ids';

export type TDeployStatus = 'created' | 'updated' | 'unchanged';

/** A DAG's current version and its highest version number, read under the DAG's row lock. */
type TVersions = {
  currentId: string | null;
  currentVersion: number | null;
  currentHash: string | null;
  latestVersion: number | null;
};

export type TDeployResult = {
  status: TDeployStatus;
  dag: { id: string; dagId: string; isPaused: boolean };
  version: { id: string; version: number; contentHash: string };
  spec: TDag;
  /** Where the tasks' SQL contradicts their declared inputs and outputs: shown, never refused. */
  warnings: TSpecProblem[];
};

/**
 * Creates a DAG or adds a version to it from a YAML or JSON spec. An invalid spec changes
 * nothing (the current version stays active) and fails with every problem, each with its
 * path, line and column. The same content as the current version makes no new version.
 */
export async function deployDag(ctx: TServiceContext, input: { source: string; dagId?: string }): Promise<TDeployResult> {
  requireRole(ctx, 'editor');
  // One statement for both lists: a folder of thousands of specs is deployed one request each.
  const [known] = await ctx.db.$queryRaw<{ connections: string[]; pools: string[] }[]>`
    select array(select "connId" from connection where "workspaceId" = ${ctx.workspaceId}) as connections,
           array(select name from pool where "workspaceId" = ${ctx.workspaceId}) as pools`;
  const knownDags = await knownDagIdsFor(ctx.db, ctx.workspaceId, input.source);
  const parsed = parseDagSpec(input.source, { knownConnections: known?.connections ?? [], knownPools: known?.pools ?? [], knownDags });
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
  await sqlParser();
  const write = () => ctx.db.$transaction((tx) => writeVersion(tx, ctx, { spec, source: input.source, contentHash, format }));
  // Two first deploys of one dag_id at once (two people, two CLI runs) both insert its row, and
  // one hits the unique key: its second try finds the row and goes on as an update of it.
  return write().catch((error: unknown) => (isUniqueViolation(error) ? write() : Promise.reject(error)));
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002';

/** The DAG's row (made on a first deploy) and, unless the content is unchanged, its new version. */
async function writeVersion(
  tx: Prisma.TransactionClient,
  ctx: TServiceContext,
  input: { spec: TDag; source: string; contentHash: string; format: string },
): Promise<TDeployResult> {
  const { spec, contentHash } = input;
  const dag = await tx.dag.upsert({
    where: { workspaceId_dagId: { workspaceId: ctx.workspaceId, dagId: spec.dag_id } },
    create: { workspaceId: ctx.workspaceId, dagId: spec.dag_id, isPaused: spec.is_paused_upon_creation },
    update: {},
    select: { id: true },
  });
  // Row lock: concurrent deploys of one DAG number their versions one after the other. The
  // versions are read by the next statement, not this one: a statement that waited for the lock
  // still sees the versions of its own start, so it would reuse the number just taken.
  const [locked] = await tx.$queryRaw<{ isPaused: boolean }[]>`select "isPaused" from dag where id = ${dag.id} for update`;
  const [versions] = await tx.$queryRaw<TVersions[]>`
    select v.id as "currentId", v.version as "currentVersion", v."contentHash" as "currentHash",
           (select max(version) from dag_version where "dagPk" = d.id) as "latestVersion"
    from dag d left join dag_version v on v.id = d."currentVersionId"
    where d.id = ${dag.id}`;
  const current = versions?.currentId ? { id: versions.currentId, version: versions.currentVersion!, contentHash: versions.currentHash! } : null;
  const summary = { id: dag.id, dagId: spec.dag_id, isPaused: locked?.isPaused ?? true };
  if (current && current.contentHash === contentHash) {
    return { status: 'unchanged' as const, dag: summary, version: current, spec, warnings: await specLineageWarnings(input.source, spec) };
  }
  const version = await tx.dagVersion.create({
    data: {
      workspaceId: ctx.workspaceId,
      dagPk: dag.id,
      version: (versions?.latestVersion ?? 0) + 1,
      spec: JSON.parse(JSON.stringify(spec)) as Prisma.InputJsonValue,
      sourceText: input.source,
      sourceFormat: input.format,
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
  // The catalog's edges follow the current version, in its transaction: never a stale mix.
  const { warnings } = await syncDagDatasets(tx, { workspaceId: ctx.workspaceId, dagPk: dag.id, dagVersionId: version.id, spec });
  await syncDatasetSchedule(tx, { workspaceId: ctx.workspaceId, dagPk: dag.id, dagVersionId: version.id, spec });
  await recordAudit(tx, ctx, { action: 'dag.deploy', targetType: 'dag', targetId: spec.dag_id, details: { version: version.version } });
  const status = current ? ('updated' as const) : ('created' as const);
  return { status, dag: summary, version, spec, warnings: lineageWarningProblems(input.source, warnings) };
}
