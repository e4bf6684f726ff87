import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import type { TStateChangeReason } from '../../domain/state/state-change-reason';

/**
 * The one writer of state_change_event. Every writer of a task-instance or run state (the
 * worker's completion, zombies, timeouts, marks, clears, the scheduler's decisions, run
 * starts and ends) records its changes through it, in the same statement or transaction as
 * the change, so an event exists exactly when the change committed. The scheduler's own
 * bookkeeping moves (none → scheduled → queued → running, a sensor's reschedule pokes) are not
 * recorded: nobody is alerted about them, and they are most of the engine's writes.
 *
 * `rows` is a query with the columns workspace_id, dag_run_id, task_instance_id (null for a
 * run), try_number, from_state, to_state, reason, actor: it is used as a data-modifying CTE,
 *
 *   with moved as (update … returning …), events as (${insertStateChangeEvents(sql`select … from moved`)}) …
 */
export function insertStateChangeEvents(rows: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`
    insert into state_change_event ("workspaceId", "dagRunId", "taskInstanceId", "tryNumber", "fromState", "toState", reason, actor)
    select workspace_id, dag_run_id, task_instance_id, try_number, from_state, to_state, reason, actor from (${rows}) as e`;
}

export type TStateChange = {
  workspaceId: string;
  dagRunId: string;
  taskInstanceId: string | null;
  tryNumber: number | null;
  fromState: string;
  toState: string;
  reason: TStateChangeReason;
  actor: string | null;
};

/** Records changes the caller has in hand (its own transaction makes them atomic with the change). */
export async function recordStateChanges(db: TDb, changes: readonly TStateChange[]): Promise<void> {
  if (changes.length === 0) return;
  await db.$executeRaw`${insertStateChangeEvents(Prisma.sql`
    select * from unnest(${changes.map((c) => c.workspaceId)}::text[], ${changes.map((c) => c.dagRunId)}::text[],
                         ${changes.map((c) => c.taskInstanceId)}::text[], ${changes.map((c) => c.tryNumber)}::int[],
                         ${changes.map((c) => c.fromState)}::text[], ${changes.map((c) => c.toState)}::text[],
                         ${changes.map((c) => c.reason)}::text[], ${changes.map((c) => c.actor)}::text[])
      as c(workspace_id, dag_run_id, task_instance_id, try_number, from_state, to_state, reason, actor)`)}`;
}

/**
 * The event insert for the runs a data-modifying CTE named `moved` moved; it must return
 * id, "workspaceId", from_state and to_state:
 *
 *   with moved as (update dag_run … returning id, "workspaceId", 'running' as from_state, state as to_state),
 *   events as (${runStateChangeEvents('run_succeeded')}) select …
 */
export function runStateChangeEvents(reason: TStateChangeReason | Prisma.Sql, actor: string | null = null): Prisma.Sql {
  const code = typeof reason === 'string' ? Prisma.sql`${reason}::text` : reason;
  return insertStateChangeEvents(Prisma.sql`
    select m."workspaceId" as workspace_id, m.id as dag_run_id, null::text as task_instance_id, null::int as try_number,
           m.from_state::text, m.to_state::text, ${code} as reason, ${actor}::text as actor
    from moved m`);
}
