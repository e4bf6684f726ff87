import type { Connection } from 'mysql2/promise';
import { describeMysqlError } from '../domain/connections/mysql-settings';
import { mysqlColumnType, parseMysqlType, type TColumnType } from '../domain/load/column-types';
import { mysqlValue, ValueError } from '../domain/load/mysql-values';
import type { TLoadRow } from './load-rows';
import { rowChecker, validatePlan, type TLoadTarget, type TTargetPlan } from './load-target';
import { withMysqlSession, type TMysqlTaskContext } from './mysql-connection';
import { TaskFailure, type TResolvedConnection, type TTaskLog } from './task-type';

/** MySQL's limit on a statement's placeholders, and a bound on each multi-row INSERT. */
const MAX_PARAMETERS = 65_535;
const MAX_ROWS_PER_STATEMENT = 2_000;
const LOCK_WAIT_SECONDS = 600;
const IDENTIFIER = /^[A-Za-z0-9_$]{1,64}$/;

type TMysqlTable = { database: string | null; name: string; display: string };
type TExistingColumn = { name: string; type: TColumnType };

function quote(identifier: string): string {
  return `\`${identifier.replaceAll('`', '``')}\``;
}

function qualified(table: TMysqlTable, name = table.name): string {
  return table.database === null ? quote(name) : `${quote(table.database)}.${quote(name)}`;
}

/** `table` or `database.table`, plain MySQL identifiers (letters, digits, _ and $). */
export function parseMysqlTableName(text: string): TMysqlTable {
  const parts = text.trim().split('.');
  if (parts.length > 2 || !parts.every((part) => IDENTIFIER.test(part))) {
    throw new TaskFailure(`target.table '${text}' is not a MySQL table name: write table or database.table (letters, digits, _ and $, at most 64 each)`);
  }
  const [first, second] = parts as [string, string | undefined];
  return second === undefined ? { database: null, name: first, display: first } : { database: first, name: second, display: `${first}.${second}` };
}

/** Where a full refresh writes before it swaps, at most 64 characters like every name. */
function stagingName(table: TMysqlTable): string {
  return `${table.name.slice(0, 40)}__tributary_load`;
}

async function existingColumns(session: Connection, table: TMysqlTable): Promise<TExistingColumn[] | null> {
  const [rows] = await session.query(
    `select column_name as name, column_type as type from information_schema.columns
     where table_schema = coalesce(?, database()) and table_name = ? order by ordinal_position`,
    [table.database, table.name],
  );
  const columns = (rows as { name: string; type: string }[]).map((row) => ({ name: row.name, type: parseMysqlType(row.type) }));
  return columns.length === 0 ? null : columns;
}

/** The table's definition from the source's columns, each mapped to MySQL or refused by name. */
function createStatement(table: TMysqlTable, name: string, plan: TTargetPlan): string {
  if (plan.columns.length === 0) throw new TaskFailure(`table ${table.display} does not exist and the source has no columns to create it from`);
  const keys = new Set(plan.key ?? []);
  const definitions = plan.columns.map((column) => {
    const type = mysqlColumnType(column.name, column.type, keys.has(column.name));
    if (!type.ok) throw new TaskFailure(`cannot create ${table.display}: ${type.error}`);
    return `${quote(column.name)} ${type.value}`;
  });
  if (plan.key) definitions.push(`primary key (${plan.key.map(quote).join(', ')})`);
  return `create table ${qualified(table, name)} (${definitions.join(', ')})`;
}

/** An upsert needs a primary key or unique index on exactly the key columns, as ON DUPLICATE KEY matches on any. */
async function assertUniqueKey(session: Connection, table: TMysqlTable, key: string[]): Promise<void> {
  const [rows] = await session.query(
    `select index_name as name, group_concat(column_name order by column_name) as columns from information_schema.statistics
     where table_schema = coalesce(?, database()) and table_name = ? and non_unique = 0 group by index_name`,
    [table.database, table.name],
  );
  const wanted = [...key].sort().join(',');
  if ((rows as { columns: string }[]).some((row) => row.columns === wanted)) return;
  throw new TaskFailure(
    `an incremental load by key (${key.join(', ')}) needs a primary key or unique index on exactly those columns of ${table.display}, ` +
      `and there is none: add one, e.g. alter table ${qualified(table)} add primary key (${key.map(quote).join(', ')})`,
  );
}

function requireTargetColumns(table: TMysqlTable, existing: TExistingColumn[], plan: TTargetPlan): void {
  const names = new Set(existing.map((column) => column.name.toLowerCase()));
  const missing = plan.columns.filter((column) => !names.has(column.name.toLowerCase())).map((column) => column.name);
  if (missing.length > 0) {
    throw new TaskFailure(`the source's column ${missing.join(', ')} is not a column of ${table.display} (columns: ${existing.map((c) => c.name).join(', ')})`);
  }
}

function insertStatement(table: string, plan: TTargetPlan, rowCount: number): string {
  const columns = plan.columns.map((column) => quote(column.name));
  const row = `(${columns.map(() => '?').join(', ')})`;
  const insert = `insert into ${table} (${columns.join(', ')}) values ${Array.from({ length: rowCount }, () => row).join(', ')}`;
  const { strategy } = plan;
  if (strategy.kind !== 'upsert') return insert;
  const updates = plan.columns.filter((column) => !strategy.key.includes(column.name)).map((column) => `${quote(column.name)} = values(${quote(column.name)})`);
  // MariaDB has no `AS new` row alias; VALUES() works on both (deprecated, not removed, in MySQL 8).
  const firstKey = quote(strategy.key[0]!);
  return `${insert} on duplicate key update ${updates.length > 0 ? updates.join(', ') : `${firstKey} = ${firstKey}`}`;
}

/**
 * A MySQL table as a load's target (MySQL 8, MariaDB 10.6+). A full refresh, or a first load
 * into a table that does not exist yet, writes a staging table and swaps it in with one
 * `RENAME TABLE` (atomic: readers see the old rows, then the new); a failure drops the staging
 * table. An incremental load (by partition or key) runs in one InnoDB transaction. A named lock
 * serialises loads into one table; the session runs in UTC so instants are stored as such.
 */
class MysqlLoadTarget implements TLoadTarget {
  readonly display: string;
  private writeTo: string | null = null;
  private staged = false;
  /** A staged load swaps out an existing table (else it renames the new one into place). */
  private replaces = false;
  private targetTypes: TColumnType[] = [];

  constructor(
    private readonly session: Connection,
    private readonly table: TMysqlTable,
    private readonly log: TTaskLog,
  ) {
    this.display = table.display;
  }

  async prepare(plan: TTargetPlan): Promise<number> {
    validatePlan(plan);
    const existing = await existingColumns(this.session, this.table);
    if (existing !== null) requireTargetColumns(this.table, existing, plan);
    const byName = new Map((existing ?? []).map((column) => [column.name.toLowerCase(), column.type]));
    this.targetTypes = plan.columns.map((column) => byName.get(column.name.toLowerCase()) ?? column.type);
    if (existing === null || plan.strategy.kind === 'full_refresh') return this.prepareStaging(plan, existing !== null);
    if (plan.strategy.kind === 'upsert') await assertUniqueKey(this.session, this.table, plan.strategy.key);
    await this.session.query('start transaction');
    this.writeTo = qualified(this.table);
    if (plan.strategy.kind !== 'partition') return 0;
    const [result] = await this.session.query(`delete from ${this.writeTo} where ${quote(plan.strategy.column)} = ?`, [plan.strategy.ds]);
    const deleted = (result as { affectedRows: number }).affectedRows;
    this.log.system(`Deleted ${deleted} rows of ${this.display} where ${plan.strategy.column} = ${plan.strategy.ds}`);
    return deleted;
  }

  private async prepareStaging(plan: TTargetPlan, exists: boolean): Promise<number> {
    const staging = qualified(this.table, stagingName(this.table));
    await this.session.query(`drop table if exists ${staging}`);
    if (exists) await this.session.query(`create table ${staging} like ${qualified(this.table)}`);
    else {
      const create = createStatement(this.table, stagingName(this.table), plan);
      await this.session.query(create);
      this.log.system(`Creating ${this.display}: ${create.slice(create.indexOf('('))}`);
    }
    this.writeTo = staging;
    this.staged = true;
    this.replaces = exists;
    if (!exists) return 0;
    const [rows] = await this.session.query(`select count(*) as n from ${qualified(this.table)}`);
    return Number((rows as { n: number | string }[])[0]?.n ?? 0);
  }

  writer(plan: TTargetPlan) {
    const chunkRows = Math.max(1, Math.min(MAX_ROWS_PER_STATEMENT, Math.floor(MAX_PARAMETERS / Math.max(1, plan.columns.length))));
    const check = rowChecker(plan);
    let offset = 0;
    return {
      write: async (rows: TLoadRow[]): Promise<number> => {
        for (let start = 0; start < rows.length; start += chunkRows) {
          const chunk = rows.slice(start, start + chunkRows);
          const first = offset + start + 1;
          check(chunk, first);
          await this.insert(plan, chunk, first);
        }
        offset += rows.length;
        return rows.length;
      },
    };
  }

  private async insert(plan: TTargetPlan, chunk: TLoadRow[], first: number): Promise<void> {
    const values: unknown[] = [];
    for (const [index, row] of chunk.entries()) {
      for (const [column, text] of row.entries()) {
        try {
          const value = mysqlValue(this.targetTypes[column]!, text);
          values.push(value instanceof Uint8Array ? Buffer.from(value) : value);
        } catch (error) {
          if (!(error instanceof ValueError)) throw error;
          throw new TaskFailure(`source row ${first + index}, column '${plan.columns[column]!.name}': ${error.message} (nothing was changed)`);
        }
      }
    }
    try {
      await this.session.query(insertStatement(this.writeTo!, plan, chunk.length), values);
    } catch (error) {
      throw new TaskFailure(`writing source rows ${first}-${first + chunk.length - 1} into ${this.display} failed (nothing was changed): ${describeMysqlError(error)}`);
    }
  }

  /** Makes the rows visible: the swap of a staging table, or the transaction's commit (after the partition check). */
  async finish(plan: TTargetPlan, rowsWritten: number): Promise<void> {
    if (this.staged) {
      const target = qualified(this.table);
      const old = qualified(this.table, `${this.table.name.slice(0, 40)}__tributary_old`);
      await this.session.query(`drop table if exists ${old}`);
      await this.session.query(this.replaces ? `rename table ${target} to ${old}, ${this.writeTo!} to ${target}` : `rename table ${this.writeTo!} to ${target}`);
      this.staged = false;
      if (this.replaces) await this.session.query(`drop table ${old}`);
      return;
    }
    if (plan.strategy.kind === 'partition') {
      // Every row written must belong to the replaced partition: one of another date would survive
      // the next run's delete and be loaded twice. Compared by MySQL in the column's own type.
      const [rows] = await this.session.query(`select count(*) as n from ${this.writeTo!} where ${quote(plan.strategy.column)} = ?`, [plan.strategy.ds]);
      const inside = Number((rows as { n: number | string }[])[0]?.n ?? 0);
      if (inside !== rowsWritten) {
        throw new TaskFailure(
          `${rowsWritten - inside} source rows have ${plan.strategy.column} other than the run's logical date ${plan.strategy.ds}: ` +
            'a load by partition_column may only contain that date\'s rows (nothing was changed)',
        );
      }
    }
    await this.session.query('commit');
  }

  async abandon(): Promise<void> {
    if (this.staged) await this.session.query(`drop table if exists ${this.writeTo!}`);
    else await this.session.query('rollback');
  }
}

/**
 * Opens a MySQL table as a load's target for `work`: the rows become visible only when `work`
 * returns (`commit`), and a failure anywhere leaves the table as it was.
 */
export async function withMysqlLoadTarget<T>(
  connection: TResolvedConnection,
  tableText: string,
  ctx: TMysqlTaskContext & { log: TTaskLog },
  work: (target: TLoadTarget) => Promise<T>,
): Promise<T> {
  const table = parseMysqlTableName(tableText);
  return withMysqlSession(connection, ctx, async (session) => {
    await session.query(`set time_zone = '+00:00'`);
    const [locked] = await session.query('select get_lock(?, ?) as got', [`tributary.load:${table.display}`, LOCK_WAIT_SECONDS]);
    if ((locked as { got: number | null }[])[0]?.got !== 1) throw new TaskFailure(`another load into ${table.display} held it for ${LOCK_WAIT_SECONDS}s`);
    const target = new MysqlLoadTarget(session, table, ctx.log);
    try {
      return await work(target);
    } catch (error) {
      await target.abandon().catch(() => undefined);
      throw error;
    }
  });
}
