import { afterEach, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { ZPythonConfigSchema } from '../domain/dag/task-configs';
import { resolvePython, runPython } from './python';
import { createTestContext, type TTestContext } from './test-context';
import type { TResolvedConnection } from './task-type';

let ctx: TTestContext<'python'> | undefined;
afterEach(() => ctx?.cleanup());

const warehouse: TResolvedConnection = {
  connId: 'warehouse', connType: 'postgres', host: 'db.internal', port: 5432, login: 'etl', password: 'pw-for-tests', schema: 'analytics', extra: { sslmode: 'require' },
};

type TRunOptions = { xcom?: Record<string, unknown>; xcomKeys?: Record<string, Record<string, unknown>>; connections?: Record<string, TResolvedConnection> };

async function run(config: z.input<typeof ZPythonConfigSchema>, options: TRunOptions = {}) {
  ctx = await createTestContext('python', config, { template: { params: { region: 'eu' }, xcom: options.xcom ?? {}, xcomKeys: options.xcomKeys ?? {} }, connections: options.connections });
  return { ctx, result: runPython(ctx, 'python3') };
}

const fn = (...lines: string[]) => ({ python_callable: lines.join('\n') });

describe('python task', () => {
  it('calls the first function with only the context names it declares, op_args first', async () => {
    const { result } = await run({
      ...fn('import math', 'def add(a, b, ds, scale=1, *, params):', '    return {"sum": (a + b) * scale, "ds": ds, "region": params["region"], "pi": round(math.pi, 2)}', 'def other():', '    return 0'),
      op_args: [1, 2],
      op_kwargs: { scale: 10 },
    });
    expect(await result).toEqual({ output: { sum: 30, ds: '2024-03-01', region: 'eu', pi: 3.14 } });
  });

  it('gives **kwargs the whole context, dates as timezone-aware datetimes', async () => {
    const { result } = await run(fn(
      'def show(**context):',
      '    start = context["data_interval_start"]',
      '    return {"names": sorted(context), "tz": str(start.tzinfo), "hours": (context["data_interval_end"] - start).total_seconds() / 3600,',
      '            "run": context["dag_run"].run_id, "ti": context["ti"].task_id, "logical": context["logical_date"].isoformat()}',
    ));
    const output = ((await result) as { output: Record<string, unknown> }).output;
    expect(output).toMatchObject({ tz: 'UTC', hours: 24, run: 'scheduled__2024-03-01T00:00:00+00:00', ti: 'test_python', logical: '2024-03-01T00:00:00+00:00' });
    expect(output.names).toEqual(expect.arrayContaining(['ds', 'ds_nodash', 'ts', 'logical_date', 'data_interval_start', 'data_interval_end', 'params', 'run_id', 'dag_run', 'ti']));
  });

  it('reads upstream outputs through ti.xcom_pull and sets its own through xcom_push', async () => {
    const { result } = await run(fn('def pull(ti):', '    ti.xcom_push("return_value", {"got": ti.xcom_pull(task_ids="extract"), "both": ti.xcom_pull(task_ids=["extract", "missing"])})'), { xcom: { extract: [1, 2] } });
    expect(await result).toEqual({ output: { got: [1, 2], both: [[1, 2], null] } });
  });

  it('keeps the keys it pushes beside its return value, the last push of a key winning', async () => {
    const { result } = await run(fn('def push(ti):', '    ti.xcom_push("rows", [1])', '    ti.xcom_push(key="rows", value=[1, 2])', '    ti.xcom_push("day", "2024-03-01")', '    return 7'));
    expect(await result).toEqual({ output: 7, xcom: { rows: [1, 2], day: '2024-03-01' } });
  });

  it("pulls an upstream's pushed key by key, one task or several, and the default when it pushed none", async () => {
    const { result } = await run(
      fn('def pull(ti):', '    return [ti.xcom_pull(task_ids="extract", key="rows"), ti.xcom_pull(task_ids=["extract", "other"], key="rows"), ti.xcom_pull(task_ids="extract", key="none", default=0), ti.xcom_pull(task_ids="extract")]'),
      { xcom: { extract: 'done' }, xcomKeys: { extract: { rows: [1, 2] } } },
    );
    expect(await result).toEqual({ output: [[1, 2], [[1, 2], null], 0, 'done'] });
  });

  it('fails a push over 64 KiB naming the key, and a value that is not JSON', async () => {
    await expect((await run(fn('def push(ti):', '    ti.xcom_push("small", "x")', '    ti.xcom_push("rows", "x" * 70000)'))).result).rejects.toThrow(/ValueError: xcom_push\('rows', \.\.\.\): 70002 bytes of JSON take the pushed keys over 64 KiB together/);
    await expect((await run(fn('def push(ti):', '    ti.xcom_push("when", object())'))).result).rejects.toThrow(/TypeError: xcom_push\('when', \.\.\.\): the value is not JSON-serialisable/);
  });

  it('runs a script given as code with the context as globals; return_value is its output', async () => {
    const { ctx, result } = await run({ code: 'import logging\nprint("hello!", ds)\nlogging.getLogger("etl").warning("careful")\nreturn_value = {"ds_nodash": ds_nodash}' });
    expect(await result).toEqual({ output: { ds_nodash: '20240301' } });
    expect(ctx.log.of('stdout')).toEqual(['hello! 2024-03-01']);
    expect(ctx.log.of('stderr')).toEqual(['WARNING etl: careful']);
  });

  it('fails with the traceback in the log and its last line as the message', async () => {
    const { ctx, result } = await run(fn('def explode(ds):', '    raise ValueError("no data for " + ds)'));
    await expect(result).rejects.toThrow(/^ValueError: no data for 2024-03-01$/);
    const log = ctx.log.of('stderr').join('\n');
    expect(log).toContain('Traceback (most recent call last):');
    expect(log).toContain('File "python_callable", line 2, in explode');
    expect(log).toContain('raise ValueError("no data for " + ds)');
    expect(log).not.toContain('python-runner.py');
  });

  it('fails on a value that is not JSON, naming its type', async () => {
    await expect((await run(fn('import datetime', 'def f():', '    return datetime.date(2024, 1, 1)'))).result).rejects.toThrow(/not JSON-serialisable: Object of type date is not JSON serializable/);
  });

  it('fails on an output over 64 KiB', async () => {
    await expect((await run(fn('def f():', '    return "x" * 70000'))).result).rejects.toThrow(/over the 64 KiB limit/);
  });

  it('gives get_connection the task’s own connections only', async () => {
    const connections = { warehouse, other: { ...warehouse, connId: 'other', password: 'other-secret' } };
    const { result } = await run(
      {
        ...fn('from tributary import get_connection', 'def f():', '    c = get_connection("warehouse")', '    try:', '        get_connection("other")', '    except KeyError as e:', '        refused = str(e)',
          '    return [c.conn_id, c.conn_type, c.host, c.port, c.login, c.password, c.schema, c.extra_dejson, refused]'),
        conn_ids: ['warehouse'],
      },
      { connections },
    );
    expect(await result).toEqual({
      output: ['warehouse', 'postgres', 'db.internal', 5432, 'etl', 'pw-for-tests', 'analytics', { sslmode: 'require' }, `"connection 'other' is not one of this task's conn_ids (warehouse): list it in the task's conn_ids"`],
    });
  });

  it('fails when a listed connection does not exist', async () => {
    await expect((await run({ ...fn('def f():', '    pass'), conn_ids: ['nope'] })).result).rejects.toThrow("The connection 'nope' does not exist");
  });

  it('does not see the worker’s environment', async () => {
    process.env.TRIBUTARY_SECRET_KEY = 'worker-secret-key';
    try {
      const { result } = await run(fn('import os', 'def f():', '    return sorted(os.environ)'));
      expect(((await result) as { output: string[] }).output).not.toContain('TRIBUTARY_SECRET_KEY');
    } finally {
      delete process.env.TRIBUTARY_SECRET_KEY;
    }
  });
});

describe('resolvePython', () => {
  it('finds a command in the task PATH and says what to install when it is missing', async () => {
    expect(await resolvePython('python3', '/nowhere:/usr/bin')).toBe('/usr/bin/python3');
    await expect(resolvePython('python9', '/usr/bin')).rejects.toThrow(/No Python interpreter 'python9' \(TRIBUTARY_PYTHON\) on this worker in \/usr\/bin: install Python 3\.10 or later/);
    await expect(resolvePython('/opt/none/bin/python', '/usr/bin')).rejects.toThrow(/set TRIBUTARY_PYTHON to the path of one/);
  });
});
