import { describe, expect, it } from 'vitest';
import { parseDagSpec } from './parse-dag-spec';
import { ZTriggerDagConfigSchema } from './trigger-dag-config';

const DEFAULTS = { conf: {}, reset_dag_run: false, wait_for_completion: false, poke_interval: 60, allowed_states: ['success'], failed_states: ['failed'], skip_when_already_exists: false };

describe('trigger_dag config', () => {
  it.each([
    { config: { trigger_dag_id: 'reports' }, output: { trigger_dag_id: 'reports', ...DEFAULTS } },
    {
      config: { trigger_dag_id: '{{ params.target }}', trigger_run_id: 'from_{{ run_id }}', conf: { day: '{{ ds }}', n: 3 }, logical_date: '{{ logical_date }}', wait_for_completion: true, poke_interval: '30s', allowed_states: ['success', 'failed'], failed_states: ['queued'] },
      output: { ...DEFAULTS, trigger_dag_id: '{{ params.target }}', trigger_run_id: 'from_{{ run_id }}', conf: { day: '{{ ds }}', n: 3 }, logical_date: '{{ logical_date }}', wait_for_completion: true, poke_interval: 30, allowed_states: ['success', 'failed'], failed_states: ['queued'] },
    },
  ])('accepts $config with Airflow defaults, and its output parses to itself', ({ config, output }) => {
    const parsed = ZTriggerDagConfigSchema.parse(config);
    expect(parsed).toEqual(output);
    expect(ZTriggerDagConfigSchema.parse(parsed)).toEqual(output);
  });

  it.each([
    { config: {}, issue: ['trigger_dag_id', 'Invalid input: expected string, received undefined'] },
    { config: { trigger_dag_id: 'x', conf: 'a=1' }, issue: ['conf', 'conf must be a mapping'] },
    { config: { trigger_dag_id: 'x', allowed_states: ['succes'] }, issue: ['allowed_states.0', "unknown DAG run state 'succes' (did you mean 'success'?; expected one of: queued, running, success, failed)"] },
    { config: { trigger_dag_id: 'x', failed_states: ['success'] }, issue: ['failed_states', 'success cannot be both an allowed and a failed state'] },
    { config: { trigger_dag_id: 'x', poke_interval: 0 }, issue: ['poke_interval', 'poke_interval must be longer than 0 seconds'] },
  ])('refuses $config naming the field', ({ config, issue }) => {
    const result = ZTriggerDagConfigSchema.safeParse(config);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path.join('.'), i.message])).toContainEqual(issue);
  });
});

describe('trigger_dag targets at deploy', () => {
  const spec = (target: string) => `dag_id: starter\nparams: { target: reports }\ntasks:\n  - task_id: kick\n    type: trigger_dag\n    trigger_dag_id: "${target}"\n`;
  const problems = (target: string, knownDags: string[] | undefined) => {
    const parsed = parseDagSpec(spec(target), { knownDags });
    return parsed.ok ? [] : parsed.error.map((p) => [p.path, p.line, p.message]);
  };

  it.each([
    { why: 'a DAG of the workspace', target: 'reports', known: ['reports'] },
    { why: 'the DAG itself (a loop, as Airflow allows)', target: 'starter', known: [] },
    { why: 'a templated id (checked at run time)', target: '{{ params.target }}', known: [] },
    { why: 'anything, when the caller knows no DAGs to check against', target: 'reports', known: undefined },
  ])('accepts $why', ({ target, known }) => {
    expect(problems(target, known)).toEqual([]);
  });

  it('refuses a DAG the workspace does not have, at its line', () => {
    expect(problems('reprots', ['reports'])).toEqual([['tasks[0].trigger_dag_id', 6, "unknown DAG 'reprots' in this workspace (did you mean 'reports'?): deploy it first"]]);
  });
});
