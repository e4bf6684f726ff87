/**
 * The audit log's filters as they live in the page's URL (`?actor=…&action=…&dag=…&from=…&to=…`,
 * days as YYYY-MM-DD), so a filtered view can be shared by its link, and as the query's input
 * (instants). A day means the viewer's local day: `to` includes its whole day.
 */

export type TAuditUrlFilter = { actor: string; action: string; dag: string; from: string; to: string };

const KEYS = ['actor', 'action', 'dag', 'from', 'to'] as const;
const DAY = /^\d{4}-\d{2}-\d{2}$/;

type TSearch = { get(name: string): string | null };

export function filterFromSearch(search: TSearch): TAuditUrlFilter {
  const value = (key: (typeof KEYS)[number]) => search.get(key)?.trim() ?? '';
  const day = (key: 'from' | 'to') => (DAY.test(value(key)) ? value(key) : '');
  return { actor: value('actor'), action: value('action'), dag: value('dag'), from: day('from'), to: day('to') };
}

/** The query string for a filter: empty parts are left out, so a bare URL means "everything". */
export function searchOfFilter(filter: TAuditUrlFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) if (filter[key] !== '') params.set(key, filter[key]);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

/** Local midnight of `day` plus `addDays`, as an ISO instant. */
function localMidnight(day: string, addDays: number): string {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return new Date(year, month - 1, date + addDays).toISOString();
}

/** The tRPC input's filter part: `to` becomes the start of the next day (the service's end is exclusive). */
export function queryOfFilter(filter: TAuditUrlFilter) {
  return {
    ...(filter.actor ? { actor: filter.actor } : {}),
    ...(filter.action ? { action: filter.action } : {}),
    ...(filter.dag ? { dagId: filter.dag } : {}),
    ...(filter.from ? { from: localMidnight(filter.from, 0) } : {}),
    ...(filter.to ? { to: localMidnight(filter.to, 1) } : {}),
  };
}

export function isFiltered(filter: TAuditUrlFilter): boolean {
  return KEYS.some((key) => filter[key] !== '');
}
