import { AppError } from '../app-error';
import { requireRole, type TServiceContext } from '../context';
import { recordAudit } from '../audit/record-audit';
import { readPostmortem } from './get-postmortem';
import { findIncidentRow } from './incident-view';
import { POSTMORTEM_MAX_CHARS, type TPostmortemView } from './postmortem-view';

/**
 * Writes the incident's post-mortem (creating it if the incident has none yet) and keeps the
 * text as a revision, so every save can be read back. Saved with isDraft false it counts as
 * written: the incident leaves the "post-mortem required" list.
 */
export async function savePostmortem(ctx: TServiceContext, incidentId: string, input: { markdown: string; isDraft: boolean }): Promise<TPostmortemView> {
  requireRole(ctx, 'editor');
  if (input.markdown.length > POSTMORTEM_MAX_CHARS) {
    const message = `markdown is ${input.markdown.length.toLocaleString('en')} characters; the limit is ${POSTMORTEM_MAX_CHARS.toLocaleString('en')}.`;
    throw new AppError('invalid_input', message, [{ path: 'markdown', line: null, column: null, message }]);
  }
  const row = await findIncidentRow(ctx.db, ctx.workspaceId, incidentId);
  await ctx.db.$transaction(async (tx) => {
    const postmortem = await tx.postmortem.upsert({
      where: { incidentId: row.id },
      create: { incidentId: row.id, markdown: input.markdown, isDraft: input.isDraft, authorId: ctx.actor.id },
      update: { markdown: input.markdown, isDraft: input.isDraft, authorId: ctx.actor.id },
      select: { id: true },
    });
    await tx.postmortemRevision.create({ data: { postmortemId: postmortem.id, markdown: input.markdown, authorId: ctx.actor.id } });
    await recordAudit(tx, ctx, { action: 'postmortem.save', targetType: 'incident', targetId: row.id, details: { dag_id: row.dagId, is_draft: input.isDraft, chars: input.markdown.length } });
  });
  const saved = await readPostmortem(ctx.db, ctx.workspaceId, row.id);
  if (!saved) throw new AppError('not_found', `Incident '${incidentId}' does not exist.`);
  return saved;
}
