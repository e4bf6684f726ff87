import type { SecretBox } from '../../auth/secret-box';
import { Prisma } from '../../db/client';
import { AppError } from '../app-error';
import { recordAudit } from '../audit/record-audit';
import { requireRole, type TServiceContext } from '../context';
import { toVariableView, VARIABLE_VIEW_SELECT, variableNotFound, type TVariableView } from './variable-view';

/** Fields to write; an absent one keeps its stored value (PATCH), a null description clears it. */
export type TVariableWrite = { value?: string; description?: string | null };

/**
 * `create` refuses an existing key (REST POST, as Airflow's 409), `update` a missing one (PATCH),
 * `upsert` takes either (Airflow's Variable.set, for the CLI and seeds).
 */
export type TSetVariableMode = 'create' | 'update' | 'upsert';

/** Stores a variable's value encrypted; every variable is, since any of them may hold a secret. */
export async function setVariable(
  ctx: TServiceContext,
  box: SecretBox,
  key: string,
  write: TVariableWrite,
  mode: TSetVariableMode = 'upsert',
): Promise<TVariableView> {
  requireRole(ctx, 'editor');
  try {
    return await ctx.db.$transaction(async (tx) => {
      const where = { workspaceId_key: { workspaceId: ctx.workspaceId, key } };
      const existing = await tx.variable.findUnique({ where, select: { id: true } });
      if (existing && mode === 'create') throw duplicate(key);
      if (!existing && mode === 'update') throw variableNotFound(key);
      const valueEncrypted = write.value === undefined ? undefined : box.encrypt(write.value);
      let row;
      if (existing) {
        row = await tx.variable.update({ where, data: { valueEncrypted, description: write.description }, select: VARIABLE_VIEW_SELECT });
      } else {
        if (valueEncrypted === undefined) throw new AppError('invalid_input', `Variable '${key}' needs a value.`);
        const data = { workspaceId: ctx.workspaceId, key, valueEncrypted, description: write.description ?? null };
        row = await tx.variable.create({ data, select: VARIABLE_VIEW_SELECT });
      }
      // Field names only: the value may be a secret.
      const fields = Object.entries(write).filter(([, value]) => value !== undefined).map(([name]) => name);
      await recordAudit(tx, ctx, { action: 'variable.set', targetType: 'variable', targetId: key, details: { created: !existing, fields } });
      return toVariableView(row, box);
    });
  } catch (error) {
    // Two requests creating the same key at once: the unique index decides, the loser hears 409.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') throw duplicate(key);
    throw error;
  }
}

function duplicate(key: string): AppError {
  return new AppError('conflict', `A variable '${key}' already exists in this workspace.`);
}
