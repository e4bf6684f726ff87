import { z } from 'zod';

/** The benchmark's sections, in the order `npm run bench` runs them. */
export const BENCH_SECTIONS = ['pgboss', 'sandbox', 'engine', 'alerts', 'page', 'many_dags', 'long_history', 'worker_memory', 'catalog_sync', 'catalog', 'load'] as const;
export type TBenchSection = (typeof BENCH_SECTIONS)[number];

const count = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * The bench's own knobs (it is a script, not the product: server/env.ts does not know them).
 * The defaults are the engine issue's sizes; smaller ones are for trying a change quickly.
 */
const ZBenchSettingsSchema = z.object({
  /** Comma-separated sections to run; the others are skipped and results.json is left alone. */
  BENCH_ONLY: z
    .string()
    .optional()
    .transform((list) => (list ? list.split(',').map((item) => item.trim()).filter((item) => item !== '') : null))
    .refine((list) => list === null || list.every((item) => (BENCH_SECTIONS as readonly string[]).includes(item)), {
      message: `must list sections among: ${BENCH_SECTIONS.join(', ')}`,
    }),
  /** Deployed DAGs (3 tasks each) all due on the same minute. */
  BENCH_MANY_DAGS: count(5_000),
  /** Runs of the long-history DAG. */
  BENCH_HISTORY_RUNS: count(50_000),
  /** Tasks of the long-history DAG (each run has an instance of each). */
  BENCH_HISTORY_TASKS: count(10),
  /** Concurrent `bash: sleep` tasks on one worker for its memory. */
  BENCH_WORKER_TASKS: count(500),
  /** How long each of those tasks sleeps, in seconds. */
  BENCH_WORKER_SLEEP_S: count(5),
  /** Rows of each load (PostgreSQL → MySQL, S3 Parquet → PostgreSQL). */
  BENCH_LOAD_ROWS: count(1_000_000),
});

export type TBenchSettings = z.infer<typeof ZBenchSettingsSchema> & { runs(section: TBenchSection): boolean };

export function benchSettings(source: NodeJS.ProcessEnv = process.env): TBenchSettings {
  const parsed = ZBenchSettingsSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid benchmark settings:\n${lines.join('\n')}`);
  }
  const only = parsed.data.BENCH_ONLY;
  return { ...parsed.data, runs: (section) => only === null || only.includes(section) };
}
