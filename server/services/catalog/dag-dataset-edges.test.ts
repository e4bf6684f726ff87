import { beforeAll, describe, expect, it } from 'vitest';
import type { TParseSql } from '../../domain/catalog/sql-parse-tree';
import { parseDagSpec, type TDag } from '../../domain/dag/parse-dag-spec';
import { loadSqlParser } from '../../integrations/sql-parser';
import { dagLineage, datasetName } from './dag-dataset-edges';

let parse: TParseSql;
beforeAll(async () => {
  parse = await loadSqlParser();
});

function dagOf(source: string): TDag {
  const parsed = parseDagSpec(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const edgeText = (edges: ReturnType<typeof dagLineage>['edges']) =>
  edges.map((edge) => `${edge.taskId} ${edge.direction} ${edge.connId}.${edge.name} ${edge.source}`).sort();

describe('datasetName', () => {
  it.each([
    ['course', 'public.course'],
    ['public.course', 'public.course'],
    ['analytics.public.course', 'public.course'],
    ['"My Schema".Orders', '"My Schema".Orders'],
    ['{{ params.table }}', null],
    ['a.b.c.d', null],
  ])('%s → %s', (text, expected) => {
    expect(datasetName(text)).toBe(expected);
  });
});

describe('dagLineage', () => {
  const dag = dagOf(`
dag_id: edges
tasks:
  - task_id: load_orders
    type: load
    source: {conn_id: src, sql: "select * from raw.orders"}
    target: {conn_id: wh, table: orders}
    inputs: [src.raw.orders]
  - task_id: templated
    type: bash
    bash_command: echo
    outputs: [{conn_id: wh, table: "{{ params.t }}"}]
`);

  it('declares inputs, outputs and a load target, infers the SQL, each edge once', () => {
    expect(edgeText(dagLineage(dag, parse).edges)).toEqual([
      'load_orders read src.raw.orders declared',
      'load_orders read src.raw.orders inferred',
      'load_orders write wh.public.orders declared',
      'load_orders write wh.public.orders inferred',
    ]);
  });

  it('reads a load task\'s URL source as a file or API dataset, unless its path is templated', () => {
    const fromApi = dagOf(`
dag_id: from_api
tasks:
  - task_id: pull
    type: load
    source: {url: "https://api.example.com/v1/orders?since={{ ds }}", format: json}
    target: {conn_id: wh, table: orders}
  - task_id: pull_daily
    type: load
    source: {url: "https://api.example.com/v1/orders/{{ ds }}.json", format: json}
    target: {conn_id: wh, table: orders_daily}
`);
    expect(edgeText(dagLineage(fromApi, parse).edges)).toEqual([
      'pull read .https://api.example.com/v1/orders declared',
      'pull write wh.public.orders declared',
      'pull write wh.public.orders inferred',
      'pull_daily write wh.public.orders_daily declared',
      'pull_daily write wh.public.orders_daily inferred',
    ]);
  });

  it('records only the declared edges without a parser', () => {
    expect(edgeText(dagLineage(dag, null).edges)).toEqual(['load_orders read src.raw.orders declared', 'load_orders write wh.public.orders declared']);
  });

  it('records nothing inferred when the parser throws', () => {
    const throwing: TParseSql = () => {
      throw new Error('boom');
    };
    expect(edgeText(dagLineage(dag, throwing).edges)).toEqual(['load_orders read src.raw.orders declared', 'load_orders write wh.public.orders declared']);
  });

  it('warns where the SQL contradicts what a task declares, and only then', () => {
    const contradicted = dagOf(`
dag_id: contradicted
tasks:
  - task_id: build
    type: sql
    conn_id: wh
    sql: "insert into orders_daily select * from orders"
    inputs: [wh.public.orders]
    outputs: [wh.public.orders_weekly]
`);
    expect(dagLineage(contradicted, parse).warnings.map((warning) => [warning.kind, warning.dataset])).toEqual([
      ['output_not_written', 'wh.public.orders_weekly'],
      ['output_not_declared', 'wh.public.orders_daily'],
    ]);
    expect(dagLineage(dag, parse).warnings).toEqual([]);
    expect(dagLineage(contradicted, null).warnings).toEqual([]);
  });
});
