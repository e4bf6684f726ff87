import { TaskFailure } from './task-type';
import { splitQualifiedName } from '../domain/catalog/table-name';

/**
 * Names from DAG specs and CSV headers are used exactly as written (`Orders` stays `Orders`),
 * always double-quoted: never folded, never able to end the identifier early.
 */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new TaskFailure('an identifier must not be empty');
  if (name.includes('\u0000')) throw new TaskFailure(`identifier ${JSON.stringify(name)} contains a NUL character`);
  return `"${name.replaceAll('"', '""')}"`;
}

export function quoteIdentList(names: readonly string[]): string {
  return names.map(quoteIdent).join(', ');
}

export type TTableName = {
  schema: string | null;
  name: string;
  /** Quoted and schema-qualified, ready for SQL text. */
  sql: string;
  /** As the DAG wrote it, for log lines. */
  display: string;
};

/** `table` or `schema.table`; a quoted part (`"my.schema"."t"`) may contain dots. */
export function parseTableName(text: string): TTableName {
  const parts = splitQualifiedName(text);
  if (parts === null || parts.length > 2) {
    throw new TaskFailure(`'${text}' is not a table name: expected table or schema.table`);
  }
  const [first, second] = parts as [string, string | undefined];
  const schema = second === undefined ? null : first;
  const name = second ?? first;
  return {
    schema,
    name,
    sql: schema === null ? quoteIdent(name) : `${quoteIdent(schema)}.${quoteIdent(name)}`,
    display: text,
  };
}
