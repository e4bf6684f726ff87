import { z } from 'zod';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { datasetName } from './dag-dataset-edges';
import { findDataset, type TDatasetItem } from './dataset-view';
import { datasetIdentity, namingConnections } from './sync-dag-datasets';

/** POST /datasets: a table no deployed task names yet (a source loaded by another tool, say). */
export const ZRegisterDatasetSchema = z.strictObject({
  conn_id: z.string({ error: 'conn_id is required (a string)' }).trim().min(1, 'conn_id is required').max(250, 'conn_id may be at most 250 characters'),
  table: z.string({ error: 'table is required (a string): table, schema.table or database.schema.table' }).trim().min(1, 'table is required').max(500, 'table may be at most 500 characters'),
  description: z.string({ error: 'description must be a string' }).max(100_000, 'description may be at most 100000 characters').optional(),
  owner: z.string({ error: 'owner must be a string' }).trim().max(200, 'owner may be at most 200 characters').optional(),
}, { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'expected {conn_id, table}') });

export type TRegisterDataset = z.output<typeof ZRegisterDatasetSchema>;

/**
 * Registers a dataset by hand (origin 'manual', editor and up), named as a deploy would name it,
 * so a later deploy that reads or writes the table lands on the same row. Registering a table
 * that is already known is a conflict naming the existing dataset.
 */
export async function registerDataset(ctx: TServiceContext, input: TRegisterDataset): Promise<{ dataset: TDatasetItem; created: true }> {
  requireRole(ctx, 'editor');
  const name = datasetName(input.table);
  if (name === null) {
    throw new AppError('invalid_input', `table: '${input.table}' is not a table name: expected table, schema.table or database.schema.table`, [
      { path: 'table', line: null, column: null, message: 'expected table, schema.table or database.schema.table' },
    ]);
  }
  const id = await ctx.db.$transaction(async (tx) => {
    const connections = await namingConnections(tx, ctx.workspaceId, [input.conn_id]);
    const identity = datasetIdentity(connections.get(input.conn_id), input.conn_id, name);
    const existing = await tx.dataset.findUnique({ where: { workspaceId_key: { workspaceId: ctx.workspaceId, key: identity.key } }, select: { id: true } });
    if (existing) throw new AppError('conflict', `${input.conn_id}.${name} is already registered as dataset '${existing.id}'.`);
    const created = await tx.dataset.create({
      data: {
        workspaceId: ctx.workspaceId, ...identity, origin: 'manual',
        description: input.description?.trim() || null, owner: input.owner || null,
      },
      select: { id: true },
    });
    await recordAudit(tx, ctx, { action: 'dataset.register', targetType: 'dataset', targetId: created.id, details: { dataset: `${input.conn_id}.${name}`, key: identity.key } });
    return created.id;
  });
  return { dataset: await findDataset(ctx, id), created: true };
}
