import { TASK_STATES } from '../../../components/state-badge';

/**
 * The task-instance browser's filters live in its URL query, so a filtered view can be shared,
 * bookmarked and linked from the workspace home. Dates are UTC minutes (`2026-03-10T12:00`),
 * what a datetime-local field holds.
 */
export type TBrowserFilters = {
  state?: string;
  runState?: string;
  dagId?: string;
  owner?: string;
  from?: string;
  to?: string;
  /** The keyset cursor of the page to show (absent: the first page). */
  after?: string;
};

const PARAMS = { state: 'state', runState: 'run_state', dagId: 'dag_id', owner: 'owner', from: 'from', to: 'to', after: 'after' } as const satisfies Record<keyof TBrowserFilters, string>;
export const RUN_STATES = ['queued', 'running', 'success', 'failed'] as const;
const MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/** The browser's URL with these filters (empty ones left out). */
export function taskInstancesHref(workspace: string, filters: TBrowserFilters = {}): string {
  const query = new URLSearchParams();
  for (const key of Object.keys(PARAMS) as (keyof TBrowserFilters)[]) {
    const value = filters[key];
    if (value) query.set(PARAMS[key], value);
  }
  const text = query.toString();
  return `/w/${encodeURIComponent(workspace)}/task-instances${text ? `?${text}` : ''}`;
}

/** An ISO instant as the URL's UTC minute. */
export function utcMinute(isoText: string): string {
  return isoText.slice(0, 16);
}

type TTaskState = (typeof TASK_STATES)[number];
type TRunState = (typeof RUN_STATES)[number];
type TBrowseInput = { states?: TTaskState[]; runStates?: TRunState[]; dagId?: string; owner?: string; from?: string; to?: string; after?: string };

/** The filters of a URL query, the browse query's input they make, and why any was ignored. */
export function parseBrowserFilters(query: URLSearchParams): { filters: TBrowserFilters; input: TBrowseInput; problems: string[] } {
  const filters: TBrowserFilters = {};
  for (const key of Object.keys(PARAMS) as (keyof TBrowserFilters)[]) {
    const value = query.get(PARAMS[key])?.trim();
    if (value) filters[key] = value;
  }
  const problems: string[] = [];
  const input: TBrowseInput = { dagId: filters.dagId, owner: filters.owner, after: filters.after };
  if (filters.state) {
    const state = TASK_STATES.find((known) => known === filters.state);
    if (state) input.states = [state];
    else problems.push(`state: '${filters.state}' is not a task instance state.`);
  }
  if (filters.runState) {
    const runState = RUN_STATES.find((known) => known === filters.runState);
    if (runState) input.runStates = [runState];
    else problems.push(`run_state: '${filters.runState}' is not a run state.`);
  }
  for (const key of ['from', 'to'] as const) {
    const value = filters[key];
    if (!value) continue;
    const instant = MINUTE.test(value) ? new Date(`${value}:00Z`) : null;
    if (instant && !Number.isNaN(instant.getTime())) input[key] = instant.toISOString();
    else problems.push(`${key}: '${value}' is not a UTC date and time like 2026-03-10T12:00.`);
  }
  return { filters, input, problems };
}
