import { z } from 'zod';
import type { TTimelineEntry } from '../../domain/incidents/incident-timeline';
import { acknowledgeIncident } from '../../services/incidents/acknowledge-incident';
import { getIncident, type TIncidentDetail, type TIncidentRunRef } from '../../services/incidents/get-incident';
import { getPostmortem } from '../../services/incidents/get-postmortem';
import { INCIDENT_STATES, type TIncidentItem } from '../../services/incidents/incident-view';
import { listIncidents } from '../../services/incidents/list-incidents';
import type { TPostmortemView } from '../../services/incidents/postmortem-view';
import { resolveIncident } from '../../services/incidents/resolve-incident';
import { savePostmortem } from '../../services/incidents/save-postmortem';
import { AppError } from '../../services/app-error';
import { iso, json, jsonBody, queryParams, ZPaginationSchema } from '../http';
import { defineRoutes } from '../route';

const ZDateTimeSchema = z.iso.datetime({ offset: true, error: 'expected an ISO 8601 date-time such as 2024-01-01T00:00:00Z' });

const ZListQuerySchema = ZPaginationSchema.extend({
  dag_id: z.string().min(1).optional(),
  state: z.enum(INCIDENT_STATES, { error: `state must be one of: ${INCIDENT_STATES.join(', ')}` }).optional(),
  q: z.string().trim().max(200, 'q is longer than 200 characters').optional(),
  opened_at_gte: ZDateTimeSchema.optional(),
  opened_at_lte: ZDateTimeSchema.optional(),
});

const PATCHABLE_STATES = ['acknowledged', 'resolved'] as const;
const ZPatchSchema = z.strictObject({
  state: z.enum(PATCHABLE_STATES, { error: 'state must be acknowledged or resolved' }),
});

const ZPostmortemSchema = z.strictObject({
  markdown: z.string({ error: 'markdown is required (a string)' }),
  is_draft: z.boolean({ error: 'is_draft must be true or false' }).default(false),
});

function incidentJson(item: TIncidentItem) {
  return {
    id: item.id,
    dag_id: item.dagId,
    title: item.title,
    state: item.state,
    opened_at: iso(item.openedAt),
    acknowledged_at: iso(item.acknowledgedAt),
    acknowledged_by: item.acknowledgedBy,
    resolved_at: iso(item.resolvedAt),
    resolved_by: item.resolvedBy,
    failure_count: item.failureCount,
    postmortem_required: item.postmortemRequired,
    postmortem_state: item.postmortemState,
    postmortem_pending: item.postmortemPending,
    tta_seconds: item.ttaSeconds,
    ttr_seconds: item.ttrSeconds,
  };
}

function runRefJson(run: TIncidentRunRef | null) {
  return run ? { dag_run_id: run.runId, logical_date: iso(run.logicalDate) } : null;
}

function timelineJson(entry: TTimelineEntry) {
  return { at: iso(entry.at), kind: entry.kind, text: entry.text, actor: entry.actor, link: entry.link };
}

function incidentDetailJson(incident: TIncidentDetail) {
  return {
    ...incidentJson(incident),
    first_run: runRefJson(incident.firstRun),
    resolving_run: runRefJson(incident.resolvingRun),
    timeline: incident.timeline.map(timelineJson),
  };
}

function postmortemJson(postmortem: TPostmortemView) {
  return {
    markdown: postmortem.markdown,
    is_draft: postmortem.isDraft,
    author: postmortem.author,
    updated_at: iso(postmortem.updatedAt),
    revisions: postmortem.revisions.map((revision) => ({ id: revision.id, author: revision.author, created_at: iso(revision.createdAt) })),
  };
}

export const incidentsRoutes = defineRoutes([
  {
    method: 'GET',
    path: '/incidents',
    auth: 'token',
    async handler({ ctx, url }) {
      const query = queryParams(url, ZListQuerySchema);
      const { items, total } = await listIncidents(ctx, {
        dagId: query.dag_id,
        state: query.state,
        q: query.q,
        from: query.opened_at_gte ? new Date(query.opened_at_gte) : undefined,
        // Inclusive, as Airflow's *_lte filters: the service's bound is exclusive.
        to: query.opened_at_lte ? new Date(new Date(query.opened_at_lte).getTime() + 1) : undefined,
        limit: query.limit,
        offset: query.offset,
      });
      return json({ incidents: items.map(incidentJson), total_entries: total });
    },
  },
  {
    method: 'GET',
    path: '/incidents/:incident_id',
    auth: 'token',
    async handler({ ctx, params }) {
      return json(incidentDetailJson(await getIncident(ctx, params.incident_id!)));
    },
  },
  {
    method: 'PATCH',
    path: '/incidents/:incident_id',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZPatchSchema);
      const id = params.incident_id!;
      if (body.state === 'acknowledged') await acknowledgeIncident(ctx, id);
      else await resolveIncident(ctx, id);
      return json(incidentDetailJson(await getIncident(ctx, id)));
    },
  },
  {
    method: 'GET',
    path: '/incidents/:incident_id/postmortem',
    auth: 'token',
    async handler({ ctx, params }) {
      const id = params.incident_id!;
      const postmortem = await getPostmortem(ctx, id);
      if (!postmortem) throw new AppError('not_found', `Incident '${id}' has no post-mortem yet: a draft is written when it resolves, or PUT one.`);
      return json(postmortemJson(postmortem));
    },
  },
  {
    method: 'PUT',
    path: '/incidents/:incident_id/postmortem',
    auth: 'token',
    async handler({ ctx, params, request }) {
      const body = await jsonBody(request, ZPostmortemSchema);
      return json(postmortemJson(await savePostmortem(ctx, params.incident_id!, { markdown: body.markdown, isDraft: body.is_draft })));
    },
  },
]);
