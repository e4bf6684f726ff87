import os from 'node:os';
import type { PrismaClient } from '../../db/client';

export type TProcessType = 'scheduler' | 'worker';

/**
 * Records a scheduler or worker process, so health checks and the UI can see who is alive. Its row
 * is in the `job` table (Airflow's name for it), so the id is a job id.
 */
export async function registerProcess(db: PrismaClient, jobType: TProcessType): Promise<string> {
  const job = await db.job.create({
    data: { jobType, hostname: os.hostname(), pid: process.pid },
    select: { id: true },
  });
  return job.id;
}

/** How this worker runs task processes (`bwrap` or `none`), and why, for /status and the health check. */
export async function recordTaskSandbox(db: PrismaClient, jobId: string, sandbox: 'bwrap' | 'none', summary: string): Promise<void> {
  await db.job.update({ where: { id: jobId }, data: { taskSandbox: sandbox, taskSandboxSummary: summary } });
}

export async function heartbeatProcess(db: PrismaClient, jobId: string): Promise<void> {
  // The database's clock, not this machine's: heartbeats from many hosts are compared together.
  await db.$executeRaw`update job set "latestHeartbeat" = clock_timestamp() where id = ${jobId}`;
}

export async function stopProcess(db: PrismaClient, jobId: string): Promise<void> {
  await db.$executeRaw`update job set state = 'stopped', "endDate" = clock_timestamp() where id = ${jobId}`;
}
