import type { TTimelineEntry } from '../../domain/incidents/incident-timeline';
import { requireRole, type TServiceContext } from '../context';
import { loadIncidentItem, type TIncidentItem } from './incident-view';
import { loadIncidentTimeline } from './load-incident-timeline';

export type TIncidentRunRef = { runId: string; logicalDate: Date };

export type TIncidentDetail = TIncidentItem & {
  firstRun: TIncidentRunRef | null;
  resolvingRun: TIncidentRunRef | null;
  timeline: TTimelineEntry[];
};

/** One incident with the runs that opened and resolved it and its timeline. */
export async function getIncident(ctx: TServiceContext, id: string, now: Date = new Date()): Promise<TIncidentDetail> {
  requireRole(ctx, 'viewer');
  const { row, item } = await loadIncidentItem(ctx, id);
  const runIds = [row.firstDagRunId, row.resolvingDagRunId].filter((runId): runId is string => runId !== null);
  const [runs, facts] = await Promise.all([
    ctx.db.dagRun.findMany({ where: { id: { in: runIds }, workspaceId: ctx.workspaceId }, select: { id: true, runId: true, logicalDate: true } }),
    loadIncidentTimeline(ctx.db, ctx.workspaceId, row, now),
  ]);
  const ref = (runPk: string | null) => {
    const run = runs.find((candidate) => candidate.id === runPk);
    return run ? { runId: run.runId, logicalDate: run.logicalDate } : null;
  };
  return { ...item, firstRun: ref(row.firstDagRunId), resolvingRun: ref(row.resolvingDagRunId), timeline: facts.timeline };
}
