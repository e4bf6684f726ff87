import { loadModule, parseSync } from 'libpg-query';
import { beforeAll, describe, expect, it } from 'vitest';
import { statementEvents } from './sql-statement-events';

beforeAll(async () => {
  await loadModule();
});

const bare = (table: string) => ({ database: null, schema: null, table });

describe('statementEvents', () => {
  it('gives each statement its kind and its events in the order they happen: reads before the write they feed', () => {
    expect(statementEvents(parseSync('create table t as select * from s; insert into u select * from t; drop table t'))).toEqual([
      { kind: 'CreateTableAsStmt', events: [{ op: 'read', relation: bare('s') }, { op: 'create', relation: bare('t'), temporary: false }, { op: 'write', relation: bare('t') }] },
      { kind: 'InsertStmt', events: [{ op: 'read', relation: bare('t') }, { op: 'write', relation: bare('u') }] },
      { kind: 'DropStmt', events: [{ op: 'drop', relation: bare('t') }] },
    ]);
  });

  it('keeps names as the parser gives them: folded, quoted, qualified', () => {
    expect(statementEvents(parseSync('select * from Db.Mart."Daily"'))).toEqual([
      { kind: 'SelectStmt', events: [{ op: 'read', relation: { database: 'db', schema: 'mart', table: 'Daily' } }] },
    ]);
  });

  it('marks temporary creations, renames and search_path changes', () => {
    expect(statementEvents(parseSync('create temp table x (a int); alter table x rename to y; set search_path to mart; reset all'))).toEqual([
      { kind: 'CreateStmt', events: [{ op: 'create', relation: bare('x'), temporary: true }, { op: 'write', relation: bare('x') }] },
      { kind: 'RenameStmt', events: [{ op: 'rename', relation: bare('x'), to: 'y' }] },
      { kind: 'VariableSetStmt', events: [{ op: 'search_path', schema: 'mart' }] },
      { kind: 'VariableSetStmt', events: [{ op: 'search_path', schema: null }] },
    ]);
  });

  it('gives null events for a statement it does not understand', () => {
    expect(statementEvents(parseSync('do $$ begin end $$; prepare p as select * from t'))).toEqual([
      { kind: 'DoStmt', events: null },
      { kind: 'PrepareStmt', events: null },
    ]);
  });
});
