import { beforeAll, describe, expect, it } from 'vitest';
import type { TParseSql } from '../../domain/catalog/sql-parse-tree';
import { parseDagSpec, type TDag } from '../../domain/dag/parse-dag-spec';
import { loadSqlParser } from '../../integrations/sql-parser';
import { dagDatasetEdges, datasetName } from './dag-dataset-edges';

let parse: TParseSql;
beforeAll(async () => {
  parse = await loadSqlParser();
});

function dagOf(source: string): TDag {
  const parsed = parseDagSpec(source);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  return parsed.value;
}

const edgeText = (edges: ReturnType<typeof dagDatasetEdges>) =>
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

describe('dagDatasetEdges', () => {
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
    expect(edgeText(dagDatasetEdges(dag, parse))).toEqual([
      'load_orders read src.raw.orders declared',
      'load_orders read src.raw.orders inferred',
      'load_orders write wh.public.orders declared',
      'load_orders write wh.public.orders inferred',
    ]);
  });

  it('records only the declared edges without a parser', () => {
    expect(edgeText(dagDatasetEdges(dag, null))).toEqual(['load_orders read src.raw.orders declared', 'load_orders write wh.public.orders declared']);
  });

  it('records nothing inferred when the parser throws', () => {
    const throwing: TParseSql = () => {
      throw new Error('boom');
    };
    expect(edgeText(dagDatasetEdges(dag, throwing))).toEqual(['load_orders read src.raw.orders declared', 'load_orders write wh.public.orders declared']);
  });
});
