/*
 * The incidents list's filters live in its URL query, so a filtered list can be shared and
 * linked (the home page links the open ones). Dates are UTC calendar days (`2026-03-10`), what a
 * date field holds: `from` counts from the start of its day, `to` up to the end of its day.
 */

export const INCIDENT_STATES = ['open', 'acknowledged', 'resolved'] as const;
export type TIncidentStateFilter = (typeof INCIDENT_STATES)[number];
export const INCIDENTS_PAGE_SIZE = 25;

export type TIncidentFilters = {
  dagId?: string;
  state?: string;
  q?: string;
  from?: string;
  to?: string;
  /** `1`: only incidents whose post-mortem is required and not written yet. */
  pending?: string;
  /** 1-based page. */
  page?: string;
};

const PARAMS = { dagId: 'dag_id', state: 'state', q: 'q', from: 'from', to: 'to', pending: 'postmortem_pending', page: 'page' } as const satisfies Record<keyof TIncidentFilters, string>;
const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;

/** The list's URL with these filters (empty ones left out). */
export function incidentsHref(workspace: string, filters: TIncidentFilters = {}): string {
  const query = new URLSearchParams();
  for (const key of Object.keys(PARAMS) as (keyof TIncidentFilters)[]) {
    const value = filters[key];
    if (value) query.set(PARAMS[key], value);
  }
  const text = query.toString();
  return `/w/${encodeURIComponent(workspace)}/incidents${text ? `?${text}` : ''}`;
}

export type TIncidentListInput = {
  dagId?: string;
  state?: TIncidentStateFilter;
  q?: string;
  from?: string;
  to?: string;
  postmortemPending?: boolean;
  limit: number;
  offset: number;
};

function dayStart(text: string): Date | null {
  if (!DAY.test(text)) return null;
  const date = new Date(`${text}T00:00:00Z`);
  return Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text ? null : date;
}

/** The filters of a URL query, the incidents.list input they make, and why any was ignored. */
export function parseIncidentFilters(query: URLSearchParams): { filters: TIncidentFilters; input: TIncidentListInput; page: number; problems: string[] } {
  const filters: TIncidentFilters = {};
  for (const key of Object.keys(PARAMS) as (keyof TIncidentFilters)[]) {
    const value = query.get(PARAMS[key])?.trim();
    if (value) filters[key] = value;
  }
  const problems: string[] = [];
  const page = filters.page && /^[1-9]\d{0,5}$/.test(filters.page) ? Number(filters.page) : 1;
  if (filters.page && page === 1 && filters.page !== '1') problems.push(`page: '${filters.page}' is not a page number.`);
  const input: TIncidentListInput = { dagId: filters.dagId, q: filters.q, limit: INCIDENTS_PAGE_SIZE, offset: (page - 1) * INCIDENTS_PAGE_SIZE };
  if (filters.state) {
    const state = INCIDENT_STATES.find((known) => known === filters.state);
    if (state) input.state = state;
    else problems.push(`state: '${filters.state}' is not an incident state (open, acknowledged, resolved).`);
  }
  if (filters.pending === '1') input.postmortemPending = true;
  const from = filters.from ? dayStart(filters.from) : null;
  if (filters.from && !from) problems.push(`from: '${filters.from}' is not a date like 2026-03-10.`);
  if (from) input.from = from.toISOString();
  const to = filters.to ? dayStart(filters.to) : null;
  if (filters.to && !to) problems.push(`to: '${filters.to}' is not a date like 2026-03-10.`);
  // The whole of the `to` day: incidents opened before the next midnight.
  if (to) input.to = new Date(to.getTime() + DAY_MS).toISOString();
  return { filters, input, page, problems };
}
