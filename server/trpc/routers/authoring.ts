import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { parseDagSpec } from '../../domain/dag/parse-dag-spec';
import { AppError } from '../../services/app-error';
import type { TServiceContext } from '../../services/context';
import { deployDag } from '../../services/dags/deploy-dag';
import { getDag } from '../../services/dags/get-dag';
import { knownDagIdsFor } from '../../services/dags/known-dag-ids';
import { getDagVersion, listDagVersions } from '../../services/dags/list-dag-versions';
import { specLineageWarnings } from '../../services/catalog/spec-lineage-warnings';
import { roleProcedure, router, workspaceProcedure } from '../init';

const ZDagIdSchema = z.string().min(1).max(250);
/** Larger than any hand-written spec; keeps one keystroke from posting megabytes. */
const ZSourceSchema = z.string().max(500_000);

export const ZSaveSpecInputSchema = z.object({
  source: ZSourceSchema,
  /** Editing an existing DAG: the spec must keep this dag_id. */
  dagId: ZDagIdSchema.optional(),
  /** Creating a DAG: refuse a dag_id that already exists rather than adding a version to it. */
  create: z.boolean().default(false),
});

// The server's working directory is the repository (`npm start`, the tests): the examples sit there.
const EXAMPLES_DIR = path.join(process.cwd(), 'examples');

/** Validates exactly as deployDag does: the workspace's connections and pools are known names. */
async function validateSpec(ctx: TServiceContext, source: string) {
  const [connections, pools, knownDags] = await Promise.all([
    ctx.db.connection.findMany({ where: { workspaceId: ctx.workspaceId }, select: { connId: true } }),
    ctx.db.pool.findMany({ where: { workspaceId: ctx.workspaceId }, select: { name: true } }),
    knownDagIdsFor(ctx.db, ctx.workspaceId, source),
  ]);
  return parseDagSpec(source, {
    knownConnections: connections.map((connection) => connection.connId),
    knownPools: pools.map((pool) => pool.name),
    knownDags,
  });
}

async function refuseExisting(ctx: TServiceContext, source: string): Promise<void> {
  const parsed = await validateSpec(ctx, source);
  if (!parsed.ok) return; // deployDag reports the problems.
  const dagId = parsed.value.dag_id;
  try {
    await getDag(ctx, dagId);
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return;
    throw error;
  }
  throw new AppError('conflict', `A DAG named '${dagId}' already exists: edit it, or choose another dag_id.`, [
    { path: 'dag_id', line: null, column: null, message: `'${dagId}' already exists in this workspace` },
  ]);
}

/** Writing DAG specs in the browser: live validation, saving a version, examples and past versions. */
export const authoringRouter = router({
  /**
   * Every problem with its line and column, or the tasks and their upstreams when the spec is
   * valid, with lineage warnings (SQL that contradicts declared inputs and outputs).
   */
  validate: workspaceProcedure.input(z.object({ source: ZSourceSchema })).query(async ({ ctx, input }) => {
    const parsed = await validateSpec(ctx.service, input.source);
    if (!parsed.ok) return { valid: false as const, problems: parsed.error, warnings: [], dag_id: null, tasks: [] };
    const tasks = parsed.value.tasks.map((task) => ({ task_id: task.task_id, type: task.type, upstream: [...task.upstream] }));
    const warnings = await specLineageWarnings(input.source, parsed.value);
    return { valid: true as const, problems: [], warnings, dag_id: parsed.value.dag_id, tasks };
  }),

  save: roleProcedure('editor')
    .input(ZSaveSpecInputSchema)
    .mutation(async ({ ctx, input }) => {
      if (input.create) await refuseExisting(ctx.service, input.source);
      const result = await deployDag(ctx.service, { source: input.source, dagId: input.dagId });
      return { status: result.status, dag_id: result.dag.dagId, is_paused: result.dag.isPaused, version: result.version.version, warnings: result.warnings };
    }),

  /** The repository's example specs, to start a new DAG from. */
  examples: workspaceProcedure.query(async () => {
    const files = (await readdir(EXAMPLES_DIR)).filter((file) => /\.ya?ml$/.test(file)).sort();
    return Promise.all(
      files.map(async (file) => ({ name: file.replace(/\.ya?ml$/, ''), source: await readFile(path.join(EXAMPLES_DIR, file), 'utf8') })),
    );
  }),

  /** Every version, newest first, and which one is current. */
  versions: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema })).query(async ({ ctx, input }) => {
    const [dag, { versions }] = await Promise.all([
      getDag(ctx.service, input.dagId),
      listDagVersions(ctx.service, { dagId: input.dagId, limit: 1_000, offset: 0 }),
    ]);
    return {
      current: dag.currentVersion?.version ?? null,
      versions: versions.map((version) => ({ version: version.version, created_at: version.createdAt.toISOString() })).reverse(),
    };
  }),

  source: workspaceProcedure.input(z.object({ dagId: ZDagIdSchema, version: z.number().int().min(1) })).query(async ({ ctx, input }) => {
    const version = await getDagVersion(ctx.service, input);
    return { version: version.version, source: version.sourceText };
  }),
});
