import { AppError } from '../app-error';
import type { TServiceContext } from '../context';

export type TDatasetSchema = {
  /** When the warehouse was last asked; null: never introspected. */
  columnsCheckedAt: Date | null;
  rowCountEstimate: bigint | null;
  columns: { name: string; ordinal: number; dataType: string; nullable: boolean }[];
  /** Newest first, each with the run that saw it (null for an on-demand introspection). */
  changes: { kind: string; columnName: string; fromType: string | null; toType: string | null; seenAt: Date; dagId: string | null; runId: string | null }[];
};

/**
 * What the warehouse said about a dataset: its current columns, row count estimate and schema
 * history. Prisma reads the relations with separate statements, so they are read in one
 * repeatable-read snapshot: an introspection committing between them would otherwise show the
 * change that added a column beside the columns from before it.
 */
export async function getDatasetSchema(ctx: TServiceContext, input: { datasetId: string; changesLimit: number }): Promise<TDatasetSchema> {
  const dataset = await ctx.db.$transaction((tx) => tx.dataset.findFirst({
    where: { id: input.datasetId, workspaceId: ctx.workspaceId },
    select: {
      columnsCheckedAt: true,
      rowCountEstimate: true,
      columns: { select: { name: true, ordinal: true, dataType: true, nullable: true }, orderBy: { ordinal: 'asc' } },
      schemaChanges: {
        select: { kind: true, columnName: true, fromType: true, toType: true, seenAt: true, dagRun: { select: { runId: true, dag: { select: { dagId: true } } } } },
        orderBy: [{ seenAt: 'desc' }, { id: 'desc' }],
        take: input.changesLimit,
      },
    },
  }), { isolationLevel: 'RepeatableRead' });
  if (!dataset) throw new AppError('not_found', `Dataset '${input.datasetId}' does not exist.`);
  return {
    ...dataset,
    changes: dataset.schemaChanges.map(({ dagRun, ...change }) => ({ ...change, dagId: dagRun?.dag.dagId ?? null, runId: dagRun?.runId ?? null })),
  };
}
