/**
 * Node flags of every worker process (`npm run worker`, `npm start`'s worker, the tests' and the
 * benchmark's workers). `--optimize-for-size` makes V8 collect garbage before growing the heap:
 * on a machine with plenty of memory it otherwise lets a streaming load's dead batches pile up,
 * and a worker loading a million rows from PostgreSQL into MySQL peaked at 480 MB of RSS with
 * under 60 MB live; with the flag it peaks at about 200 MB (tests/integration/course-stats-mysql.test.ts).
 * package.json's "worker" script spells the same flags.
 */
export const WORKER_NODE_FLAGS = ['--optimize-for-size'] as const;
