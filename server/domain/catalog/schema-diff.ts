/** A column as the warehouse's information_schema reports it. */
export type TObservedColumn = { name: string; ordinal: number; dataType: string; nullable: boolean };

export type TSchemaChange =
  | { kind: 'added'; columnName: string; fromType: null; toType: string }
  | { kind: 'dropped'; columnName: string; fromType: string; toType: null }
  | { kind: 'retyped'; columnName: string; fromType: string; toType: string };

/**
 * information_schema's type of a column as people write it: `character varying(20)`,
 * `numeric(10,2)`, `timestamp with time zone`; an array as its element type with `[]`, a
 * user-defined type (enum, domain's base aside) by its name.
 */
export function formatColumnType(column: {
  dataType: string;
  udtName: string;
  characterMaximumLength: number | null;
  numericPrecision: number | null;
  numericScale: number | null;
}): string {
  const { dataType, udtName } = column;
  if (dataType === 'ARRAY') return `${udtName.replace(/^_/, '')}[]`;
  if (dataType === 'USER-DEFINED') return udtName;
  if (column.characterMaximumLength !== null && /^(character|bit)/.test(dataType)) return `${dataType}(${column.characterMaximumLength})`;
  if (dataType === 'numeric' && column.numericPrecision !== null) return `numeric(${column.numericPrecision},${column.numericScale ?? 0})`;
  return dataType;
}

/**
 * What changed between two introspections of a table, by column name (a rename reads as a drop
 * and an add: information_schema cannot tell them apart). `previous` null is a baseline, not a
 * change: the first introspection, or the first time a table that never existed before is seen
 * (the caller knows which). An empty `previous` is a table that existed and was dropped: its
 * columns coming back are added. Ordered as the columns are: added and retyped by the new
 * ordinal, then dropped.
 */
export function diffColumns(previous: readonly TObservedColumn[] | null, current: readonly TObservedColumn[]): TSchemaChange[] {
  if (previous === null) return [];
  const before = new Map(previous.map((column) => [column.name, column]));
  const after = new Map(current.map((column) => [column.name, column]));
  const changes: TSchemaChange[] = [];
  for (const column of [...current].sort((a, b) => a.ordinal - b.ordinal)) {
    const old = before.get(column.name);
    if (old === undefined) changes.push({ kind: 'added', columnName: column.name, fromType: null, toType: column.dataType });
    else if (old.dataType !== column.dataType) changes.push({ kind: 'retyped', columnName: column.name, fromType: old.dataType, toType: column.dataType });
  }
  for (const column of [...previous].sort((a, b) => a.ordinal - b.ordinal)) {
    if (!after.has(column.name)) changes.push({ kind: 'dropped', columnName: column.name, fromType: column.dataType, toType: null });
  }
  return changes;
}
