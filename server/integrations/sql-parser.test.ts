import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { compareDeclaredLineage, inferTaskLineage } from '../domain/catalog/task-lineage';
import type { TParseSql } from '../domain/catalog/sql-parse-tree';
import { parseDagSpec } from '../domain/dag/parse-dag-spec';
import { loadSqlParser } from './sql-parser';

// The real WebAssembly module: no database needed, so this is a unit test.
let parse: TParseSql;
beforeAll(async () => {
  parse = await loadSqlParser();
});

const statementKinds = (sql: string) => {
  const parsed = parse(sql);
  return parsed.ok ? (parsed.value.stmts ?? []).map((raw) => Object.keys(raw.stmt as object)) : parsed.error;
};

describe('loadSqlParser', () => {
  it('loads the module once: later calls give the same parser', async () => {
    expect(await loadSqlParser()).toBe(parse);
  });

  it("parses each statement into PostgreSQL's tree", () => {
    expect(statementKinds('select 1; insert into t values (1);\n-- done\n')).toEqual([['SelectStmt'], ['InsertStmt']]);
  });

  it('reads an empty text, blanks or comments as no statement', () => {
    expect(statementKinds('')).toEqual([]);
    expect(statementKinds('  \n\t')).toEqual([]);
    expect(statementKinds('-- nothing\n/* at all */')).toEqual([]);
  });

  it.each([
    ['select *\nfrom orders\nwhere amount > 0 form x', { message: 'syntax error at or near "form"', line: 3, column: 18 }],
    ['select 1;\nselect (', { message: 'syntax error at end of input', line: 2, column: 9 }],
    ['insert into t\n  values (1,, 2)', { message: 'syntax error at or near ","', line: 2, column: 13 }],
    // PostgreSQL counts characters: the emoji and the accents before the error are one column each.
    ["select 'é😀é' as x\nfrom t\nwhere x = 1 form y", { message: 'syntax error at or near "form"', line: 3, column: 13 }],
    ['selec 1', { message: 'syntax error at or near "selec"', line: 1, column: 1 }],
  ])('gives a syntax error with its line and column: %j', (sql, error) => {
    expect(parse(sql)).toEqual({ ok: false, error });
  });
});

describe('lineage of the examples, parsed for real', () => {
  it.each(['course_stats', 'daily_orders'])('%s: every declared edge agrees with the SQL', (dagId) => {
    const parsed = parseDagSpec(readFileSync(new URL(`../../examples/${dagId}.yaml`, import.meta.url), 'utf8'));
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    for (const task of parsed.value.tasks) {
      const lineage = inferTaskLineage(parsed.value, task, { parse });
      expect(lineage.status).toBe('known');
      expect(compareDeclaredLineage(task, lineage)).toEqual([]);
    }
  });
});
