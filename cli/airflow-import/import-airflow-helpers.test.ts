import { tmpdir } from 'node:os';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TFileConversion } from '../../server/domain/airflow/convert-airflow-file';
import { runSubprocess } from '../../server/tasks/subprocess';
import { convertFixtures, specOf, taskOf, TEST_PYTHON } from '../testing/airflow-fixtures';

let conversion: TFileConversion;

beforeAll(async () => {
  conversion = (await convertFixtures(['module_helpers.py'])).get('module_helpers.py')!;
}, 60_000);

const callable = (id: string) => String(taskOf(specOf(conversion), id).python_callable);

describe('module-level helpers carried into a converted function', () => {
  it('carries the constants before the callable and the helper functions after it, transitively, with their imports', () => {
    expect(callable('join_names')).toBe(
      [
        'import json\nimport re',
        'SEPARATOR = ", "\nTHRESHOLD: float = 0.5\nLIMITS = {"rows": 2}',
        'def join_names(names=("ann  lee", " bo ")):\n    return json.dumps({"joined": SEPARATOR.join(clean_all(names)), "high": THRESHOLD > 0.1})',
        'def clean_all(names):\n    return [clean(n) for n in names][: LIMITS["rows"]]',
        'def clean(name):\n    return re.sub(r"\\s+", " ", name).strip().title()',
      ].join('\n\n\n') + '\n',
    );
    // The task calls the first top-level def: still the callable, never a helper.
    expect(callable('shout')).toMatch(/^import re\n\n\nSEPARATOR = ", "\n\n\ndef shout\(value=SEPARATOR\):\n[\s\S]*\n\n\ndef clean\(name\):/);
  });

  it('reports each carried name on the task, and a helper that reads Airflow as not converted at its line', () => {
    expect(conversion.report).toContainEqual(
      expect.objectContaining({ line: 47, status: 'note', subject: 'PythonOperator join_names', message: 'carried from the file into the python source: constant SEPARATOR (line 10), constant THRESHOLD (line 12), constant LIMITS (line 11), function clean_all (line 20), function clean (line 16)' }),
    );
    expect(conversion.report).toContainEqual(expect.objectContaining({ line: 46, status: 'note', subject: '@task shout', message: 'carried from the file into the python source: constant SEPARATOR (line 10), function clean (line 16)' }));
    expect(conversion.report).toContainEqual(
      expect.objectContaining({ line: 24, status: 'not_converted', subject: 'PythonOperator read_config: helper setting', message: expect.stringContaining('it reads Variable, which is neither a literal constant'), suggestion: expect.stringContaining('self-contained') }),
    );
    expect(callable('read_config')).toContain('def uses_setting():');
    expect(callable('read_config')).not.toContain('def setting():');
    expect(conversion.failed).toBe(true);
  });

  it('runs the carried sources in python3, each in a namespace of its own as a python task runs it', async () => {
    const run = (id: string) => `ns = {}\nexec(${JSON.stringify(callable(id))}, ns)\nprint(json.dumps(ns[${JSON.stringify(id)}]()))`;
    const script = ['import json', run('join_names'), run('shout')].join('\n');
    const lines: string[] = [];
    const log = { stdout: (line: string) => lines.push(line), stderr: (line: string) => lines.push(line), system: () => undefined };
    const result = await runSubprocess({ log, signal: new AbortController().signal, tempDir: tmpdir() }, { command: 'python3', args: ['-c', script], env: { PATH: TEST_PYTHON.path } });
    expect(result.exitCode, lines.join('\n')).toBe(0);
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(['{"joined": "Ann Lee, Bo", "high": true}', 'Hello World, ']);
  });
});
