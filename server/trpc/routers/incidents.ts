import { z } from 'zod';
import { acknowledgeIncident } from '../../services/incidents/acknowledge-incident';
import { getIncident, type TIncidentDetail, type TIncidentRunRef } from '../../services/incidents/get-incident';
import { getPostmortem, getPostmortemRevision } from '../../services/incidents/get-postmortem';
import { incidentStatsByDag } from '../../services/incidents/incident-stats-by-dag';
import { INCIDENT_STATES, type TIncidentItem } from '../../services/incidents/incident-view';
import { listIncidents } from '../../services/incidents/list-incidents';
import type { TPostmortemView } from '../../services/incidents/postmortem-view';
import { resolveIncident } from '../../services/incidents/resolve-incident';
import { savePostmortem } from '../../services/incidents/save-postmortem';
import { roleProcedure, router, workspaceProcedure } from '../init';

const ZIdSchema = z.string().min(1).max(100);
const ZDateSchema = z.iso.datetime({ offset: true });
// The service names the limit in its message; this bound only stops a runaway body early.
const ZMarkdownSchema = z.string().max(1_000_000);

export const ZIncidentListInputSchema = z.object({
  dagId: z.string().trim().min(1).max(250).optional(),
  state: z.enum(INCIDENT_STATES).optional(),
  q: z.string().trim().max(200).optional(),
  from: ZDateSchema.optional(),
  to: ZDateSchema.optional(),
  /** Only incidents flagged "post-mortem required" whose post-mortem is not written yet. */
  postmortemPending: z.boolean().optional(),
  limit: z.number().int().min(1).max(200).default(50),
  offset: z.number().int().min(0).default(0),
});

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Dates cross the wire as ISO text: the client has no transformer that would revive them. */
export function incidentItemJson(item: TIncidentItem) {
  return { ...item, openedAt: item.openedAt.toISOString(), acknowledgedAt: iso(item.acknowledgedAt), resolvedAt: iso(item.resolvedAt) };
}

function runRefJson(run: TIncidentRunRef | null) {
  return run ? { runId: run.runId, logicalDate: run.logicalDate.toISOString() } : null;
}

function incidentDetailJson(incident: TIncidentDetail) {
  return {
    ...incidentItemJson(incident),
    firstRun: runRefJson(incident.firstRun),
    resolvingRun: runRefJson(incident.resolvingRun),
    timeline: incident.timeline.map((entry) => ({ ...entry, at: entry.at.toISOString() })),
  };
}

function postmortemJson(postmortem: TPostmortemView) {
  return {
    ...postmortem,
    updatedAt: postmortem.updatedAt.toISOString(),
    revisions: postmortem.revisions.map((revision) => ({ ...revision, createdAt: revision.createdAt.toISOString() })),
  };
}

/** Incidents and their post-mortems: the incidents list, an incident's page and its post-mortem editor. */
export const incidentsRouter = router({
  list: workspaceProcedure.input(ZIncidentListInputSchema).query(async ({ ctx, input }) => {
    const { items, total } = await listIncidents(ctx.service, {
      ...input,
      from: input.from ? new Date(input.from) : undefined,
      to: input.to ? new Date(input.to) : undefined,
    });
    return { items: items.map(incidentItemJson), total };
  }),

  statsByDag: workspaceProcedure
    .input(z.object({ from: ZDateSchema.optional(), to: ZDateSchema.optional() }))
    .query(({ ctx, input }) => incidentStatsByDag(ctx.service, { from: input.from ? new Date(input.from) : undefined, to: input.to ? new Date(input.to) : undefined })),

  get: workspaceProcedure.input(z.object({ id: ZIdSchema })).query(async ({ ctx, input }) => incidentDetailJson(await getIncident(ctx.service, input.id))),

  acknowledge: roleProcedure('editor').input(z.object({ id: ZIdSchema })).mutation(async ({ ctx, input }) => {
    await acknowledgeIncident(ctx.service, input.id);
    return incidentDetailJson(await getIncident(ctx.service, input.id));
  }),

  resolve: roleProcedure('editor').input(z.object({ id: ZIdSchema })).mutation(async ({ ctx, input }) => {
    await resolveIncident(ctx.service, input.id);
    return incidentDetailJson(await getIncident(ctx.service, input.id));
  }),

  postmortem: workspaceProcedure.input(z.object({ id: ZIdSchema })).query(async ({ ctx, input }) => {
    const postmortem = await getPostmortem(ctx.service, input.id);
    return postmortem ? postmortemJson(postmortem) : null;
  }),

  savePostmortem: roleProcedure('editor')
    .input(z.object({ id: ZIdSchema, markdown: ZMarkdownSchema, isDraft: z.boolean() }))
    .mutation(async ({ ctx, input }) => postmortemJson(await savePostmortem(ctx.service, input.id, { markdown: input.markdown, isDraft: input.isDraft }))),

  revision: workspaceProcedure.input(z.object({ id: ZIdSchema, revisionId: ZIdSchema })).query(async ({ ctx, input }) => {
    const revision = await getPostmortemRevision(ctx.service, input.id, input.revisionId);
    return { ...revision, createdAt: revision.createdAt.toISOString() };
  }),
});
