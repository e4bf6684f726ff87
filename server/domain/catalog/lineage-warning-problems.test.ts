import { describe, expect, it } from 'vitest';
import { lineageWarningProblems } from './lineage-warning-problems';

const source = `dag_id: orders
tasks:
  - task_id: first
    type: bash
    bash_command: echo
  - task_id: build
    type: sql
    conn_id: warehouse
    sql: insert into orders_daily select * from orders
    outputs:
      - warehouse.public.orders_weekly
  - task_id: bare
    type: sql
    conn_id: warehouse
    sql: insert into other select 1
`;

describe('lineageWarningProblems', () => {
  it("points at the task's outputs, or at the task when it declares none", () => {
    const problems = lineageWarningProblems(source, [
      { task_id: 'build', kind: 'output_not_written', dataset: 'warehouse.public.orders_weekly', message: 'not written' },
      { task_id: 'bare', kind: 'output_not_declared', dataset: 'warehouse.public.other', message: 'not declared' },
    ]);
    expect(problems).toEqual([
      { path: 'tasks[1].outputs', line: 11, column: 7, message: 'not written' },
      { path: 'tasks[2].outputs', line: 12, column: 5, message: 'not declared' },
    ]);
  });

  it('reads nothing when there is nothing to place', () => {
    expect(lineageWarningProblems('not: [valid', [])).toEqual([]);
  });
});
