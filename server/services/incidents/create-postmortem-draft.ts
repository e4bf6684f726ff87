import { randomUUID } from 'node:crypto';
import type { TDb } from '../../db/sql';
import { renderPostmortemDraft } from '../../domain/incidents/postmortem-draft';
import { gatherPostmortemFacts } from './gather-postmortem-facts';
import { findIncidentRow } from './incident-view';

/**
 * When an incident resolves (the relay's resolve, or a person's), its post-mortem starts as a
 * draft pre-filled with what the product knows, written by nobody (authorId null). An incident
 * that already has one keeps it. The draft is also the first revision, so the history shows
 * what the product wrote before anyone edited it. Returns whether a draft was written.
 */
export async function createPostmortemDraft(db: TDb, workspaceId: string, incidentId: string, now: Date): Promise<boolean> {
  const existing = await db.postmortem.findUnique({ where: { incidentId }, select: { id: true } });
  if (existing) return false;
  const row = await findIncidentRow(db, workspaceId, incidentId);
  const markdown = renderPostmortemDraft(await gatherPostmortemFacts(db, workspaceId, row, now));
  const id = randomUUID();
  // on conflict: a person saving at the same moment wins; the draft is only a starting point.
  const inserted = await db.$executeRaw`
    insert into postmortem (id, "incidentId", markdown, "isDraft", "authorId", "updatedAt")
    values (${id}, ${incidentId}, ${markdown}, true, null, clock_timestamp())
    on conflict ("incidentId") do nothing`;
  if (inserted === 0) return false;
  await db.postmortemRevision.create({ data: { postmortemId: id, markdown, authorId: null } });
  return true;
}
