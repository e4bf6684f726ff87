import { describe, expect, it } from 'vitest';
import { formatTableName, parseTableText, uniqueSortedTables } from './table-name';

describe('parseTableText', () => {
  it.each([
    ['course', { database: null, schema: 'public', table: 'course' }],
    ['analytics.course', { database: null, schema: 'analytics', table: 'course' }],
    ['warehouse.analytics.course', { database: 'warehouse', schema: 'analytics', table: 'course' }],
    // As load and check tasks read `table:`: bare parts are exact, never folded.
    ['Sales.Orders', { database: null, schema: 'Sales', table: 'Orders' }],
    ['"odd.schema"."my ""quoted"" table"', { database: null, schema: 'odd.schema', table: 'my "quoted" table' }],
    [' public . course ', { database: null, schema: 'public', table: 'course' }],
  ])('reads %s', (text, name) => {
    expect(parseTableText(text, 'public')).toEqual({ ok: true, value: name });
  });

  it.each(['', 'a.b.c.d', 'a..b', '"unclosed', 'a.'])('refuses %j, naming the forms it accepts', (text) => {
    expect(parseTableText(text, 'public')).toEqual({
      ok: false,
      error: `'${text}' is not a table name: expected table, schema.table or database.schema.table`,
    });
  });
});

describe('formatTableName', () => {
  it.each([
    [{ database: null, schema: 'public', table: 'course' }, 'public.course'],
    [{ database: 'warehouse', schema: 'public', table: 'course' }, 'warehouse.public.course'],
    [{ database: null, schema: 'Sales', table: 'Orders' }, 'Sales.Orders'],
    [{ database: null, schema: 'odd.schema', table: 'my "quoted" table' }, '"odd.schema"."my ""quoted"" table"'],
  ])('writes %j as %s, which reads back to the same name', (name, text) => {
    expect(formatTableName(name)).toBe(text);
    expect(parseTableText(text, 'unused')).toEqual({ ok: true, value: name });
  });
});

describe('uniqueSortedTables', () => {
  it('keeps each table once, in code-point order of its text', () => {
    const names = [
      { database: null, schema: 'public', table: 'b' },
      { database: null, schema: 'Sales', table: 'a' },
      { database: null, schema: 'public', table: 'b' },
      { database: null, schema: 'public', table: 'a' },
    ];
    expect(uniqueSortedTables(names).map(formatTableName)).toEqual(['Sales.a', 'public.a', 'public.b']);
  });
});
