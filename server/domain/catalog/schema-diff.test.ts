import { describe, expect, it } from 'vitest';
import { diffColumns, formatColumnType, type TObservedColumn } from './schema-diff';

const col = (name: string, ordinal: number, dataType = 'integer'): TObservedColumn => ({ name, ordinal, dataType, nullable: true });

describe('diffColumns', () => {
  it.each([
    { case: 'a first introspection is a baseline', previous: null, current: [col('id', 1)], changes: [] },
    { case: 'a dropped table created again has its columns added', previous: [], current: [col('id', 1)], changes: [{ kind: 'added', columnName: 'id', fromType: null, toType: 'integer' }] },
    { case: 'nothing changed', previous: [col('id', 1)], current: [col('id', 1)], changes: [] },
    {
      case: 'an added column',
      previous: [col('id', 1)],
      current: [col('id', 1), col('note', 2, 'text')],
      changes: [{ kind: 'added', columnName: 'note', fromType: null, toType: 'text' }],
    },
    {
      case: 'a dropped column',
      previous: [col('id', 1), col('note', 2, 'text')],
      current: [col('id', 1)],
      changes: [{ kind: 'dropped', columnName: 'note', fromType: 'text', toType: null }],
    },
    {
      case: 'a retyped column, a reorder alone is no change',
      previous: [col('a', 1), col('b', 2, 'character varying(20)')],
      current: [col('b', 1, 'character varying(40)'), col('a', 2)],
      changes: [{ kind: 'retyped', columnName: 'b', fromType: 'character varying(20)', toType: 'character varying(40)' }],
    },
    {
      case: 'a rename reads as an add and a drop',
      previous: [col('id', 1), col('old', 2)],
      current: [col('id', 1), col('new', 2)],
      changes: [
        { kind: 'added', columnName: 'new', fromType: null, toType: 'integer' },
        { kind: 'dropped', columnName: 'old', fromType: 'integer', toType: null },
      ],
    },
  ])('$case', ({ previous, current, changes }) => {
    expect(diffColumns(previous, current)).toEqual(changes);
  });
});

describe('formatColumnType', () => {
  const base = { characterMaximumLength: null, numericPrecision: null, numericScale: null };
  it.each([
    { column: { ...base, dataType: 'character varying', udtName: 'varchar', characterMaximumLength: 20 }, shown: 'character varying(20)' },
    { column: { ...base, dataType: 'character varying', udtName: 'varchar' }, shown: 'character varying' },
    { column: { ...base, dataType: 'numeric', udtName: 'numeric', numericPrecision: 10, numericScale: 2 }, shown: 'numeric(10,2)' },
    { column: { ...base, dataType: 'numeric', udtName: 'numeric' }, shown: 'numeric' },
    { column: { ...base, dataType: 'integer', udtName: 'int4', numericPrecision: 32, numericScale: 0 }, shown: 'integer' },
    { column: { ...base, dataType: 'ARRAY', udtName: '_text' }, shown: 'text[]' },
    { column: { ...base, dataType: 'USER-DEFINED', udtName: 'mood' }, shown: 'mood' },
    { column: { ...base, dataType: 'timestamp with time zone', udtName: 'timestamptz' }, shown: 'timestamp with time zone' },
  ])('$shown', ({ column, shown }) => {
    expect(formatColumnType(column)).toBe(shown);
  });
});
