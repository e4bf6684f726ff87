import { createDatabase, type PrismaClient } from '../server/db/client';
import type { TSqlTransactor } from '../server/db/sql';
import { env, requireDatabaseUrl } from '../server/env';
import { logger, type TLogger } from '../server/logging/logger';
import { heartbeatProcess, registerProcess, stopProcess, type TProcessType } from '../server/services/processes/register-process';

export type TProcessRuntime = {
  db: PrismaClient;
  /** Raw statements on the pg driver, on the client's pool: the engine's hot path. */
  sql: TSqlTransactor;
  databaseUrl: string;
  log: TLogger;
  jobId: string;
  /** Resolves when SIGTERM or SIGINT arrives. */
  stopping: Promise<string>;
  isStopping(): boolean;
};

const HEARTBEAT_MS = 5_000;

/**
 * What the scheduler and worker processes share: a database client, a row in the job table
 * with a heartbeat every 5 s, and an orderly stop on SIGTERM/SIGINT (the caller's `run`
 * returns, then the job row is marked stopped and connections close).
 */
export async function runProcess(jobType: TProcessType, run: (runtime: TProcessRuntime) => Promise<void>) {
  const databaseUrl = requireDatabaseUrl();
  const { db, sql } = createDatabase(databaseUrl, { max: 10 });
  const log = logger.child({ process: jobType });
  const jobId = await registerProcess(db, jobType);
  let stopping = false;
  const stopSignal = new Promise<string>((resolve) => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.once(signal, () => {
        stopping = true;
        log.info({ signal }, 'stopping');
        resolve(signal);
      });
    }
  });
  const heartbeat = setInterval(() => {
    heartbeatProcess(db, jobId).catch((error: unknown) => log.warn({ err: error }, 'heartbeat failed'));
  }, HEARTBEAT_MS);
  log.info({ jobId, heartbeatTimeout: env().TRIBUTARY_HEARTBEAT_TIMEOUT }, 'started');
  try {
    await run({ db, sql, databaseUrl, log, jobId, stopping: stopSignal, isStopping: () => stopping });
  } finally {
    clearInterval(heartbeat);
    await stopProcess(db, jobId).catch(() => undefined);
    await db.$disconnect();
    log.info('stopped');
  }
}
