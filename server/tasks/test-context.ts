// Test-only: a task run context with a recording log, for the task types' tests.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { TASK_CONFIG_SCHEMAS, type TTaskConfigs, type TTaskType as TTaskTypeName } from '../domain/dag/task-configs';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { parseEgressAllow } from '../domain/egress/parse-egress-allow';
import { buildTemplateContext, type TTemplateContextInput } from '../domain/templating/template-context';
import type { TTaskSandbox } from './sandbox';
import { TaskFailure, type TResolvedConnection, type TTaskLog, type TTaskRunContext } from './task-type';

export type TLogStream = 'stdout' | 'stderr' | 'system';
export type TRecordingLog = TTaskLog & {
  lines: Array<{ stream: TLogStream; line: string }>;
  /** The lines of one stream, in order. */
  of(stream: TLogStream): string[];
};

export function createRecordingLog(): TRecordingLog {
  const lines: TRecordingLog['lines'] = [];
  return {
    lines,
    stdout: (line) => lines.push({ stream: 'stdout', line }),
    stderr: (line) => lines.push({ stream: 'stderr', line }),
    system: (line) => lines.push({ stream: 'system', line }),
    of: (stream) => lines.filter((entry) => entry.stream === stream).map((entry) => entry.line),
  };
}

export type TTestContext<K extends TTaskTypeName> = TTaskRunContext<K> & {
  log: TRecordingLog;
  controller: AbortController;
  /** Removes the temp dir. */
  cleanup(): Promise<void>;
};

type TTestContextOptions = {
  connections?: Record<string, TResolvedConnection>;
  /** The task sandbox to run processes in; none (a plain child process) by default. */
  sandbox?: TTaskSandbox | null;
  template?: Partial<TTemplateContextInput>;
  /** Where the task may connect; by default a worker's with TRIBUTARY_EGRESS_ALLOW unset (public addresses only). */
  egress?: TEgressPolicy;
};

const LOGICAL_DATE = new Date('2024-03-01T00:00:00Z');

/** A context for `type` with `config` parsed by the real schema (so defaults apply) and a fresh temp dir. */
export async function createTestContext<K extends TTaskTypeName>(
  type: K,
  config: z.input<(typeof TASK_CONFIG_SCHEMAS)[K]>,
  options: TTestContextOptions = {},
): Promise<TTestContext<K>> {
  const tempDir = await mkdtemp(path.join(os.tmpdir(), `tributary-task-${type}-`));
  const controller = new AbortController();
  const templateContext = buildTemplateContext({
    dagId: 'test_dag',
    taskId: `test_${type}`,
    runId: 'scheduled__2024-03-01T00:00:00+00:00',
    logicalDate: LOGICAL_DATE,
    dataInterval: { start: LOGICAL_DATE, end: new Date('2024-03-02T00:00:00Z') },
    timezone: 'UTC',
    params: {},
    variables: {},
    connections: {},
    xcom: {},
    ...options.template,
  });
  return {
    // The schema map is indexed by a generic key, which TypeScript cannot narrow: the cast
    // only restates that TASK_CONFIG_SCHEMAS[K] parses to TTaskConfigs[K].
    config: TASK_CONFIG_SCHEMAS[type].parse(config) as TTaskConfigs[K],
    templateContext,
    log: createRecordingLog(),
    signal: controller.signal,
    controller,
    getConnection: async (connId) => {
      const connection = options.connections?.[connId];
      if (!connection) throw new TaskFailure(`The connection '${connId}' does not exist`);
      return connection;
    },
    lookupExternalState: async () => null,
    triggerDagRun: async (request) => ({ outcome: 'not_found', message: `DAG '${request.dagId}' does not exist.` }),
    egress: options.egress ?? egressAllowing(''),
    tempDir,
    sandbox: options.sandbox ?? null,
    dagId: templateContext.dag.dag_id,
    taskId: templateContext.task.task_id,
    runId: templateContext.run_id,
    logicalDate: LOGICAL_DATE,
    tryNumber: 1,
    sensorStartedAt: null,
    cleanup: () => rm(tempDir, { recursive: true, force: true }),
  };
}

/** A worker's egress policy with TRIBUTARY_EGRESS_ALLOW set to `setting`, and no metadata database. */
export function egressAllowing(setting: string): TEgressPolicy {
  const parsed = parseEgressAllow(setting);
  if (!parsed.ok) throw new Error(parsed.error.join('; '));
  return { allow: parsed.value, localNetworksAllowed: false, metadataDatabase: null };
}

/** Polls `check` until it returns a truthy value (never a fixed sleep). */
export async function waitFor<T>(check: () => T | Promise<T>, options: { timeoutMs?: number; what?: string } = {}): Promise<NonNullable<T>> {
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  for (let pause = 10; ; pause = Math.min(pause * 2, 200)) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
}
