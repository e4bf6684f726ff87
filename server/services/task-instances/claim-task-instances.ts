import os from 'node:os';
import type { TSql } from '../../db/sql';
import { assertTransition } from '../../domain/state/task-instance-state';
import type { TTaskExecutePayload } from '../../queue/job-names';
import { lockedTaskInstances } from './locked-task-instances';

export type TClaimedTaskInstance = {
  id: string;
  attemptId: string;
  tryNumber: number;
  /** Tries this instance may make in all (retries + 1, more after a clear). */
  maxTries: number;
  dagRunId: string;
  taskId: string;
  taskType: string;
  workspaceId: string;
  /** A sensor's first poke since the last clear (set by this claim if it is the first); null for other task types. */
  sensorStartedAt: Date | null;
  /** Where the attempt's log goes on: 0 and 0, unless this claim continues a rescheduled sensor's try. */
  logBytes: number;
  logSeq: number;
};

/**
 * queued → running for a batch of delivered jobs, with one attempt row each, in one statement.
 * The compare-and-set also checks the try number the job was sent for, so a duplicate or stale
 * delivery (pg-boss is at-least-once) claims nothing and its task never runs twice. A job is
 * for the next try, or, for a rescheduled sensor, for its current try: that claim reopens the
 * try's attempt row instead of inserting one.
 */
export async function claimTaskInstances(db: TSql, payloads: readonly TTaskExecutePayload[]): Promise<TClaimedTaskInstance[]> {
  assertTransition('queued', 'running');
  if (payloads.length === 0) return [];
  const hostname = os.hostname();
  return db.$queryRaw<TClaimedTaskInstance[]>`
    with locked as materialized (${lockedTaskInstances(payloads.map((p) => p.taskInstanceId))}),
    wanted as (
      select w.* from unnest(${payloads.map((p) => p.taskInstanceId)}::text[], ${payloads.map((p) => p.tryNumber)}::int[]) as w(id, try)
      join locked on locked.id = w.id
    ), claimed as (
      update task_instance ti
      set state = 'running', "tryNumber" = w.try, "startDate" = clock_timestamp(), "endDate" = null, duration = null,
          hostname = ${hostname}, pid = ${process.pid}, "heartbeatAt" = clock_timestamp(), "nextRetryAt" = null,
          rescheduled = false, "updatedAt" = clock_timestamp(),
          "sensorStartedAt" = case when ti."taskType" = 'sensor' then coalesce(ti."sensorStartedAt", clock_timestamp()) end
      from wanted w
      where ti.id = w.id and ti.state = 'queued' and ti."tryNumber" = w.try - case when ti.rescheduled then 0 else 1 end
      returning ti.id, ti."tryNumber", ti."maxTries", ti."dagRunId", ti."taskId", ti."taskType", ti."workspaceId", ti."sensorStartedAt"
    ), attempts as (
      insert into task_attempt (id, "workspaceId", "taskInstanceId", "tryNumber", hostname, pid)
      select gen_random_uuid()::text, c."workspaceId", c.id, c."tryNumber", ${hostname}, ${process.pid} from claimed c
      on conflict ("taskInstanceId", "tryNumber") do update
        set state = 'running', "endDate" = null, hostname = excluded.hostname, pid = excluded.pid
      returning id, "taskInstanceId", "logBytes"
    )
    select c.id, a.id as "attemptId", c."tryNumber", c."maxTries", c."dagRunId", c."taskId", c."taskType", c."workspaceId",
           c."sensorStartedAt", a."logBytes",
           (select coalesce(max(seq) + 1, 0)::int from log_chunk where "attemptId" = a.id) as "logSeq"
    from claimed c join attempts a on a."taskInstanceId" = c.id`;
}

/**
 * Heartbeats the worker's running instances and returns the ids that are no longer running
 * under this try (cleared, marked, or taken by zombie detection): their process must stop.
 */
export async function heartbeatTaskInstances(db: TSql, running: readonly { id: string; tryNumber: number }[]): Promise<Set<string>> {
  if (running.length === 0) return new Set();
  const alive = await db.$queryRaw<{ id: string }[]>`
    with locked as materialized (${lockedTaskInstances(running.map((r) => r.id))})
    update task_instance ti set "heartbeatAt" = clock_timestamp()
    from locked, unnest(${running.map((r) => r.id)}::text[], ${running.map((r) => r.tryNumber)}::int[]) as r(id, try)
    where ti.id = locked.id and ti.id = r.id and ti.state = 'running' and ti."tryNumber" = r.try
    returning ti.id`;
  const aliveIds = new Set(alive.map((row) => row.id));
  return new Set(running.filter((r) => !aliveIds.has(r.id)).map((r) => r.id));
}
