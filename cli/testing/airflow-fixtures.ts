import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { convertAirflowRead, type TFileConversion } from '../../server/domain/airflow/convert-airflow-file';
import { parseDagSpec } from '../../server/domain/dag/parse-dag-spec';
import { readAirflowFiles } from '../airflow-import/read-airflow-files';

/** Airflow-style DAG files written for the importer's tests. */
export const AIRFLOW_FIXTURES = path.resolve(import.meta.dirname, '../../tests/fixtures/airflow');
export const TEST_PYTHON = { python: 'python3', path: '/usr/local/bin:/usr/bin:/bin' };

/** The named fixture files read by the real reader (python3's ast) and converted, by file name. */
export async function convertFixtures(names: string[]): Promise<Map<string, TFileConversion>> {
  const files = await Promise.all(names.map(async (name) => ({ path: name, source: await readFile(path.join(AIRFLOW_FIXTURES, name), 'utf8') })));
  return new Map(convertAirflowRead(await readAirflowFiles(files, TEST_PYTHON)).map((c) => [c.file, c]));
}

export type TFixtureSpec = Record<string, unknown> & { tasks: Record<string, unknown>[]; default_args?: Record<string, unknown> };

/** A converted DAG's spec as its YAML reads back, failing with the report when it is missing or invalid. */
export function specOf(conversion: TFileConversion, dagId?: string): TFixtureSpec {
  const dag = dagId ? conversion.dags.find((d) => d.dagId === dagId) : conversion.dags[0];
  if (!dag) throw new Error(`${conversion.file}: no DAG ${dagId ?? ''}: ${JSON.stringify(conversion.report, null, 2)}`);
  const parsed = parseDagSpec(dag.yaml);
  if (!parsed.ok) throw new Error(`${conversion.file}: the spec does not validate: ${JSON.stringify(parsed.error)}\n${dag.yaml}`);
  return parse(dag.yaml) as TFixtureSpec;
}

export const taskOf = (spec: TFixtureSpec, id: string): Record<string, unknown> => {
  const found = spec.tasks.find((t) => t.task_id === id);
  if (!found) throw new Error(`no task ${id} in ${spec.tasks.map((t) => String(t.task_id)).join(', ')}`);
  return found;
};
