import { inject } from 'vitest';
import type { TTaskConfigs, TTaskType as TTaskTypeName } from '../../server/domain/dag/task-configs';
import { metadataDatabaseFromUrl, type TEgressPolicy } from '../../server/domain/egress/decide-egress';
import { parseEgressAllow } from '../../server/domain/egress/parse-egress-allow';
import { TASK_CONFIG_SCHEMAS } from '../../server/domain/dag/task-configs';
import { buildTemplateContext } from '../../server/domain/templating/template-context';
import { TaskFailure, type TResolvedConnection, type TTaskLog, type TTaskRunContext } from '../../server/tasks/task-type';

export type TLogLine = { stream: 'stdout' | 'stderr' | 'system'; line: string };

/** A TTaskLog that remembers every line, for assertions on what the task printed. */
export function memoryLog(): TTaskLog & { lines: TLogLine[]; text(): string } {
  const lines: TLogLine[] = [];
  return {
    lines,
    stdout: (line) => lines.push({ stream: 'stdout', line }),
    stderr: (line) => lines.push({ stream: 'stderr', line }),
    system: (line) => lines.push({ stream: 'system', line }),
    text: () => lines.map((l) => l.line).join('\n'),
  };
}

/** A postgres connection to a test database URL, as the engine would resolve it. */
export function connectionFromUrl(connId: string, url: string): TResolvedConnection {
  const parsed = new URL(url);
  return {
    connId,
    connType: 'postgres',
    host: parsed.hostname,
    port: parsed.port ? Number(parsed.port) : 5432,
    login: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    schema: parsed.pathname.replace(/^\//, ''),
    extra: {},
  };
}

export type TTestContextOptions = {
  connections?: TResolvedConnection[];
  /** The run's logical date; ds is its UTC date. */
  logicalDate?: Date;
  externalStates?: (input: { dagId: string; logicalDate: Date; taskId?: string }) => Promise<string | null> | string | null;
  signal?: AbortSignal;
  /** Where the task may connect; by default testEgressPolicy('127.0.0.1'). */
  egress?: TEgressPolicy;
  /** A sensor's first poke since the last clear, as the worker's claim gives it. */
  sensorStartedAt?: Date;
};

/**
 * A worker's egress policy with TRIBUTARY_EGRESS_ALLOW set to `allow`, whose metadata database is
 * the test server's (its superuser is the metadata role): as in production, a task reaches
 * the test server only with a role of its own (tests/support/warehouse-database.ts).
 */
export function testEgressPolicy(allow: string): TEgressPolicy {
  const parsed = parseEgressAllow(allow);
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return { allow: parsed.value, localNetworksAllowed: false, metadataDatabase: metadataDatabaseFromUrl(inject('serverUrl')) };
}

/**
 * A run context as the engine builds it: the raw config parsed with the type's schema (so
 * defaults apply), a UTC template context, and connections looked up by conn_id.
 */
export function taskContext<K extends TTaskTypeName>(
  type: K,
  rawConfig: Record<string, unknown>,
  options: TTestContextOptions = {},
): TTaskRunContext<K> & { log: ReturnType<typeof memoryLog> } {
  const config = TASK_CONFIG_SCHEMAS[type].parse(rawConfig) as TTaskConfigs[K];
  const logicalDate = options.logicalDate ?? new Date('2024-03-01T00:00:00Z');
  const dayMs = 24 * 3600_000;
  const templateContext = buildTemplateContext({
    dagId: 'test_dag',
    taskId: `test_${type}`,
    runId: `scheduled__${logicalDate.toISOString()}`,
    logicalDate,
    dataInterval: { start: logicalDate, end: new Date(logicalDate.getTime() + dayMs) },
    timezone: 'UTC',
    params: {},
    variables: {},
    connections: {},
    xcom: {},
  });
  const connections = new Map((options.connections ?? []).map((c) => [c.connId, c]));
  return {
    config,
    templateContext,
    log: memoryLog(),
    signal: options.signal ?? new AbortController().signal,
    egress: options.egress ?? testEgressPolicy('127.0.0.1'),
    async getConnection(connId) {
      const connection = connections.get(connId);
      if (!connection) throw new TaskFailure(`connection '${connId}' does not exist`);
      return connection;
    },
    async lookupExternalState(input) {
      return options.externalStates ? options.externalStates(input) : null;
    },
    async triggerDagRun(request) {
      return { outcome: 'not_found', message: `DAG '${request.dagId}' does not exist.` };
    },
    tempDir: '/tmp',
    // The in-process task types these tests run start no process.
    sandbox: null,
    dagId: 'test_dag',
    taskId: `test_${type}`,
    runId: templateContext.run_id,
    logicalDate,
    tryNumber: 1,
    sensorStartedAt: options.sensorStartedAt ?? null,
  };
}
