import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { TRedisTarget } from '../domain/dag/task-configs';
import { redisHashFields, redisJsonValue, redisLoadKeys, redisRowId, redisRowLayout, type TRedisRowLayout } from '../domain/load/redis-values';
import { redisKeyPattern } from '../domain/catalog/dataset-name';
import type { TLoadRow } from './load-rows';
import { validatePlan, type TLoadTarget, type TTargetPlan, type TTargetWriter } from './load-target';
import { acquireRedisLock } from './redis-lock';
import { withRedisSessions, type TRedisTaskContext } from './redis-connection';
import { TaskFailure, type TResolvedConnection, type TTaskLog } from './task-type';

/** A killed attempt's staging keys expire by themselves after a day, even if no later load of the prefix cleans them up. */
const STAGING_TTL_MS = 24 * 3600_000;
/** Ids read back per LRANGE / SSCAN, and commands queued per round trip of the switch. */
const CHUNK = 5_000;

type TKeys = ReturnType<typeof redisLoadKeys>;

/** Every reply of a pipeline or EXEC, the first error thrown. */
function replies(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('the transaction was aborted');
  return results.map(([error, value]) => {
    if (error) throw error;
    return value;
  });
}

/**
 * A Redis key pattern as a load's target. Rows are written in pipelined batches to staging keys
 * under a version of this attempt (`<prefix>__tributary:<version>:<id>`, expiring after a day),
 * their ids in a staging SET and LIST; readers see none of them. `finish` then switches them in
 * with ONE MULTI/EXEC: each staging key RENAMEd onto its final key (then PEXPIRE for ttl, or
 * PERSIST), and for a full refresh every key of the previous load that this one did not write
 * deleted, the set of loaded ids replaced. Readers see the old keys until EXEC and the new ones
 * after. The MULTI's commands are streamed in chunks on the writer session while a second
 * session reads the ids back, so the worker never holds every id; the server queues them until
 * EXEC (see the report on a 1M-row switch in load-target-redis's notes in ARCHITECTURE).
 */
class RedisLoadTarget implements TLoadTarget {
  readonly display: string;
  private layout: TRedisRowLayout | null = null;
  private switching = false;

  constructor(
    private readonly writer_: Redis,
    private readonly reader: Redis,
    private readonly target: TRedisTarget,
    private readonly keys: TKeys,
    private readonly log: TTaskLog,
  ) {
    this.display = redisKeyPattern(target.key_prefix);
  }

  async prepare(plan: TTargetPlan): Promise<number> {
    validatePlan(plan);
    const layout = redisRowLayout(plan.columns, this.target.key_column, this.target.value);
    if (!layout.ok) throw new TaskFailure(layout.error);
    this.layout = layout.value;
    const stale = await this.deleteStaleStaging();
    if (stale > 0) this.log.system(`Deleted ${stale} staging keys of earlier attempts that did not finish`);
    return plan.strategy.kind === 'full_refresh' ? this.reader.scard(this.keys.loaded) : 0;
  }

  /** Keys under `<prefix>__tributary:` other than the lock and the loaded set: only killed attempts leave them (we hold the lock). */
  private async deleteStaleStaging(): Promise<number> {
    let cursor = '0';
    let deleted = 0;
    do {
      const [next, found] = await this.reader.scan(cursor, 'MATCH', this.keys.internalPattern, 'COUNT', 1000);
      cursor = next;
      const stale = found.filter((key) => key !== this.keys.lock && key !== this.keys.loaded);
      if (stale.length > 0) deleted += await this.reader.unlink(...stale);
    } while (cursor !== '0');
    return deleted;
  }

  writer(plan: TTargetPlan): TTargetWriter {
    if (this.layout === null) throw new Error('prepare() must run before writer()');
    if (plan.strategy.kind === 'partition') throw new TaskFailure('a Redis target cannot replace one partition: use full_refresh, or incremental with key');
    const layout = this.layout;
    let offset = 0;
    return {
      write: async (rows: TLoadRow[]): Promise<number> => {
        const first = offset + 1;
        offset += rows.length;
        await this.stage(layout, rows, first);
        return rows.length;
      },
    };
  }

  /** One pipeline per batch: each row's staging key, its id in the staging SET (a repeat is caught by SADD) and LIST. */
  private async stage(layout: TRedisRowLayout, rows: TLoadRow[], first: number): Promise<void> {
    const pipeline = this.writer_.pipeline();
    const ids: string[] = [];
    for (const [index, row] of rows.entries()) {
      if (row.length !== layout.columns.length) throw new TaskFailure(`source row ${first + index} has ${row.length} values, expected ${layout.columns.length}`);
      const id = redisRowId(layout, row, first + index);
      if (!id.ok) throw new TaskFailure(`${id.error} (nothing was changed)`);
      const key = this.keys.staging(id.value);
      if (layout.kind === 'json') pipeline.set(key, redisJsonValue(layout, row), 'PX', STAGING_TTL_MS);
      else {
        const fields = redisHashFields(layout, row);
        if (fields.length === 0) {
          throw new TaskFailure(`source row ${first + index}: every column but key_column ${this.target.key_column} is null, and Redis cannot store an empty hash: use value: json (nothing was changed)`);
        }
        pipeline.hset(key, ...fields).pexpire(key, STAGING_TTL_MS);
      }
      pipeline.sadd(this.keys.stagedSet, id.value);
      ids.push(id.value);
    }
    pipeline.rpush(this.keys.stagedList, ...ids).pexpire(this.keys.stagedSet, STAGING_TTL_MS).pexpire(this.keys.stagedList, STAGING_TTL_MS);
    const results = replies(await pipeline.exec());
    const perRow = layout.kind === 'json' ? 2 : 3;
    for (let index = 0; index < ids.length; index++) {
      if (results[index * perRow + perRow - 1] === 0) {
        throw new TaskFailure(`source row ${first + index} repeats the key_column value ${JSON.stringify(ids[index])} of an earlier row (nothing was changed)`);
      }
    }
  }

  async finish(plan: TTargetPlan, rowsWritten: number): Promise<void> {
    const staged = await this.reader.llen(this.keys.stagedList);
    if (staged !== rowsWritten) throw new TaskFailure(`${rowsWritten} rows were written but ${staged} staging keys remain: did something else delete them? (nothing was changed)`);
    await this.assertStagedKeysExist(staged);
    const fullRefresh = plan.strategy.kind === 'full_refresh';
    if (fullRefresh) await this.reader.multi().sdiffstore(this.keys.gone, this.keys.loaded, this.keys.stagedSet).pexpire(this.keys.gone, STAGING_TTL_MS).exec();
    const gone = fullRefresh ? await this.reader.scard(this.keys.gone) : 0;
    await this.switchIn(staged, gone, fullRefresh);
    this.log.system(`Switched ${staged} keys in${fullRefresh ? ` and deleted ${gone} keys of the previous load` : ''} in one MULTI/EXEC`);
  }

  /** A RENAME of a missing key would fail inside EXEC while the rest applies: every staging key is checked first. */
  private async assertStagedKeysExist(staged: number): Promise<void> {
    for (let start = 0; start < staged; start += CHUNK) {
      const ids = await this.reader.lrange(this.keys.stagedList, start, start + CHUNK - 1);
      const present = await this.reader.exists(...ids.map((id) => this.keys.staging(id)));
      if (present !== ids.length) throw new TaskFailure(`${ids.length - present} staging keys expired or were deleted before the switch (nothing was changed)`);
    }
  }

  /** ONE MULTI/EXEC, its commands queued chunk by chunk; EXEC applies them all at once. */
  private async switchIn(staged: number, gone: number, fullRefresh: boolean): Promise<void> {
    const ttlMs = this.target.ttl === undefined ? null : this.target.ttl * 1000;
    await this.writer_.multi({ pipeline: false });
    this.switching = true;
    for (let start = 0; start < staged; start += CHUNK) {
      const ids = await this.reader.lrange(this.keys.stagedList, start, start + CHUNK - 1);
      const queue = this.writer_.pipeline();
      for (const id of ids) {
        const final = this.keys.final(id);
        queue.rename(this.keys.staging(id), final);
        if (ttlMs === null) queue.persist(final);
        else queue.pexpire(final, ttlMs);
      }
      replies(await queue.exec());
    }
    if (gone > 0) await this.queueDeletes();
    const last = this.writer_.pipeline();
    if (fullRefresh) last.del(this.keys.loaded);
    // SUNIONSTORE rather than RENAME: the loaded set keeps no expiry (RENAME would carry the staging set's).
    if (staged > 0) last.sunionstore(this.keys.loaded, this.keys.loaded, this.keys.stagedSet);
    last.del(this.keys.stagedSet, this.keys.stagedList, this.keys.gone);
    replies(await last.exec());
    const results = (await this.writer_.exec()) as [Error | null, unknown][] | null;
    this.switching = false;
    const failed = (results ?? []).filter(([error]) => error !== null);
    if (results === null || failed.length > 0) {
      throw new TaskFailure(`the switch's EXEC reported ${failed.length} failed commands (first: ${failed[0]?.[0]?.message ?? 'aborted'}): the keys may be partly switched; re-run the load`);
    }
  }

  /** UNLINK each final key of the previous load that this one did not write (SSCAN may repeat an id: UNLINK twice is harmless). */
  private async queueDeletes(): Promise<void> {
    let cursor = '0';
    do {
      const [next, ids] = await this.reader.sscan(this.keys.gone, cursor, 'COUNT', CHUNK);
      cursor = next;
      if (ids.length > 0) replies(await this.writer_.pipeline().unlink(...ids.map((id) => this.keys.final(id))).exec());
    } while (cursor !== '0');
  }

  /** After a failure: a MULTI not yet executed is discarded, and this attempt's staging keys deleted (else they expire in a day). */
  async abandon(): Promise<void> {
    if (this.switching) await this.writer_.discard().catch(() => undefined);
    let start = 0;
    for (;;) {
      const ids = await this.reader.lrange(this.keys.stagedList, start, start + CHUNK - 1);
      if (ids.length > 0) await this.reader.unlink(...ids.map((id) => this.keys.staging(id)));
      if (ids.length < CHUNK) break;
      start += CHUNK;
    }
    await this.reader.unlink(this.keys.stagedSet, this.keys.stagedList, this.keys.gone);
  }
}

/**
 * Opens a Redis key pattern as a load's target for `work`: the keys change only when `work`
 * returns, in one MULTI/EXEC, and a failure anywhere before leaves them as they were. A lock per
 * key_prefix keeps two loads of one prefix from interleaving.
 */
export async function withRedisLoadTarget<T>(
  connection: TResolvedConnection,
  target: TRedisTarget,
  ctx: TRedisTaskContext & { log: TTaskLog },
  work: (target: TLoadTarget) => Promise<T>,
): Promise<T> {
  const keys = redisLoadKeys(target.key_prefix, `${Date.now().toString(36)}${randomBytes(6).toString('hex')}`);
  return withRedisSessions(connection, ctx, ['tributary-load', 'tributary-load-reader'], async ([writer, reader]) => {
    const what = `${redisKeyPattern(target.key_prefix)} on connection '${connection.connId}'`;
    const lock = await acquireRedisLock(reader!, keys.lock, what, ctx.signal);
    const loadTarget = new RedisLoadTarget(writer!, reader!, target, keys, ctx.log);
    try {
      return await work({
        display: loadTarget.display,
        prepare: (plan) => loadTarget.prepare(plan),
        writer: (plan) => loadTarget.writer(plan),
        finish: async (plan, rowsWritten) => {
          lock.assertHeld();
          await loadTarget.finish(plan, rowsWritten);
        },
      });
    } catch (error) {
      await loadTarget.abandon().catch(() => undefined);
      throw error;
    } finally {
      await lock.release();
    }
  });
}
