import type { TDb } from '../../db/sql';
import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { actorLabels, findIncidentRow } from './incident-view';
import type { TPostmortemView } from './postmortem-view';

/** The incident's post-mortem with its revisions; null while it has none (an unresolved incident). */
export async function getPostmortem(ctx: TServiceContext, incidentId: string): Promise<TPostmortemView | null> {
  requireRole(ctx, 'viewer');
  await findIncidentRow(ctx.db, ctx.workspaceId, incidentId);
  return readPostmortem(ctx.db, ctx.workspaceId, incidentId);
}

export async function readPostmortem(db: TDb, workspaceId: string, incidentId: string): Promise<TPostmortemView | null> {
  const postmortem = await db.postmortem.findUnique({
    where: { incidentId },
    select: {
      markdown: true, isDraft: true, authorId: true, updatedAt: true,
      revisions: { orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true, authorId: true, createdAt: true } },
    },
  });
  if (!postmortem) return null;
  const labels = await actorLabels(db, workspaceId, [postmortem.authorId, ...postmortem.revisions.map((revision) => revision.authorId)]);
  const label = (id: string | null) => (id === null ? null : (labels.get(id) ?? 'a removed user'));
  return {
    markdown: postmortem.markdown,
    isDraft: postmortem.isDraft,
    author: label(postmortem.authorId),
    updatedAt: postmortem.updatedAt,
    revisions: postmortem.revisions.map((revision) => ({ id: revision.id, author: label(revision.authorId), createdAt: revision.createdAt })),
  };
}

/** One saved revision of the incident's post-mortem. */
export async function getPostmortemRevision(ctx: TServiceContext, incidentId: string, revisionId: string): Promise<{ markdown: string; author: string | null; createdAt: Date }> {
  requireRole(ctx, 'viewer');
  await findIncidentRow(ctx.db, ctx.workspaceId, incidentId);
  const revision = await ctx.db.postmortemRevision.findFirst({
    where: { id: revisionId, postmortem: { incidentId } },
    select: { markdown: true, authorId: true, createdAt: true },
  });
  if (!revision) throw new AppError('not_found', `Revision '${revisionId}' of the post-mortem of incident '${incidentId}' does not exist.`);
  const labels = await actorLabels(ctx.db, ctx.workspaceId, [revision.authorId]);
  return { markdown: revision.markdown, author: revision.authorId === null ? null : (labels.get(revision.authorId) ?? 'a removed user'), createdAt: revision.createdAt };
}
