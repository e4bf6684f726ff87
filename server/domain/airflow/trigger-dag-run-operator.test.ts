import { describe, expect, it } from 'vitest';
import type { TOperatorTask, TPyValue } from './airflow-description';
import { operatorConfig } from './operator-configs';

const lit = (value: unknown): TPyValue => ({ lit: value });

function operator(kwargs: Record<string, TPyValue>): TOperatorTask {
  return { key: 'kick', line: 12, dag: 0, operator: 'TriggerDagRunOperator', qualified: 'airflow.operators.trigger_dagrun.TriggerDagRunOperator', kwargs: { task_id: lit('kick'), ...kwargs }, args: [], text: 'TriggerDagRunOperator(...)' };
}

describe('TriggerDagRunOperator', () => {
  it.each<{ why: string; kwargs: Record<string, TPyValue>; config: Record<string, unknown> }>([
    { why: 'only the target', kwargs: { trigger_dag_id: lit('reports') }, config: { trigger_dag_id: 'reports' } },
    {
      why: 'every argument, templates kept as written',
      kwargs: {
        trigger_dag_id: lit('reports'),
        trigger_run_id: lit('kick__{{ ds }}'),
        conf: lit({ day: '{{ ds }}', full: true }),
        logical_date: lit('{{ logical_date }}'),
        reset_dag_run: lit(true),
        wait_for_completion: lit(true),
        poke_interval: { call: 'timedelta', args: [], kwargs: { minutes: lit(2) }, line: 14, text: 'timedelta(minutes=2)' },
        allowed_states: lit(['success', 'failed']),
        failed_states: lit([]),
        skip_when_already_exists: lit(false),
      },
      config: { trigger_dag_id: 'reports', trigger_run_id: 'kick__{{ ds }}', conf: { day: '{{ ds }}', full: true }, logical_date: '{{ logical_date }}', reset_dag_run: true, wait_for_completion: true, poke_interval: 120, allowed_states: ['success', 'failed'], failed_states: [], skip_when_already_exists: false },
    },
    { why: "Airflow 2's execution_date, a datetime", kwargs: { trigger_dag_id: lit('reports'), execution_date: { call: 'datetime', args: [lit(2024), lit(3), lit(1)], kwargs: {}, line: 13, text: 'datetime(2024, 3, 1)' } }, config: { trigger_dag_id: 'reports', logical_date: '2024-03-01' } },
    {
      why: 'states written as DagRunState members',
      kwargs: { trigger_dag_id: lit('reports'), failed_states: { list: [{ name: 'DagRunState.FAILED', line: 15 }, { name: 'State.QUEUED', line: 15 }], line: 15 } },
      config: { trigger_dag_id: 'reports', failed_states: ['failed', 'queued'] },
    },
  ])('becomes a trigger_dag task: $why', ({ kwargs, config }) => {
    const result = operatorConfig(operator(kwargs), {});
    expect(result).toMatchObject({ type: 'trigger_dag', config });
    if ('config' in result) expect(Object.keys(result.config).sort()).toEqual(Object.keys(config).sort());
  });

  it('notes that deferrable waits in a worker slot, and counts it handled', () => {
    const result = operatorConfig(operator({ trigger_dag_id: lit('reports'), deferrable: lit(true) }), {});
    expect(result).toMatchObject({ type: 'trigger_dag', notes: [expect.stringContaining('deferrable')] });
    expect('handled' in result && result.handled).toContain('deferrable');
  });

  it.each<{ why: string; kwargs: Record<string, TPyValue>; unconverted: string }>([
    { why: 'without trigger_dag_id', kwargs: {}, unconverted: 'TriggerDagRunOperator without trigger_dag_id' },
    { why: 'a computed target', kwargs: { trigger_dag_id: { expr: 'TARGETS[0]', line: 12 } }, unconverted: 'trigger_dag_id: TARGETS[0]: not a literal value (the importer does not run code)' },
    { why: 'states that are not run states', kwargs: { trigger_dag_id: lit('r'), allowed_states: { list: [{ name: 'my_states', line: 12 }], line: 12, text: '[my_states]' } }, unconverted: 'allowed_states: [my_states]: expected a list of DAG run states (queued, running, success, failed)' },
  ])('is reported, not converted, $why', ({ kwargs, unconverted }) => {
    expect(operatorConfig(operator(kwargs), {})).toMatchObject({ unconverted });
  });
});
