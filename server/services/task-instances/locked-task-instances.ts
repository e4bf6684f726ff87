import { Prisma } from '../../db/client';

/**
 * The rows a task-instance writer may touch, locked in id order before it updates them:
 *
 *   with locked as (<lockedTaskInstances(ids)>) update task_instance ti ... from locked where ti.id = locked.id
 *
 * Every writer of several instances at once (the worker's group commit, its heartbeats and
 * claims, the scheduler's transitions, zombie detection, clears and marks) takes its locks in
 * this one order, so two of them working on overlapping instances wait for each other instead
 * of deadlocking. A materialized CTE is read in its own order, and the update can only reach a
 * row once the CTE has produced (and locked) it. `for no key update` leaves foreign-key checks
 * (an attempt or a log chunk inserted for the instance) unblocked. `locked_state` is the state
 * the row had once locked (what a state-change event records as its `from`).
 */
export function lockedTaskInstances(ids: readonly string[]): Prisma.Sql {
  return Prisma.sql`select id, state as locked_state from task_instance where id = any(${[...ids]}::text[]) order by id for no key update`;
}
