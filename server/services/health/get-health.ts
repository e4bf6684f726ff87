import type { PrismaClient } from '../../db/client';

export type THealthStatus = 'healthy' | 'unhealthy';

export type THealth = {
  metadatabase: { status: THealthStatus };
  scheduler: { status: THealthStatus; latest_scheduler_heartbeat: string | null };
  workers: { status: THealthStatus; alive: number; latest_worker_heartbeat: string | null };
  /**
   * How the alive workers run task processes: `sandboxed` when all of them use bubblewrap,
   * `unsandboxed` when any does not (with its reason), `unknown` without alive workers.
   */
  task_sandbox: { status: 'sandboxed' | 'unsandboxed' | 'unknown'; unsandboxed_workers: number; detail: string | null };
};

/**
 * Airflow's /health shape, plus workers. A process counts as alive when its heartbeat is
 * younger than `heartbeatTimeoutSeconds`, measured on the database's clock.
 */
export async function getHealth(db: PrismaClient, heartbeatTimeoutSeconds: number): Promise<THealth> {
  let rows: { jobType: string; latest: Date | null; alive: bigint }[];
  try {
    rows = await db.$queryRaw`
      select "jobType", max("latestHeartbeat") as latest,
             count(*) filter (where "latestHeartbeat" > clock_timestamp() - make_interval(secs => ${heartbeatTimeoutSeconds})) as alive
      from job where state = 'running' group by "jobType"`;
  } catch {
    return {
      metadatabase: { status: 'unhealthy' },
      scheduler: { status: 'unhealthy', latest_scheduler_heartbeat: null },
      workers: { status: 'unhealthy', alive: 0, latest_worker_heartbeat: null },
      task_sandbox: { status: 'unknown', unsandboxed_workers: 0, detail: null },
    };
  }
  const sandboxes = await db.$queryRaw<{ taskSandbox: string | null; summary: string | null; workers: bigint }[]>`
    select "taskSandbox", min("taskSandboxSummary") as summary, count(*) as workers from job
    where state = 'running' and "jobType" = 'worker' and "taskSandbox" is not null
      and "latestHeartbeat" > clock_timestamp() - make_interval(secs => ${heartbeatTimeoutSeconds})
    group by "taskSandbox"`;
  const of = (jobType: string) => rows.find((row) => row.jobType === jobType);
  const scheduler = of('scheduler');
  const workers = of('worker');
  return {
    metadatabase: { status: 'healthy' },
    scheduler: {
      status: scheduler && scheduler.alive > 0n ? 'healthy' : 'unhealthy',
      latest_scheduler_heartbeat: scheduler?.latest?.toISOString() ?? null,
    },
    workers: {
      status: workers && workers.alive > 0n ? 'healthy' : 'unhealthy',
      alive: Number(workers?.alive ?? 0n),
      latest_worker_heartbeat: workers?.latest?.toISOString() ?? null,
    },
    task_sandbox: taskSandboxHealth(sandboxes),
  };
}

function taskSandboxHealth(rows: { taskSandbox: string | null; summary: string | null; workers: bigint }[]): THealth['task_sandbox'] {
  const unsandboxed = rows.find((row) => row.taskSandbox === 'none');
  if (unsandboxed) return { status: 'unsandboxed', unsandboxed_workers: Number(unsandboxed.workers), detail: unsandboxed.summary };
  const sandboxed = rows.find((row) => row.taskSandbox === 'bwrap');
  if (sandboxed) return { status: 'sandboxed', unsandboxed_workers: 0, detail: sandboxed.summary };
  return { status: 'unknown', unsandboxed_workers: 0, detail: null };
}
