import type { TSqlParseTree } from './sql-parse-tree';

/**
 * What one statement of a PostgreSQL parse tree does to tables, in the order it happens:
 * reads before the write they feed, a creation before the rows it writes. Names stay as the SQL
 * wrote them (already folded by the parser); sql-lineage.ts resolves them across statements.
 */

/** A relation as the SQL names it, before an unqualified name is given its schema. */
export type TRelationRef = { database: string | null; schema: string | null; table: string };

export type TLineageEvent =
  | { op: 'read' | 'write' | 'alter' | 'drop'; relation: TRelationRef }
  | { op: 'create'; relation: TRelationRef; temporary: boolean }
  | { op: 'rename'; relation: TRelationRef; to: string }
  /** `SET search_path` to one schema; null: back to the default (RESET). */
  | { op: 'search_path'; schema: string | null };

/** `events` is null when the walker does not understand the statement: it is reported, never guessed. */
export type TStatementEvents = { kind: string; events: TLineageEvent[] | null };

type TNode = Record<string, unknown>;
type TScope = ReadonlySet<string>;
type TOut = TLineageEvent[];

const isNode = (value: unknown): value is TNode => typeof value === 'object' && value !== null && !Array.isArray(value);
const nodeAt = (node: TNode | null, key: string): TNode | null => (node !== null && isNode(node[key]) ? node[key] : null);
const listAt = (node: TNode, key: string): unknown[] => (Array.isArray(node[key]) ? node[key] : []);
const textAt = (node: TNode, key: string): string | null => (typeof node[key] === 'string' ? node[key] : null);

/** A wrapped node, `{ SelectStmt: {...} }`, as its kind and body. */
function unwrap(value: unknown): { kind: string; body: TNode } | null {
  if (!isNode(value)) return null;
  const entries = Object.entries(value);
  const [entry] = entries;
  return entries.length === 1 && entry !== undefined && isNode(entry[1]) ? { kind: entry[0], body: entry[1] } : null;
}

function relationOf(rangeVar: TNode | null): TRelationRef | null {
  const table = rangeVar === null ? null : textAt(rangeVar, 'relname');
  if (rangeVar === null || table === null) return null;
  return { database: textAt(rangeVar, 'catalogname'), schema: textAt(rangeVar, 'schemaname'), table };
}

/** A dotted name from a DROP's object list: `t`, `s.t` or `db.s.t`. */
function relationOfNames(value: unknown): TRelationRef | null {
  const list = unwrap(value);
  const parts = list?.kind === 'List' ? listAt(list.body, 'items').map((item) => unwrap(item)?.body.sval) : [];
  if (parts.length === 0 || parts.length > 3 || !parts.every((part) => typeof part === 'string')) return null;
  const [table = '', schema = null, database = null] = [...(parts as string[])].reverse();
  return { database, schema, table };
}

/** Node kinds handled inside a statement's tree; every other node is searched through. */
const NESTED = new Map<string, (body: TNode, scope: TScope, out: TOut) => void>([
  ['RangeVar', readRangeVar],
  ['SelectStmt', visitSelect],
  ['InsertStmt', visitModify],
  ['UpdateStmt', visitModify],
  ['DeleteStmt', visitModify],
  ['MergeStmt', visitModify],
  // `FOR UPDATE OF o` names a FROM item by its alias, not a table.
  ['LockingClause', () => undefined],
]);

function visit(value: unknown, scope: TScope, out: TOut): void {
  if (Array.isArray(value)) {
    for (const item of value) visit(item, scope, out);
    return;
  }
  if (!isNode(value)) return;
  for (const [key, child] of Object.entries(value)) {
    const nested = NESTED.get(key);
    if (nested !== undefined && isNode(child)) nested(child, scope, out);
    else visit(child, scope, out);
  }
}

function visitFields(body: TNode, scope: TScope, out: TOut, except: readonly string[]): void {
  for (const [key, child] of Object.entries(body)) if (!except.includes(key)) visit(child, scope, out);
}

function readRangeVar(body: TNode, scope: TScope, out: TOut): void {
  const relation = relationOf(body);
  if (relation === null) return;
  // Only a bare name can mean a CTE; `public.orders` is the table even inside `with orders as`.
  if (relation.schema === null && relation.database === null && scope.has(relation.table)) return;
  out.push({ op: 'read', relation });
}

/**
 * The CTEs' own reads and writes, and the scope the statement's body sees. Without RECURSIVE a
 * CTE sees only the ones before it (so `with orders as (select * from orders)` reads the table);
 * with it, every CTE of the list sees all of them.
 */
function visitWith(statement: TNode, scope: TScope, out: TOut): TScope {
  const withClause = nodeAt(statement, 'withClause');
  if (withClause === null) return scope;
  const ctes = listAt(withClause, 'ctes').flatMap((item) => {
    const cte = unwrap(item);
    const name = cte?.kind === 'CommonTableExpr' ? textAt(cte.body, 'ctename') : null;
    return cte !== null && name !== null ? [{ name, query: cte.body.ctequery }] : [];
  });
  if (withClause.recursive === true) {
    const all = new Set([...scope, ...ctes.map((cte) => cte.name)]);
    for (const cte of ctes) visit(cte.query, all, out);
    return all;
  }
  let visible = scope;
  for (const cte of ctes) {
    visit(cte.query, visible, out);
    visible = new Set([...visible, cte.name]);
  }
  return visible;
}

function visitSelect(body: TNode, scope: TScope, out: TOut): void {
  const inner = visitWith(body, scope, out);
  // The arms of UNION/INTERSECT/EXCEPT are bare SelectStmt bodies, each possibly with its own WITH.
  for (const arm of ['larg', 'rarg']) {
    const select = nodeAt(body, arm);
    if (select !== null) visitSelect(select, inner, out);
  }
  visitFields(body, inner, out, ['withClause', 'intoClause', 'larg', 'rarg']);
  createRelation(nodeAt(nodeAt(body, 'intoClause'), 'rel'), out); // SELECT ... INTO
}

/** INSERT, UPDATE, DELETE and MERGE write their target; their sources (FROM, USING, subqueries) are reads. */
function visitModify(body: TNode, scope: TScope, out: TOut): void {
  const inner = visitWith(body, scope, out);
  visitFields(body, inner, out, ['withClause', 'relation']);
  const relation = relationOf(nodeAt(body, 'relation'));
  if (relation !== null) out.push({ op: 'write', relation });
}

function createRelation(rangeVar: TNode | null, out: TOut): void {
  const relation = relationOf(rangeVar);
  if (relation === null) return;
  out.push({ op: 'create', relation, temporary: rangeVar?.relpersistence === 't' }, { op: 'write', relation });
}

const EMPTY_SCOPE: TScope = new Set();
const TABLE_LIKE = new Set(['OBJECT_TABLE', 'OBJECT_VIEW', 'OBJECT_MATVIEW', 'OBJECT_FOREIGN_TABLE']);
/** Objects that hold no rows: dropping, altering or renaming them changes no dataset. */
const NOT_DATASETS = new Set(['OBJECT_INDEX', 'OBJECT_SEQUENCE', 'OBJECT_FUNCTION', 'OBJECT_PROCEDURE', 'OBJECT_TYPE', 'OBJECT_TRIGGER', 'OBJECT_EXTENSION']);
/** Statements that read and write no table's rows: transactions, settings, indexes, grants, maintenance. */
const NO_LINEAGE = [
  'TransactionStmt', 'VariableShowStmt', 'DiscardStmt', 'LockStmt', 'VacuumStmt', 'IndexStmt', 'CommentStmt',
  'GrantStmt', 'CreateSeqStmt', 'AlterSeqStmt', 'CreateExtensionStmt', 'NotifyStmt', 'ListenStmt', 'UnlistenStmt',
];

type TTopLevel = (body: TNode, out: TOut) => boolean;

/** Records one table use of a statement; true, as the statement is understood. */
function touch(rangeVar: TNode | null, out: TOut, op: 'read' | 'write' | 'alter' = 'write'): boolean {
  const relation = relationOf(rangeVar);
  if (relation !== null) out.push({ op, relation });
  return true;
}

function copy(body: TNode, out: TOut): boolean {
  visit(body.query, EMPTY_SCOPE, out); // COPY (query) TO
  return touch(nodeAt(body, 'relation'), out, body.is_from === true ? 'write' : 'read');
}

/** DROP SCHEMA drops tables it does not name: the walker cannot say which. */
function drop(body: TNode, out: TOut): boolean {
  const type = textAt(body, 'removeType') ?? '';
  if (NOT_DATASETS.has(type)) return true;
  if (!TABLE_LIKE.has(type)) return false;
  for (const object of listAt(body, 'objects')) {
    const relation = relationOfNames(object);
    if (relation === null) return false;
    out.push({ op: 'drop', relation });
  }
  return true;
}

function alterTable(body: TNode, out: TOut): boolean {
  const type = textAt(body, 'objtype') ?? '';
  if (NOT_DATASETS.has(type)) return true;
  return TABLE_LIKE.has(type) && touch(nodeAt(body, 'relation'), out, 'alter');
}

function rename(body: TNode, out: TOut): boolean {
  const type = textAt(body, 'renameType') ?? '';
  const relation = relationOf(nodeAt(body, 'relation'));
  const to = textAt(body, 'newname');
  if (NOT_DATASETS.has(type)) return true;
  if (relation === null) return false;
  if (TABLE_LIKE.has(type) && to !== null) out.push({ op: 'rename', relation, to });
  else if (type === 'OBJECT_COLUMN' || type === 'OBJECT_TABCONSTRAINT') out.push({ op: 'alter', relation });
  else return false;
  return true;
}

/**
 * `SET search_path` moves where unqualified names land. One schema is followed; several are
 * not understood (a read resolves to the first schema that has the table, which the SQL alone
 * cannot tell). Other settings touch no table.
 */
function setVariable(body: TNode, out: TOut): boolean {
  const kind = textAt(body, 'kind');
  if (kind === 'VAR_RESET_ALL') out.push({ op: 'search_path', schema: null });
  if (textAt(body, 'name') !== 'search_path') return true;
  if (kind === 'VAR_RESET' || kind === 'VAR_SET_DEFAULT') {
    out.push({ op: 'search_path', schema: null });
    return true;
  }
  const values = listAt(body, 'args').map((arg) => nodeAt(unwrap(arg)?.body ?? null, 'sval')?.sval);
  const [schema] = values;
  if (values.length !== 1 || typeof schema !== 'string' || schema === '$user') return false;
  out.push({ op: 'search_path', schema });
  return true;
}

function modify(body: TNode, out: TOut): boolean {
  visitModify(body, EMPTY_SCOPE, out);
  return true;
}

/** CREATE TABLE AS and CREATE MATERIALIZED VIEW AS (`into.rel`), CREATE VIEW (`view`): the query's reads, then the new relation. */
function createFromQuery(body: TNode, out: TOut): boolean {
  visit(body.query, EMPTY_SCOPE, out);
  createRelation(nodeAt(nodeAt(body, 'into'), 'rel') ?? nodeAt(body, 'view'), out);
  return true;
}

const TOP_LEVEL = new Map<string, TTopLevel>([
  ['SelectStmt', (body, out) => { visitSelect(body, EMPTY_SCOPE, out); return true; }],
  ['InsertStmt', modify],
  ['UpdateStmt', modify],
  ['DeleteStmt', modify],
  ['MergeStmt', modify],
  ['CreateTableAsStmt', createFromQuery],
  ['ViewStmt', createFromQuery],
  // Only the new table: LIKE, INHERITS and PARTITION OF copy a definition, not rows.
  ['CreateStmt', (body, out) => { createRelation(nodeAt(body, 'relation'), out); return true; }],
  ['TruncateStmt', (body, out) => listAt(body, 'relations').every((item) => touch(unwrap(item)?.body ?? null, out))],
  ['CopyStmt', copy],
  ['RefreshMatViewStmt', (body, out) => touch(nodeAt(body, 'relation'), out)],
  ['DropStmt', drop],
  ['AlterTableStmt', alterTable],
  ['RenameStmt', rename],
  ['VariableSetStmt', setVariable],
  ['CreateSchemaStmt', (body) => listAt(body, 'schemaElts').length === 0],
  ...NO_LINEAGE.map((kind): [string, TTopLevel] => [kind, () => true]),
]);

/** Each statement of the tree with its events, in order. */
export function statementEvents(tree: TSqlParseTree): TStatementEvents[] {
  return (tree.stmts ?? []).flatMap((raw) => {
    const statement = unwrap(raw.stmt);
    if (statement === null) return [];
    const handler = TOP_LEVEL.get(statement.kind);
    const events: TLineageEvent[] = [];
    const understood = handler !== undefined && handler(statement.body, events);
    return [{ kind: statement.kind, events: understood ? events : null }];
  });
}
