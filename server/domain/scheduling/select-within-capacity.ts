export type TCapacityCandidate = { id: string; workspaceId: string; dagPk: string; pool: string; poolSlots: number };

/** A chosen instance and its place in the queue: workers take higher priorities first. */
export type TQueueChoice = { id: string; priority: number };

type TCapacity = {
  candidates: readonly TCapacityCandidate[];
  /** What each workspace has queued or running now, against its quota. */
  activeTasksByWorkspace: ReadonlyMap<string, number>;
  maxRunningTasksByWorkspace: ReadonlyMap<string, number>;
  activeTasksByDag: ReadonlyMap<string, number>;
  maxActiveTasksByDag: ReadonlyMap<string, number>;
  usedSlotsByPool: ReadonlyMap<string, number>;
  slotsByPool: ReadonlyMap<string, number>;
};

/**
 * Picks the scheduled instances that fit: each workspace below its running-task quota, each
 * DAG below its max_active_tasks and each pool below its slots, counting what is already queued
 * or running. An instance that does not fit is skipped, and a smaller one behind it may still
 * fit (as Airflow's executor does with pools).
 *
 * Workspaces take turns (see interleaveByWorkspace), and each choice's priority is minus the
 * number of tasks its workspace has in flight when it is queued: a workspace's first task
 * outranks every other workspace's second, so a workspace with little running goes ahead of
 * one that has a deep queue, in this pass and in the job queue's fetch order.
 */
export function selectWithinCapacity(input: TCapacity): TQueueChoice[] {
  const inWorkspace = new Map(input.activeTasksByWorkspace);
  const activeTasks = new Map(input.activeTasksByDag);
  const usedSlots = new Map(input.usedSlotsByPool);
  const chosen: TQueueChoice[] = [];
  for (const candidate of interleaveByWorkspace(input.candidates, input.activeTasksByWorkspace)) {
    const running = inWorkspace.get(candidate.workspaceId) ?? 0;
    const quota = input.maxRunningTasksByWorkspace.get(candidate.workspaceId) ?? 0;
    const active = activeTasks.get(candidate.dagPk) ?? 0;
    const maxActive = input.maxActiveTasksByDag.get(candidate.dagPk) ?? 0;
    const used = usedSlots.get(candidate.pool) ?? 0;
    const slots = input.slotsByPool.get(candidate.pool) ?? 0;
    if (running >= quota || active >= maxActive || used + candidate.poolSlots > slots) continue;
    inWorkspace.set(candidate.workspaceId, running + 1);
    activeTasks.set(candidate.dagPk, active + 1);
    usedSlots.set(candidate.pool, used + candidate.poolSlots);
    chosen.push({ id: candidate.id, priority: 0 - running }); // not `-running`, which makes -0
  }
  return chosen;
}

/**
 * Round-robin across workspaces: each workspace's candidates keep their order and are ranked
 * 0, 1, 2...; the result is ordered by rank, so every workspace with work gets a turn before
 * any gets a second. Within a rank, the workspace with fewer tasks in flight goes first (then
 * by id, so the order is stable).
 */
export function interleaveByWorkspace<T extends { workspaceId: string }>(candidates: readonly T[], activeByWorkspace: ReadonlyMap<string, number>): T[] {
  const rankInWorkspace = new Map<string, number>();
  const ranked = candidates.map((candidate, index) => {
    const rank = rankInWorkspace.get(candidate.workspaceId) ?? 0;
    rankInWorkspace.set(candidate.workspaceId, rank + 1);
    return { candidate, rank, active: activeByWorkspace.get(candidate.workspaceId) ?? 0, index };
  });
  ranked.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.active - b.active ||
      (a.candidate.workspaceId < b.candidate.workspaceId ? -1 : a.candidate.workspaceId > b.candidate.workspaceId ? 1 : 0) ||
      a.index - b.index,
  );
  return ranked.map((entry) => entry.candidate);
}
