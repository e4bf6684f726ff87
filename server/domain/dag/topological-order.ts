import { err, ok, type Result } from '../result';

export type TEdge = { upstream: string; downstream: string };

function adjacency(taskIds: readonly string[], edges: readonly TEdge[]) {
  const index = new Map(taskIds.map((id, i) => [id, i]));
  const downstream = new Map<string, string[]>(taskIds.map((id) => [id, []]));
  const upstreamCount = new Map<string, number>(taskIds.map((id) => [id, 0]));
  const seen = new Set<string>();
  for (const { upstream, downstream: to } of edges) {
    const key = `${upstream}\u0000${to}`;
    if (!index.has(upstream) || !index.has(to) || seen.has(key)) continue;
    seen.add(key);
    downstream.get(upstream)?.push(to);
    upstreamCount.set(to, (upstreamCount.get(to) ?? 0) + 1);
  }
  const byAppearance = (a: string, b: string) => (index.get(a) ?? 0) - (index.get(b) ?? 0);
  for (const list of downstream.values()) list.sort(byAppearance);
  return { index, downstream, upstreamCount };
}

/**
 * Orders tasks so that every task comes after its upstreams; among tasks that are ready at the
 * same time the one listed first in the spec goes first, so the order is stable across edits
 * that do not touch the dependencies. Edges naming unknown tasks are ignored (they are reported
 * elsewhere). On a cycle, returns each loop found as `[a, b, c, a]`.
 */
export function topologicalOrder(taskIds: readonly string[], edges: readonly TEdge[]): Result<string[], string[][]> {
  const { index, downstream, upstreamCount } = adjacency(taskIds, edges);
  const ready = taskIds.filter((id) => upstreamCount.get(id) === 0);
  const order: string[] = [];
  while (ready.length > 0) {
    // Linear scan for the earliest: DAGs have tens of tasks, and this keeps ties in spec order.
    let best = 0;
    for (let i = 1; i < ready.length; i++) {
      if ((index.get(ready[i] ?? '') ?? 0) < (index.get(ready[best] ?? '') ?? 0)) best = i;
    }
    const [id] = ready.splice(best, 1);
    if (id === undefined) break;
    order.push(id);
    for (const next of downstream.get(id) ?? []) {
      const remaining = (upstreamCount.get(next) ?? 0) - 1;
      upstreamCount.set(next, remaining);
      if (remaining === 0) ready.push(next);
    }
  }
  if (order.length === taskIds.length) return ok(order);
  const placed = new Set(order);
  return err(findCycles(taskIds.filter((id) => !placed.has(id)), downstream));
}

/** Depth-first search over the tasks left unordered; every edge back onto the path closes a loop. */
function findCycles(remaining: readonly string[], downstream: ReadonlyMap<string, readonly string[]>): string[][] {
  const inRemaining = new Set(remaining);
  const done = new Set<string>();
  const cycles: string[][] = [];
  const path: string[] = [];
  const visit = (id: string): void => {
    path.push(id);
    for (const next of downstream.get(id) ?? []) {
      if (!inRemaining.has(next) || done.has(next)) continue;
      const at = path.indexOf(next);
      if (at >= 0) cycles.push([...path.slice(at), next]);
      else visit(next);
    }
    path.pop();
    done.add(id);
  };
  for (const id of remaining) if (!done.has(id)) visit(id);
  return cycles;
}
