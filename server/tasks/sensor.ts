import type pg from 'pg';
import type { TSensorConfig } from '../domain/dag/task-configs';
import { isMysqlConnType } from '../domain/connections/mysql-settings';
import { pokeMysqlSql } from './mysql-sensor';
import { pokeS3Key } from './s3-sensor';
import { withPostgresClient } from './postgres-connection';
import { TaskFailure, type TTaskResult, type TTaskRunContext, type TTaskType } from './task-type';

type TPoke = { done: boolean; detail: string };
type TSensorContext = TTaskRunContext<'sensor'>;

/** bool, and the number types whose text must be read as a number (`0.00` is zero). */
const BOOL_OID = 16;
const NUMERIC_OIDS = new Set([20, 21, 23, 700, 701, 1700]);
const FAILED_EXTERNAL_STATES = new Set(['failed', 'upstream_failed']);

/** The condition can never hold (the awaited DAG or task failed). */
class SensorGaveUp extends Error {}

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
  if (isMysqlConnType(connection.connType)) return pokeMysqlSql(ctx, connection, sql);
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

async function pokeS3(ctx: TSensorContext, connId: string, config: TSensorConfig): Promise<TPoke> {
  return pokeS3Key(ctx, await ctx.getConnection(connId), config);
}

async function pokeExternal(ctx: TSensorContext, dagId: string, taskId: string | undefined): Promise<TPoke> {
  const state = await ctx.lookupExternalState({ dagId, logicalDate: ctx.logicalDate, taskId });
  const what = taskId === undefined ? `DAG '${dagId}'` : `task '${taskId}' of DAG '${dagId}'`;
  if (state !== null && FAILED_EXTERNAL_STATES.has(state)) {
    throw new SensorGaveUp(`${what} is ${state} for logical date ${ctx.templateContext.ds}: it will not succeed`);
  }
  return { done: state === 'success', detail: `${what} is ${state ?? 'not started (no run)'}` };
}

function poke(ctx: TSensorContext, config: TSensorConfig): Promise<TPoke> {
  if (config.external_dag_id !== undefined) return pokeExternal(ctx, config.external_dag_id, config.external_task_id);
  if (config.bucket_key !== undefined && config.conn_id !== undefined) return pokeS3(ctx, config.conn_id, config);
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
 * The sensor will not succeed: with soft_fail it is skipped (as Airflow's soft_fail), else it
 * fails. A timeout is not retried (AirflowSensorTimeout); a failed DAG or task it waits for is,
 * as Airflow's ExternalTaskSensor (the upstream may be cleared and succeed meanwhile).
 */
function giveUp(ctx: TSensorContext, message: string, options: { retry: boolean }): TTaskResult {
  if (!ctx.config.soft_fail) throw new TaskFailure(message, options);
  ctx.log.system(`${message}; soft_fail is set, so the sensor is skipped`);
  return { skipped: true };
}

/** A poke whose awaited DAG or task failed gives up the same way a timeout does. */
async function pokeOrGiveUp(ctx: TSensorContext): Promise<TPoke | TTaskResult> {
  try {
    return await poke(ctx, ctx.config);
  } catch (error) {
    if (error instanceof SensorGaveUp) return giveUp(ctx, error.message, { retry: true });
    throw error;
  }
}

const isPoke = (value: TPoke | TTaskResult): value is TPoke => 'done' in value;

/**
 * Mode poke: pokes every poke_interval in this attempt, holding its worker slot, until the
 * condition holds; times out `timeout` seconds after this attempt's first poke.
 */
async function pokeUntilDone(ctx: TSensorContext): Promise<TTaskResult> {
  const intervalMs = ctx.config.poke_interval * 1000;
  const timeoutMs = ctx.config.timeout * 1000;
  const started = Date.now();
  for (let pokes = 1; ; pokes++) {
    const result = await pokeOrGiveUp(ctx);
    if (!isPoke(result)) return result;
    ctx.log.system(`Poke ${pokes}: ${result.detail}`);
    if (result.done) {
      ctx.log.system(`Condition met after ${pokes} pokes`);
      return { output: { pokes } };
    }
    const remaining = timeoutMs - (Date.now() - started);
    if (remaining <= 0) {
      return giveUp(ctx, `Sensor timed out after ${formatSeconds(Date.now() - started)} (${pokes} pokes, timeout ${formatSeconds(timeoutMs)})`, { retry: false });
    }
    // The last sleep is shortened so the final poke happens at the timeout, not after it.
    await sleep(Math.min(intervalMs, remaining), ctx.signal);
  }
}

/**
 * Mode reschedule: one poke per attempt run. While the condition does not hold, the attempt
 * pauses until the next poke and frees its worker slot; the timeout counts from the first poke
 * since the task was last cleared, across reschedules and retries, as Airflow's does.
 */
async function pokeOnce(ctx: TSensorContext): Promise<TTaskResult> {
  const timeoutMs = ctx.config.timeout * 1000;
  const started = (ctx.sensorStartedAt ?? new Date()).getTime();
  const result = await pokeOrGiveUp(ctx);
  if (!isPoke(result)) return result;
  ctx.log.system(`Poke: ${result.detail}`);
  const waited = Date.now() - started;
  if (result.done) {
    ctx.log.system(`Condition met ${formatSeconds(waited)} after the first poke`);
    return { output: { waited_seconds: Math.round(waited / 1000) } };
  }
  const remaining = timeoutMs - waited;
  if (remaining <= 0) return giveUp(ctx, `Sensor timed out after ${formatSeconds(waited)} since its first poke (timeout ${formatSeconds(timeoutMs)})`, { retry: false });
  // The last wait is shortened so the final poke happens at the timeout, not after it.
  return { rescheduleAt: new Date(Date.now() + Math.min(ctx.config.poke_interval * 1000, remaining)) };
}

/**
 * Airflow's SqlSensor and ExternalTaskSensor, in mode poke (holds its worker slot and sleeps
 * between pokes) or reschedule (frees it between pokes: the instance waits up_for_reschedule).
 * A timeout fails the task without retrying it, as AirflowSensorTimeout does.
 */
export const sensorTask: TTaskType<'sensor'> = {
  type: 'sensor',
  run: (ctx) => (ctx.config.mode === 'reschedule' ? pokeOnce(ctx) : pokeUntilDone(ctx)),
};
