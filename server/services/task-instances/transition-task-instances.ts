import { Prisma } from '../../db/client';
import type { TDb } from '../../db/sql';
import { assertTransition, type TTaskInstanceState } from '../../domain/state/task-instance-state';
import { lockedTaskInstances } from './locked-task-instances';

/**
 * The one writer of task-instance states: a compare-and-set that moves the instances still in
 * one of `from` to `to` and returns those it moved. An instance another process moved first is
 * left alone (that is how a duplicate queue delivery or a late worker becomes a no-op).
 * Every pair is checked against the domain's transition table before anything is written.
 */
export async function transitionTaskInstances(
  db: TDb,
  input: { ids: readonly string[]; from: readonly TTaskInstanceState[]; to: TTaskInstanceState; set?: Prisma.Sql },
): Promise<string[]> {
  for (const from of input.from) assertTransition(from, input.to);
  if (input.ids.length === 0) return [];
  const extra = input.set ? Prisma.sql`, ${input.set}` : Prisma.empty;
  const rows = await db.$queryRaw<{ id: string }[]>`
    with locked as materialized (${lockedTaskInstances(input.ids)})
    update task_instance ti set state = ${input.to}, "updatedAt" = clock_timestamp() ${extra}
    from locked where ti.id = locked.id and ti.state = any(${[...input.from]}::text[])
    returning ti.id`;
  return rows.map((row) => row.id);
}
