import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convertAirflowRead, type TFileConversion } from '../../server/domain/airflow/convert-airflow-file';
import { parseDagSpec } from '../../server/domain/dag/parse-dag-spec';
import { runSubprocess } from '../../server/tasks/subprocess';
import { runCli } from '../testing/run-cli';
import { readAirflowFiles } from './read-airflow-files';

// Airflow-style DAG files written for these tests, read by the real reader (python3's ast) and converted.
const FIXTURES = path.resolve(import.meta.dirname, '../../tests/fixtures/airflow');
const PYTHON = { python: 'python3', path: '/usr/local/bin:/usr/bin:/bin' };

let conversions: Map<string, TFileConversion>;

beforeAll(async () => {
  const names = (await readdir(FIXTURES)).filter((name) => name.endsWith('.py')).sort();
  const files = await Promise.all(names.map(async (name) => ({ path: name, source: await readFile(path.join(FIXTURES, name), 'utf8') })));
  conversions = new Map(convertAirflowRead(await readAirflowFiles(files, PYTHON)).map((c) => [c.file, c]));
}, 60_000);

function dagOf(file: string, dagId?: string) {
  const conversion = conversions.get(file)!;
  const dag = dagId ? conversion.dags.find((d) => d.dagId === dagId) : conversion.dags[0];
  if (!dag) throw new Error(`${file}: no DAG ${dagId ?? ''}: ${JSON.stringify(conversion.report, null, 2)}`);
  const parsed = parseDagSpec(dag.yaml);
  if (!parsed.ok) throw new Error(`${file}: the spec does not validate: ${JSON.stringify(parsed.error)}\n${dag.yaml}`);
  return { spec: parse(dag.yaml) as Record<string, unknown> & { tasks: Record<string, unknown>[] }, dag: parsed.value, conversion };
}

const task = (spec: { tasks: Record<string, unknown>[] }, id: string) => spec.tasks.find((t) => t.task_id === id)!;

describe('tributary import airflow', () => {
  it("converts the course's HelloWorld: two PythonOperators with their functions' source, at 0 2 * * *", () => {
    const { spec, conversion } = dagOf('hello_world.py');
    expect(spec).toMatchObject({ dag_id: 'HelloWorld', schedule: '0 2 * * *', start_date: '2022-05-05', catchup: false, tags: ['example'] });
    expect(task(spec, 'print_hello')).toEqual({ task_id: 'print_hello', type: 'python', operator: 'PythonOperator', python_callable: 'def print_hello():\n    print("hello!")\n    return "hello!"\n' });
    expect(task(spec, 'print_goodbye')).toMatchObject({ type: 'python', depends_on: ['print_hello'] });
    expect(String(task(spec, 'print_goodbye').python_callable)).toContain('print("goodbye!")');
    expect(conversion.failed).toBe(false);
  });

  it('converts HelloWorld_v2: print_date >> [sleep, ls], retries=3 on sleep, default_args bound to a name', () => {
    const { spec } = dagOf('hello_world_v2.py');
    expect(spec).toMatchObject({ dag_id: 'HelloWorld_v2', schedule: '0 9 * * *', start_date: '2023-05-27T00:00:00' });
    expect(spec.default_args).toEqual({ owner: 'keeyong', email: ['keeyonghan@hotmail.com'], retries: 1, retry_delay: 180 });
    expect(task(spec, 'print_date')).toEqual({ task_id: 'print_date', type: 'bash', operator: 'BashOperator', bash_command: 'date' });
    expect(task(spec, 'sleep')).toEqual({ task_id: 'sleep', type: 'bash', operator: 'BashOperator', bash_command: 'sleep 5', retries: 3, depends_on: ['print_date'] });
    expect(task(spec, 'ls')).toMatchObject({ depends_on: ['print_date'] });
  });

  it('converts start >> [t1, t2] >> end with DummyOperator, a pendulum start date and a timedelta schedule', () => {
    const { spec, dag } = dagOf('start_end.py');
    expect(spec).toMatchObject({ dag_id: 'fan_out_in', schedule: '@hourly', timezone: 'Asia/Seoul', start_date: '2024-03-01', max_active_runs: 1 });
    expect(task(spec, 'start')).toEqual({ task_id: 'start', type: 'empty', operator: 'DummyOperator' });
    expect(task(spec, 't1')).toMatchObject({ execution_timeout: 300, depends_on: ['start'] });
    expect(task(spec, 't2')).toMatchObject({ trigger_rule: 'all_done', depends_on: ['start'] });
    expect(task(spec, 'end')).toEqual({ task_id: 'end', type: 'empty', operator: 'DummyOperator', depends_on: ['t1', 't2'] });
    expect(dag.tasks.map((t) => t.task_id)).toEqual(['start', 't1', 't2', 'end']);
  });

  it('converts a TaskFlow pipeline: calls become dependencies and arguments pull the upstream return values', () => {
    const { spec } = dagOf('taskflow.py');
    expect(spec).toMatchObject({ dag_id: 'tutorial_taskflow_api', schedule: null, start_date: '2021-01-01', doc_md: 'Extract, transform and load order totals.' });
    expect(task(spec, 'extract')).not.toHaveProperty('depends_on');
    expect(task(spec, 'transform')).toMatchObject({ depends_on: ['extract'] });
    expect(task(spec, 'load')).toMatchObject({ depends_on: ['transform'] });
    expect(task(spec, 'load').python_callable).toContain('return load(ti.xcom_pull(task_ids="transform")["total_order_value"], currency="KRW")');
  });

  it("runs the TaskFlow wrappers in python3 with a ti that holds the upstreams' outputs: the values pass", async () => {
    const { spec } = dagOf('taskflow.py');
    const script = [
      'import json, sys',
      'outputs = {}',
      'class TI:',
      '    def xcom_pull(self, task_ids):',
      '        return outputs[task_ids]',
      ...['extract', 'transform', 'load'].flatMap((id) => [String(task(spec, id).python_callable), `outputs[${JSON.stringify(id)}] = ${id}(${id === 'extract' ? '' : 'ti=TI()'})`]),
      'print(json.dumps(outputs["transform"]))',
    ].join('\n');
    const lines: string[] = [];
    const log = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line), system: () => undefined };
    const result = await runSubprocess({ log, signal: new AbortController().signal, tempDir: tmpdir() }, { command: 'python3', args: ['-c', script], env: { PATH: PYTHON.path } });
    expect(result.exitCode, lines.join('\n')).toBe(0);
    expect(lines).toContain('Total order value is: 1236.70 KRW');
    expect(JSON.parse(lines.at(-1)!)).toEqual({ total_order_value: 1236.7 });
  });

  it("starts a python_callable with the file's top-level imports its function uses, never Airflow's", () => {
    const { spec, conversion } = dagOf('module_imports.py');
    expect(task(spec, 'next_day').python_callable).toBe(
      'import json\nfrom datetime import datetime, timedelta\n\n\ndef next_day(ds):\n    day = datetime.strptime(ds, "%Y-%m-%d") + timedelta(days=1)\n    return json.dumps({"next": day.date().isoformat()})\n',
    );
    expect(task(spec, 'parse_payload').python_callable).toMatch(/^import json\n\n\ndef parse_payload\(\):\n/);
    expect(task(spec, 'average').python_callable).toMatch(/^import statistics as stats\n\n\ndef average\(ti\):\n/);
    expect(task(spec, 'read_setting').python_callable).toMatch(/^def read_setting\(\):\n/);
    expect(conversion.failed).toBe(false);
  });

  it('runs the callables that use module-level imports in python3', async () => {
    const { spec } = dagOf('module_imports.py');
    // Each callable in its own namespace, as a python task runs it: nothing leaks from one to the next.
    const run = (id: string, call: string) => `ns = {}\nexec(${JSON.stringify(String(task(spec, id).python_callable))}, ns)\nprint(json.dumps(ns[${JSON.stringify(id)}](${call})))`;
    const script = [
      'import json',
      'class TI:',
      '    def xcom_pull(self, task_ids):',
      '        return {"rows": [1, 2, 6]}',
      run('next_day', 'ds="2024-02-28"'),
      run('parse_payload', ''),
      run('average', 'ti=TI()'),
    ].join('\n');
    const lines: string[] = [];
    const log = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line), system: () => undefined };
    const result = await runSubprocess({ log, signal: new AbortController().signal, tempDir: tmpdir() }, { command: 'python3', args: ['-c', script], env: { PATH: PYTHON.path } });
    expect(result.exitCode, lines.join('\n')).toBe(0);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(['{"next": "2024-02-29"}', { rows: [1, 2, 6] }, 3]);
  });

  it('reports an unsupported operator and a loop with their lines and a suggestion, and keeps the graph with a failing stand-in', () => {
    const { spec, conversion } = dagOf('unsupported.py');
    const notConverted = conversion.report.filter((entry) => entry.status === 'not_converted');
    expect(notConverted).toEqual([
      expect.objectContaining({ file: 'unsupported.py', line: 10, subject: 'S3ToSnowflakeOperator ship', suggestion: expect.stringContaining('python task') }),
      expect.objectContaining({ file: 'unsupported.py', line: 11, subject: 'loop', suggestion: expect.stringContaining('python task') }),
    ]);
    expect(task(spec, 'ship')).toMatchObject({ type: 'bash', bash_command: expect.stringContaining('exit 1'), depends_on: ['start'] });
    expect(task(spec, 'done')).toMatchObject({ depends_on: ['ship'] });
    expect(conversion.failed).toBe(true);
  });

  it('converts sql, http, sensors, chain(), set_upstream/set_downstream and <<, and gives one spec per DAG of a file', () => {
    const { spec, conversion } = dagOf('operators.py', 'warehouse_daily');
    expect(conversion.dags.map((d) => d.dagId)).toEqual(['warehouse_daily', 'second_dag']);
    expect(task(spec, 'wait_upstream')).toMatchObject({ type: 'sensor', external_dag_id: 'ingest', external_task_id: 'done', poke_interval: 120, mode: 'reschedule' });
    expect(task(spec, 'build')).toMatchObject({ type: 'sql', conn_id: 'warehouse', outputs: ['warehouse.public.daily'], depends_on: ['wait_upstream', 'wait_rows'] });
    expect(task(spec, 'legacy')).toMatchObject({ conn_id: 'postgres_default', retries: 2, retry_delay: 30, depends_on: ['build'] });
    expect(task(spec, 'check')).toMatchObject({ type: 'sql', expect_rows: true, trigger_rule: 'all_done', depends_on: ['build'] });
    expect(task(spec, 'notify')).toMatchObject({ type: 'http', conn_id: 'hooks', method: 'POST', data: { day: '{{ ds }}' }, depends_on: ['check'] });
    expect(task(spec, 'kick')).toMatchObject({ type: 'trigger_dag', trigger_dag_id: 'reports', depends_on: ['notify'] });
    expect(conversion.report).toContainEqual(expect.objectContaining({ line: 23, status: 'converted', subject: 'TriggerDagRunOperator kick' }));
    expect(task(dagOf('operators.py', 'second_dag').spec, 'b')).toMatchObject({ depends_on: ['a'] });
  });

  it("names the file and line of a Python syntax error, and converts nothing of that file", () => {
    const conversion = conversions.get('syntax_error.py')!;
    expect(conversion.dags).toEqual([]);
    expect(conversion.report).toEqual([expect.objectContaining({ file: 'syntax_error.py', line: 4, status: 'not_converted', message: expect.stringContaining("'(' was never closed") })]);
  });

  describe('the command', () => {
    let out: string;
    beforeAll(async () => {
      out = await mkdtemp(path.join(tmpdir(), 'airflowimport-'));
    });
    afterAll(async () => {
      await rm(out, { recursive: true, force: true });
    });

    it('writes <dag_id>.yaml per DAG into --out and prints the report as JSON', async () => {
      const result = await runCli(['import', 'airflow', path.join(FIXTURES, 'hello_world.py'), path.join(FIXTURES, 'start_end.py'), '--out', out, '--json']);
      expect(result.code, result.stderr).toBe(0);
      const printed = JSON.parse(result.stdout) as { files: { specs: { dag_id: string }[] }[] };
      expect(printed.files.flatMap((f) => f.specs.map((s) => s.dag_id))).toEqual(['HelloWorld', 'fan_out_in']);
      expect((await readdir(out)).sort()).toEqual(['HelloWorld.yaml', 'fan_out_in.yaml']);
      expect(parseDagSpec(await readFile(path.join(out, 'HelloWorld.yaml'), 'utf8')).ok).toBe(true);
    }, 60_000);

    it('exits 1 and prints file:line of what was not converted', async () => {
      const result = await runCli(['import', 'airflow', path.join(FIXTURES, 'unsupported.py'), '--out', out]);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/10: NOT CONVERTED: S3ToSnowflakeOperator ship/);
      expect(result.stdout).toMatch(/suggestion: a python task/);
    }, 60_000);
  });
});
