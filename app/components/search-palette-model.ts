import type { inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from '@/server/trpc/routers/_app';
import { dagHref, datasetHref, incidentHref } from './links';

type TSearchHit = inferRouterOutputs<AppRouter>['search']['query'][number];

export type TPaletteHit = Pick<TSearchHit, 'kind' | 'id' | 'title' | 'detail' | 'field' | 'match' | 'datasetId' | 'dagId' | 'incidentId'>;

const KIND_LABELS: Record<TPaletteHit['kind'], string> = {
  dataset: 'Datasets',
  column: 'Columns',
  dag: 'DAGs',
  task: 'Tasks',
  incident: 'Incidents',
  postmortem: 'Post-mortems',
};

const FIELD_LABELS: Record<TPaletteHit['field'], string> = {
  name: 'name',
  title: 'title',
  column: 'column',
  task_id: 'task id',
  tag: 'tags',
  owner: 'owner',
  description: 'description',
  postmortem: 'post-mortem',
};

export const fieldLabel = (field: TPaletteHit['field']) => FIELD_LABELS[field];

/** Where a hit opens: a column opens its dataset, a task its DAG, a post-mortem its incident. */
export function hitHref(workspace: string, hit: TPaletteHit): string | null {
  switch (hit.kind) {
    case 'dataset':
    case 'column':
      return hit.datasetId === null ? null : datasetHref(workspace, hit.datasetId);
    case 'dag':
    case 'task':
      return hit.dagId === null ? null : dagHref(workspace, hit.dagId);
    case 'incident':
    case 'postmortem':
      return hit.incidentId === null ? null : incidentHref(workspace, hit.incidentId);
  }
}

export type THitGroup = { kind: TPaletteHit['kind']; label: string; hits: Array<{ hit: TPaletteHit; index: number }> };

/**
 * Hits grouped by kind, groups in the order of their best hit (the ranking puts name matches
 * first); `index` is the hit's place in the flat order the arrow keys walk.
 */
export function groupHits(hits: readonly TPaletteHit[]): THitGroup[] {
  const groups = new Map<TPaletteHit['kind'], TPaletteHit[]>();
  for (const hit of hits) groups.set(hit.kind, [...(groups.get(hit.kind) ?? []), hit]);
  let index = 0;
  return [...groups].map(([kind, members]) => ({ kind, label: KIND_LABELS[kind], hits: members.map((hit) => ({ hit, index: index++ })) }));
}

/** The match's text cut into plain and matched pieces, for React to render as text (never HTML). */
export function highlightSegments(match: TPaletteHit['match']): Array<{ text: string; matched: boolean }> {
  const segments: Array<{ text: string; matched: boolean }> = [];
  let at = 0;
  for (const [from, to] of match.ranges) {
    if (from > at) segments.push({ text: match.text.slice(at, from), matched: false });
    segments.push({ text: match.text.slice(from, to), matched: true });
    at = to;
  }
  if (at < match.text.length) segments.push({ text: match.text.slice(at), matched: false });
  return segments;
}

/**
 * `/` and Ctrl-K / Cmd-K open the palette, except while typing in a field or an editor, and
 * except a `/` a page already took for its own search box (the DAG list's filter).
 */
export function opensPalette(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey'> & { defaultPrevented?: boolean }, target: { tagName?: string; isContentEditable?: boolean; closest?: (selector: string) => unknown } | null): boolean {
  const typing = target !== null && (['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName ?? '') || target.isContentEditable === true || Boolean(target.closest?.('.cm-editor')));
  if (typing || event.altKey) return false;
  if (event.key === '/' && !event.ctrlKey && !event.metaKey) return event.defaultPrevented !== true;
  return event.key.toLowerCase() === 'k' && (event.ctrlKey || event.metaKey);
}
