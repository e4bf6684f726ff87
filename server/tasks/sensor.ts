import type pg from 'pg';
import type { TSensorConfig } from '../domain/dag/task-configs';
import { withPostgresClient } from './postgres-connection';
import { TaskFailure, type TTaskRunContext, type TTaskType } from './task-type';

type TPoke = { done: boolean; detail: string };
type TSensorContext = TTaskRunContext<'sensor'>;

/** bool, and the number types whose text must be read as a number (`0.00` is zero). */
const BOOL_OID = 16;
const NUMERIC_OIDS = new Set([20, 21, 23, 700, 701, 1700]);
const FAILED_EXTERNAL_STATES = new Set(['failed', 'upstream_failed']);

/** Sleeps, but wakes at once (throwing the abort reason) when the task is aborted. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Airflow's SqlSensor: done when the first cell of the first row is not null, false, zero, '0'
 * or ''. Values arrive as PostgreSQL text so that numbers are judged by value, whatever their type.
 */
export function isTruthyCell(value: string | null, field: Pick<pg.FieldDef, 'dataTypeID'> | undefined): boolean {
  if (value === null) return false;
  if (field?.dataTypeID === BOOL_OID) return value === 't';
  if (field && NUMERIC_OIDS.has(field.dataTypeID)) return Number(value) !== 0;
  return value !== '' && value !== '0';
}

async function pokeSql(ctx: TSensorContext, connId: string, sql: string): Promise<TPoke> {
  const connection = await ctx.getConnection(connId);
  // A session per poke, as Airflow's hook does: a sensor may wait for days between pokes.
  const result = await withPostgresClient(connection, ctx, (client) => client.query({ text: sql, rowMode: 'array' }), {
    values: 'text',
  });
  const first = result.rows[0] as unknown[] | undefined;
  if (first === undefined) return { done: false, detail: 'no rows' };
  const cell = first[0] === null || first[0] === undefined ? null : String(first[0]);
  const done = isTruthyCell(cell, result.fields[0]);
  return { done, detail: `first cell ${cell === null ? 'null' : JSON.stringify(cell)}${done ? '' : ' (not true)'}` };
}

async function pokeExternal(ctx: TSensorContext, dagId: string, taskId: string | undefined): Promise<TPoke> {
  const state = await ctx.lookupExternalState({ dagId, logicalDate: ctx.logicalDate, taskId });
  const what = taskId === undefined ? `DAG '${dagId}'` : `task '${taskId}' of DAG '${dagId}'`;
  if (state !== null && FAILED_EXTERNAL_STATES.has(state)) {
    throw new TaskFailure(`${what} is ${state} for logical date ${ctx.templateContext.ds}: it will not succeed, so the sensor fails`);
  }
  return { done: state === 'success', detail: `${what} is ${state ?? 'not started (no run)'}` };
}

function poke(ctx: TSensorContext, config: TSensorConfig): Promise<TPoke> {
  if (config.external_dag_id !== undefined) return pokeExternal(ctx, config.external_dag_id, config.external_task_id);
  if (config.conn_id === undefined || config.sql === undefined) {
    // The config schema already rejects this; kept so a schema change fails loudly.
    throw new Error('a sql sensor needs conn_id and sql');
  }
  return pokeSql(ctx, config.conn_id, config.sql);
}

function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)}s`;
}

/**
 * Airflow's SqlSensor and ExternalTaskSensor: pokes every poke_interval until the condition
 * holds, and fails once `timeout` seconds have passed since the first poke.
 */
export const sensorTask: TTaskType<'sensor'> = {
  type: 'sensor',
  async run(ctx) {
    const { config, log } = ctx;
    if (config.mode === 'reschedule') {
      log.system('mode reschedule is not supported yet: poking in this attempt, as mode poke does (the task keeps its slot)');
    }
    const intervalMs = config.poke_interval * 1000;
    const timeoutMs = config.timeout * 1000;
    const started = Date.now();
    for (let pokes = 1; ; pokes++) {
      const result = await poke(ctx, config);
      log.system(`Poke ${pokes}: ${result.detail}`);
      if (result.done) {
        log.system(`Condition met after ${pokes} pokes`);
        return { output: { pokes } };
      }
      const remaining = timeoutMs - (Date.now() - started);
      if (remaining <= 0) {
        throw new TaskFailure(`Sensor timed out after ${formatSeconds(Date.now() - started)} (${pokes} pokes, timeout ${formatSeconds(timeoutMs)})`);
      }
      // The last sleep is shortened so the final poke happens at the timeout, not after it.
      await sleep(Math.min(intervalMs, remaining), ctx.signal);
    }
  },
};
