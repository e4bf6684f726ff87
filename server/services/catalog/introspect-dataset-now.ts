import type { SecretBox } from '../../auth/secret-box';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { introspectDataset, type TIntrospection } from './introspect-dataset';

/**
 * "Introspect now" on a dataset: asks its warehouse at once and answers with what it said (or
 * why it could not be asked). Editor and above: it makes the server open a session with the
 * connection's credentials. A change seen here has no run.
 */
export async function introspectDatasetNow(ctx: TServiceContext, box: SecretBox, egress: TEgressPolicy, id: string): Promise<TIntrospection> {
  requireRole(ctx, 'editor');
  const dataset = await ctx.db.dataset.findFirst({ where: { id, workspaceId: ctx.workspaceId }, select: { id: true, workspaceId: true, connId: true, name: true } });
  if (!dataset) throw new AppError('not_found', `Dataset '${id}' does not exist.`);
  return introspectDataset(ctx.db, box, egress, dataset, null);
}
