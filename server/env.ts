import { z } from 'zod';
import { parseEgressAllow } from './domain/egress/parse-egress-allow';
import { parseByteSize } from './domain/byte-size';

/**
 * The one reader of process.env. Parsed on first use (not at import, so that `next build`
 * and unit tests can import modules that use it) and cached; a bad value fails fast naming
 * the variable.
 */
const ZEnvSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgresql:// URL')
    .optional(),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HOSTNAME: z.string().default('0.0.0.0'),
  TRIBUTARY_DATA_DIR: z.string().min(1).default('.data'),
  /** 32 bytes as 64 hex characters or base64: encrypts connection secrets and variables. */
  TRIBUTARY_SECRET_KEY: z.string().optional(),
  TRIBUTARY_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Seconds without a heartbeat after which a scheduler or worker counts as gone. */
  TRIBUTARY_HEARTBEAT_TIMEOUT: z.coerce.number().positive().default(30),
  /** Seconds a running task instance may go without a heartbeat before it counts as a zombie. */
  TRIBUTARY_ZOMBIE_THRESHOLD: z.coerce.number().positive().default(60),
  /** How often a worker heartbeats its running task instances, in seconds. */
  TRIBUTARY_TASK_HEARTBEAT: z.coerce.number().positive().default(5),
  /** Seconds a storm's digest collects alerts before it is sent (one message per channel). */
  TRIBUTARY_ALERT_DIGEST_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  /** Task instances one worker process runs at the same time. */
  TRIBUTARY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(32),
  /** Seconds a stopping worker lets running tasks finish before failing them into the retry path. */
  TRIBUTARY_WORKER_SHUTDOWN_GRACE: z.coerce.number().nonnegative().default(30),
  /** The scheduler's loop period when nothing wakes it earlier, in milliseconds. */
  TRIBUTARY_SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(50).default(1000),
  /** Cap on one attempt's log, in bytes (20 MiB). */
  TRIBUTARY_LOG_CAP_BYTES: z.coerce.number().int().min(1024).default(20 * 1024 * 1024),
  /** Signs the web sessions (Auth.js); `npm start` generates one into the data directory. */
  AUTH_SECRET: z.string().min(16).optional(),
  /** The public base URL Auth.js builds its callback URLs from (optional behind a trusted host). */
  AUTH_URL: z.string().url().optional(),
  /** OAuth sign-in: each provider is offered only when both of its keys are set. */
  AUTH_GITHUB_ID: z.string().min(1).optional(),
  AUTH_GITHUB_SECRET: z.string().min(1).optional(),
  AUTH_GOOGLE_ID: z.string().min(1).optional(),
  AUTH_GOOGLE_SECRET: z.string().min(1).optional(),
  /** GitHub Enterprise Server's base URL (`https://github.example.com`); github.com when unset. */
  AUTH_GITHUB_ENTERPRISE_URL: z.string().url().optional(),
  /**
   * Outgoing mail (invitations, alerts): `smtp://user:password@host:587` or `smtps://…:465`.
   * Without it, invitations are shown as a link to copy.
   */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
    .optional(),
  /** The sender of Tributary's mail, `Tributary <tributary@example.com>`. */
  SMTP_FROM: z.string().min(3).default('Tributary <tributary@localhost>'),
  /**
   * The base of Slack's Web API, to which method names (`chat.postMessage`) are appended: an
   * Enterprise Grid proxy, or a stand-in in tests. Alerts reach it through the egress guard.
   */
  SLACK_API_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
    .transform((url) => (url.endsWith('/') ? url : `${url}/`))
    .default('https://slack.com/api/'),
  /** Where PagerDuty alert channels send their Events API v2 events (through the egress guard). */
  PAGERDUTY_EVENTS_URL: z
    .string()
    .regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
    .default('https://events.pagerduty.com/v2/enqueue'),
  /**
   * An OpenLineage receiver (Marquez, DataHub, OpenMetadata): every task attempt's run events
   * are POSTed to `<this>/api/v1/lineage`, through the egress guard. Unset or empty (compose's
   * `${OPENLINEAGE_URL:-}`): nothing is sent or queued.
   */
  OPENLINEAGE_URL: z
    .string()
    .regex(/^$|^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL')
    .transform((url) => (url === '' ? undefined : url.replace(/\/+$/, '')))
    .optional(),
  /** Sent as `Authorization: Bearer …` with each event; never logged. Empty is unset. */
  OPENLINEAGE_API_KEY: z
    .string()
    .transform((key) => (key === '' ? undefined : key))
    .optional(),
  /** The OpenLineage namespace of a workspace's jobs; `{workspace}` stands for its slug. */
  OPENLINEAGE_NAMESPACE: z.string().min(1).default('tributary/{workspace}'),
  /**
   * Non-public destinations that tasks and connection tests may reach: comma-separated CIDRs,
   * IPs, `ip:port` or `host:port`. Loopback, private and other special ranges are refused unless
   * listed; link-local and cloud metadata addresses are refused whatever this says.
   */
  TRIBUTARY_EGRESS_ALLOW: z
    .string()
    .default('')
    .superRefine((value, ctx) => {
      const parsed = parseEgressAllow(value);
      if (!parsed.ok) for (const problem of parsed.error) ctx.addIssue({ code: 'custom', message: problem });
    }),
  /**
   * How often the catalog samples its postgres warehouses' read counters (pg_stat_user_tables)
   * for the unused-data report: one query per connection that has datasets.
   */
  TRIBUTARY_CATALOG_SAMPLE_INTERVAL_MS: z.coerce.number().int().min(100, 'must be at least 100 ms').default(3_600_000),
  /** How often the catalog looks for datasets updated since their columns were last introspected. */
  TRIBUTARY_CATALOG_OBSERVE_INTERVAL_MS: z.coerce.number().int().min(100, 'must be at least 100 ms').default(10_000),
  /** The most datasets one observer pass introspects (the rest wait for the next pass). */
  TRIBUTARY_CATALOG_OBSERVE_BATCH: z.coerce.number().int().min(1, 'must be 1 or more').default(20),
  /**
   * How task processes (bash, script) run: `bwrap` in the bubblewrap sandbox or the worker
   * refuses to start; `auto` in the sandbox when it works here, otherwise unsandboxed (said at
   * start, in the worker's log and on /status); `off` never sandboxed.
   */
  TRIBUTARY_TASK_SANDBOX: z.enum(['bwrap', 'auto', 'off']).default('auto'),
  /** Memory of one task's processes together (and of each one's data segment): `2GiB`, `512MiB`. */
  TRIBUTARY_TASK_MEMORY_LIMIT: byteSize('2GiB'),
  /** Processes and threads one task may have at once. */
  TRIBUTARY_TASK_MAX_PROCESSES: z.coerce.number().int().min(16).default(1024),
  TRIBUTARY_TASK_MAX_OPEN_FILES: z.coerce.number().int().min(64).default(4096),
  /** The largest file a task may write. */
  TRIBUTARY_TASK_MAX_FILE_SIZE: byteSize('4GiB'),
  /** Host uids for sandboxed tasks when the worker runs as root, `first-last`: one per running task. */
  TRIBUTARY_TASK_SANDBOX_UIDS: z
    .string()
    .regex(/^\d+-\d+$/, 'must be a range of uids, first-last (e.g. 2000000000-2000999999)')
    .transform((range) => {
      const [first, last] = range.split('-').map(Number) as [number, number];
      return { first, count: last - first + 1 };
    })
    .refine((range) => range.first > 0 && range.count >= 1 && range.first + range.count - 1 < 2 ** 32 - 1, 'must be a range of uids above 0 with first ≤ last')
    .default({ first: 2_000_000_000, count: 1_000_000 }),
  /**
   * The Python that python tasks run (3.10 or later): a command looked up in the task's PATH
   * (/usr/local/bin, /usr/bin, /bin) or an absolute path, such as a virtualenv's bin/python that
   * has the team's packages. Resolved on the worker, at each python task.
   */
  TRIBUTARY_PYTHON: z
    .string()
    .default('python3')
    .refine((value) => value !== '' && (value.startsWith('/') || !value.includes('/')), 'must be a command name (python3) or an absolute path (/opt/venv/bin/python)'),
  /** More read-only host paths tasks see in the sandbox, comma-separated (tools outside /usr). */
  TRIBUTARY_TASK_SANDBOX_PATHS: z
    .string()
    .default('')
    .transform((list) => list.split(',').map((item) => item.trim()).filter((item) => item !== ''))
    .refine((paths) => paths.every((item) => item.startsWith('/')), 'must be absolute paths, comma-separated'),
});

export type TEnv = z.infer<typeof ZEnvSchema>;

/** A size in bytes or with a unit (`2GiB`), read by the domain's parser so its message names the forms. */
function byteSize(fallback: string) {
  return z
    .string()
    .default(fallback)
    .transform((text, context) => {
      const bytes = parseByteSize(text);
      if (bytes !== null && bytes > 0) return bytes;
      context.addIssue({ code: 'custom', message: `'${text}' is not a size: use bytes or forms like 512MiB, 2GiB` });
      return z.NEVER;
    });
}

let cached: TEnv | null = null;

export function env(): TEnv {
  if (cached) return cached;
  const parsed = ZEnvSchema.safeParse(process.env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid environment configuration:\n${lines.join('\n')}`);
  }
  cached = parsed.data;
  return cached;
}

export function requireDatabaseUrl(): string {
  const url = env().DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: it must point at the PostgreSQL metadata database');
  return url;
}

export function requireSecretKey(): string {
  const key = env().TRIBUTARY_SECRET_KEY;
  if (!key) throw new Error('TRIBUTARY_SECRET_KEY is not set: it encrypts connection secrets (32 bytes, hex or base64)');
  return key;
}

/** Tests and the launcher set variables for child code paths; they reset the cache. */
export function resetEnvCache() {
  cached = null;
}
