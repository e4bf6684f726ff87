/*
 * How many runs the grid shows: 25, 50, 100 or 365, from the URL's `?runs=` (so a shared link
 * shows the same columns), else the user's last choice in this browser, else 25. Pure: the
 * hook in use-runs-choice.ts reads the URL and localStorage.
 */

export const RUN_CHOICES = [25, 50, 100, 365] as const;
export type TRunsChoice = (typeof RUN_CHOICES)[number];
export const DEFAULT_RUNS: TRunsChoice = 25;

/** One of the choices, or null for anything else (a typo in a pasted URL falls back, not errors). */
export function runsChoice(value: string | null | undefined): TRunsChoice | null {
  return RUN_CHOICES.find((choice) => String(choice) === value) ?? null;
}

/** `href` with `runs=N` in its query (kept beside `?try=`, before `#L`), or unchanged without a choice. */
export function withRunsQuery(href: string, runs: TRunsChoice | null): string {
  if (runs === null) return href;
  const url = new URL(href, 'http://grid.invalid');
  url.searchParams.set('runs', String(runs));
  return `${url.pathname}${url.search}${url.hash}`;
}
