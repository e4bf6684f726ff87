import type { PrismaClient } from '../../server/db/client';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';

const HOUR = 3_600_000;

/** `tasks` bash tasks in a chain: t00 >> t01 >> ... */
function chainSpec(dagId: string, tasks: number): string {
  const ids = Array.from({ length: tasks }, (_, i) => `t${String(i).padStart(2, '0')}`);
  const lines = ids.map((id, i) => `  - { task_id: ${id}, type: bash, bash_command: "echo ${id}"${i > 0 ? `, depends_on: ${ids[i - 1]}` : ''} }`);
  return `dag_id: ${dagId}\nschedule: "@hourly"\nstart_date: 2020-01-01\ntasks:\n${lines.join('\n')}\n`;
}

/**
 * A paused hourly DAG with `runs` finished runs from 2020-01-01 on, every run with an instance
 * of each of its `tasks` tasks, written with set-based inserts (generate_series), as a DAG that
 * has run for years would have them: mostly success, a failure in every ten runs with its
 * downstream upstream_failed, a retry here and there. Planner statistics are gathered, as
 * autovacuum would on a live database. Paused and finished: a running scheduler leaves it alone.
 */
export async function seedLongHistory(db: PrismaClient, workspaceId: string, input: { dagId: string; runs: number; tasks: number }) {
  const deployed = await deployDag(systemContext(db, workspaceId, 'seed'), { source: chainSpec(input.dagId, input.tasks) });
  const first = new Date(Date.UTC(2020, 0, 1));
  await db.$executeRaw`
    insert into dag_run (id, "workspaceId", "dagPk", "dagVersionId", "runId", "runType", state, "logicalDate",
      "dataIntervalStart", "dataIntervalEnd", "runAfter", "queuedAt", "startDate", "endDate", "updatedAt")
    select gen_random_uuid()::text, ${workspaceId}, ${deployed.dag.id}, ${deployed.version.id},
      'scheduled__' || to_char(s.logical at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS') || '+00:00', 'scheduled',
      case when s.i % 10 = 3 then 'failed' else 'success' end,
      s.logical, s.logical, s.logical + interval '1 hour', s.logical + interval '1 hour',
      s.logical + interval '1 hour', s.logical + interval '1 hour 1 second', s.logical + interval '1 hour 5 minutes', clock_timestamp()
    from (select i, ${first}::timestamptz + make_interval(hours => i) as logical from generate_series(0, ${input.runs - 1}) as i) s`;
  const taskIds = Array.from({ length: input.tasks }, (_, i) => `t${String(i).padStart(2, '0')}`);
  // In a failed run the middle task failed and everything after it was upstream_failed.
  const failing = Math.floor(input.tasks / 2);
  await db.$executeRaw`
    insert into task_instance (id, "workspaceId", "dagRunId", "taskId", "taskType", state, "tryNumber", "maxTries",
      "queuedAt", "startDate", "endDate", duration, "updatedAt")
    select gen_random_uuid()::text, r."workspaceId", r.id, t.task_id, 'bash', s.state,
      case when s.ran then 1 + (abs(hashtext(r.id || t.task_id)) % 13 = 0)::int else 0 end, 2,
      case when s.ran then r."startDate" end,
      case when s.ran then r."startDate" + make_interval(secs => t.position * 10) end,
      case when s.ran then r."startDate" + make_interval(secs => t.position * 10 + 8) end,
      case when s.ran then 8 end,
      clock_timestamp()
    from dag_run r
    cross join unnest(${taskIds}::text[]) with ordinality as t(task_id, position)
    cross join lateral (
      select case when r.state = 'success' or t.position - 1 < ${failing} then 'success'
                  when t.position - 1 = ${failing} then 'failed' else 'upstream_failed' end as state
    ) verdict
    cross join lateral (select verdict.state, verdict.state <> 'upstream_failed' as ran) s
    where r."dagPk" = ${deployed.dag.id}`;
  await db.$executeRaw`vacuum analyze dag, dag_run, task_instance, dag_version`;
  return { ...deployed, lastLogicalDate: new Date(first.getTime() + (input.runs - 1) * HOUR) };
}
