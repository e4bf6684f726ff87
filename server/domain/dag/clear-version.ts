/**
 * Which DAG version a Clear should re-run by default: the run's pinned version, or the DAG's
 * latest. After a fix is deployed, re-running the pinned version only fails again, so the
 * latest is suggested whenever it differs and still has every task being cleared; a task the
 * latest dropped would not run at all there, so then the pinned version is suggested.
 */
export type TClearVersionSuggestion = {
  suggested: 'latest' | 'pinned';
  /** Tasks being cleared that the latest version no longer has. */
  missingInLatest: string[];
  /** Tasks the latest version has and the pinned one lacks: they run too when re-pinned. */
  addedInLatest: string[];
};

export function suggestClearVersion(input: {
  pinnedVersion: number;
  latestVersion: number;
  pinnedTaskIds: readonly string[];
  latestTaskIds: readonly string[];
  clearedTaskIds: readonly string[];
}): TClearVersionSuggestion {
  if (input.latestVersion === input.pinnedVersion) return { suggested: 'pinned', missingInLatest: [], addedInLatest: [] };
  const latest = new Set(input.latestTaskIds);
  const pinned = new Set(input.pinnedTaskIds);
  const missingInLatest = [...new Set(input.clearedTaskIds)].filter((taskId) => !latest.has(taskId)).sort();
  const addedInLatest = input.latestTaskIds.filter((taskId) => !pinned.has(taskId)).sort();
  return { suggested: missingInLatest.length === 0 ? 'latest' : 'pinned', missingInLatest, addedInLatest };
}
