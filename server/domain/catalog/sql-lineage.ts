import type { TSqlParseTree } from './sql-parse-tree';
import { statementEvents, type TLineageEvent, type TRelationRef } from './sql-statement-events';
import { compareText, formatTableName, uniqueSortedTables, type TTableName } from './table-name';

/**
 * The tables a SQL text reads and writes, each once, sorted. `dropped`: tables that existed
 * before the SQL and do not after it (dropped and not re-created). `skipped`: the kinds of the
 * statements the walker does not understand (`DoStmt`, `CallStmt`...), whose effect is unknown:
 * when it is not empty, the lists may be incomplete.
 */
export type TSqlLineage = {
  reads: TTableName[];
  writes: TTableName[];
  dropped: TTableName[];
  altered: TTableName[];
  skipped: string[];
};

export type TSqlLineageOptions = {
  /** Where unqualified names land (PostgreSQL's default search_path puts them in `public`). */
  defaultSchema: string;
};

/** One lifetime of a table within the SQL: from the start (or its CREATE) to its DROP. */
type TLifetime = { createdHere: boolean; ended: boolean };
type TTracked = { name: TTableName; lifetimes: TLifetime[]; droppedPreexisting: boolean };
type TUse = { kind: 'read' | 'write' | 'alter'; tracked: TTracked; lifetime: TLifetime };

type TState = {
  defaultSchema: string;
  searchPath: string;
  /** Bare names of the session's temporary tables, which PostgreSQL looks up before any schema. */
  temporary: Set<string>;
  tracked: Map<string, TTracked>;
  uses: TUse[];
};

/** pg_catalog, pg_toast, pg_temp_N...: PostgreSQL reserves the `pg_` prefix for its own schemas. */
const SYSTEM_SCHEMA = /^(pg_|information_schema$)/;

const current = (tracked: TTracked): TLifetime => tracked.lifetimes[tracked.lifetimes.length - 1]!;
const isBare = (relation: TRelationRef) => relation.schema === null && relation.database === null;

/**
 * Null for what is not a dataset: temporary tables and the system catalogs. A bare `pg_*`
 * name counts as a catalog (pg_tables, pg_stat_user_tables): PostgreSQL searches pg_catalog
 * before the search_path.
 */
function resolve(state: TState, relation: TRelationRef, lookUpTemporary = true): TTableName | null {
  if (relation.schema === 'pg_temp') return null;
  if (isBare(relation) && lookUpTemporary && state.temporary.has(relation.table)) return null;
  if (relation.schema === null ? relation.table.startsWith('pg_') : SYSTEM_SCHEMA.test(relation.schema)) return null;
  return { database: relation.database, schema: relation.schema ?? state.searchPath, table: relation.table };
}

function track(state: TState, name: TTableName): TTracked {
  const key = formatTableName(name);
  let tracked = state.tracked.get(key);
  if (tracked === undefined) {
    tracked = { name, lifetimes: [{ createdHere: false, ended: false }], droppedPreexisting: false };
    state.tracked.set(key, tracked);
  }
  return tracked;
}

function create(state: TState, relation: TRelationRef, temporary: boolean): void {
  if (temporary || relation.schema === 'pg_temp') {
    state.temporary.add(relation.table);
    return;
  }
  // A plain CREATE never lands in pg_temp, even when a temporary table has the same bare name.
  const name = resolve(state, relation, false);
  if (name === null) return;
  const tracked = track(state, name);
  const lifetime = current(tracked);
  if (lifetime.ended) tracked.lifetimes.push({ createdHere: true, ended: false });
  else lifetime.createdHere = true;
}

/** Ends the table's current lifetime; false when the name was a temporary table's. */
function end(state: TState, relation: TRelationRef): boolean {
  if (isBare(relation) && state.temporary.delete(relation.table)) return false;
  const name = resolve(state, relation);
  if (name === null) return true;
  const tracked = track(state, name);
  const lifetime = current(tracked);
  if (lifetime.ended) return true;
  lifetime.ended = true;
  if (!lifetime.createdHere) tracked.droppedPreexisting = true;
  return true;
}

function use(state: TState, kind: TUse['kind'], relation: TRelationRef): void {
  const name = resolve(state, relation);
  if (name === null) return;
  const tracked = track(state, name);
  state.uses.push({ kind, tracked, lifetime: current(tracked) });
}

function apply(state: TState, event: TLineageEvent): void {
  switch (event.op) {
    case 'read':
    case 'write':
    case 'alter':
      return use(state, event.op, event.relation);
    case 'create':
      return create(state, event.relation, event.temporary);
    case 'drop':
      end(state, event.relation);
      return;
    case 'rename': {
      // The old name ends where the new one begins, holding the old rows: a write of the new name.
      const wasTable = end(state, event.relation);
      const renamed = { ...event.relation, table: event.to, schema: event.relation.schema ?? state.searchPath };
      create(state, renamed, !wasTable);
      if (wasTable) use(state, 'write', renamed);
      return;
    }
    case 'search_path':
      state.searchPath = event.schema ?? state.defaultSchema;
      return;
  }
}

/**
 * Lineage of statements run in order in one session (a `sql` task's list runs that way). A
 * table created and later dropped within them is a scratch table, not a dataset: it appears in
 * no list, nor do its reads and writes. Temporary tables never appear.
 */
export function inferSqlLineage(trees: readonly TSqlParseTree[], options: TSqlLineageOptions): TSqlLineage {
  const state: TState = { defaultSchema: options.defaultSchema, searchPath: options.defaultSchema, temporary: new Set(), tracked: new Map(), uses: [] };
  const skipped = new Set<string>();
  for (const statement of trees.flatMap(statementEvents)) {
    if (statement.events === null) skipped.add(statement.kind);
    for (const event of statement.events ?? []) apply(state, event);
  }
  const kept = state.uses.filter((entry) => !(entry.lifetime.createdHere && entry.lifetime.ended));
  const tables = (kind: TUse['kind']) => uniqueSortedTables(kept.filter((entry) => entry.kind === kind).map((entry) => entry.tracked.name));
  const dropped = [...state.tracked.values()].filter((tracked) => tracked.droppedPreexisting && current(tracked).ended);
  return {
    reads: tables('read'),
    writes: tables('write'),
    dropped: uniqueSortedTables(dropped.map((tracked) => tracked.name)),
    altered: tables('alter'),
    skipped: [...skipped].sort(compareText),
  };
}
