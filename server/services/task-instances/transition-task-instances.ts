import { Prisma } from '../../db/client';
import type { TSql } from '../../db/sql';
import type { TStateChangeReason } from '../../domain/state/state-change-reason';
import { assertTransition, type TTaskInstanceState } from '../../domain/state/task-instance-state';
import { insertStateChangeEvents } from '../state-events/state-change-events';
import { lockedTaskInstances } from './locked-task-instances';

/** Why the move happens, recorded as a state-change event; absent for the scheduler's own bookkeeping moves. */
export type TTransitionEvent = { reason: TStateChangeReason; actor?: string | null };

/**
 * The one writer of task-instance states: a compare-and-set that moves the instances still in
 * one of `from` to `to` and returns those it moved. An instance another process moved first is
 * left alone (that is how a duplicate queue delivery or a late worker becomes a no-op).
 * Every pair is checked against the domain's transition table before anything is written, and
 * with `event` each move records its state-change event in the same statement.
 */
export async function transitionTaskInstances(
  db: TSql,
  input: { ids: readonly string[]; from: readonly TTaskInstanceState[]; to: TTaskInstanceState; set?: Prisma.Sql; event?: TTransitionEvent },
): Promise<string[]> {
  for (const from of input.from) assertTransition(from, input.to);
  if (input.ids.length === 0) return [];
  const extra = input.set ? Prisma.sql`, ${input.set}` : Prisma.empty;
  const events = input.event
    ? Prisma.sql`, events as (${insertStateChangeEvents(Prisma.sql`
        select m."workspaceId" as workspace_id, m."dagRunId" as dag_run_id, m.id as task_instance_id, m."tryNumber" as try_number,
               m.locked_state as from_state, ${input.to}::text as to_state, ${input.event.reason}::text as reason,
               ${input.event.actor ?? null}::text as actor
        from moved m`)})`
    : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    with locked as materialized (${lockedTaskInstances(input.ids)}),
    moved as (
      update task_instance ti set state = ${input.to}, "updatedAt" = clock_timestamp() ${extra}
      from locked where ti.id = locked.id and ti.state = any(${[...input.from]}::text[])
      returning ti.id, ti."workspaceId", ti."dagRunId", ti."tryNumber", locked.locked_state
    )${events}
    select id from moved`;
  return rows.map((row) => row.id);
}
