import { describe, expect, it } from 'vitest';
import { checkTemplate } from './check-template';
import { TEMPLATE_VARIABLES } from './template-context';

const KNOWN = TEMPLATE_VARIABLES.join(', ');

describe('checkTemplate', () => {
  it.each([
    ['SELECT 1', null],
    ['{{ ds }} {{ ds_nodash }} {{ ts }} {{ ts_nodash }} {{ logical_date }} {{ run_id }}', null],
    ['{{ data_interval_start }} {{ data_interval_end }} {{ prev_ds }} {{ next_ds }}', null],
    ['{{ dag.dag_id }} {{ task.task_id }} {{ ti.task_id }}', null],
    ['{{ var.value.anything }} {{ var.whatever }} {{ conn.any.host }}', []],
    ['{{ params.table }}', ['table']],
    ['{{ params.anything }}', null],
    ["{% assign key = 'table' %}{{ params[key] }}", []], // computed: cannot tell
    ['{{ ds_add(ds, 7) }} {{ ds | ds_add: 7 }} {{ macros.ds_add(ds, -1) }}', null],
    ['{{ ds_format(ds, "%Y-%m-%d", "%d") }} {{ ds | ds_format: "%Y-%m-%d", "%d" }}', null],
    ["{{ ti.xcom_pull('extract') }} {{ ti.xcom_pull(task_ids='extract').rows }}", null],
    ['{% assign d = ds_add(ds, 1) %}{{ d }}', null],
    ['{% for t in params.tables %}{{ t }}{{ forloop.index }}{% endfor %}', ['tables']],
    ['{% raw %}{{ not_a_variable }}{% endraw %}', null],
    ['{% if prev_ds %}{{ prev_ds }}{% endif %}', null],
  ] as const)('accepts %j', (text, params) => {
    expect(checkTemplate(text, params)).toEqual([]);
  });

  it.each([
    ['{{ dss }}', null, [`unknown template variable 'dss' at line 1, column 4 (known: ${KNOWN})`]],
    ['a\n  {{ ds_add(dss, 1) }}', null, [`unknown template variable 'dss' at line 2, column 13 (known: ${KNOWN})`]],
    ['{{ x }}{{ x }}', null, [
      `unknown template variable 'x' at line 1, column 4 (known: ${KNOWN})`,
      `unknown template variable 'x' at line 1, column 11 (known: ${KNOWN})`,
    ]],
    ['{{ macros.datetime }}', null, [`unknown template variable 'macros' at line 1, column 4 (known: ${KNOWN})`]],
    ['{{ x }}{% assign x = 1 %}', null, [`unknown template variable 'x' at line 1, column 4 (known: ${KNOWN})`]],
    ['{{ params.tabel }}', ['table', 'days'], ["unknown param 'tabel' at line 1, column 4 (the DAG's params: table, days)"]],
    ['{{ params.x }}', [], ["unknown param 'x' at line 1, column 4 (the DAG declares no params)"]],
    ['{{ dag.id }}', null, ["unknown template variable 'dag.id' at line 1, column 4 (dag has: dag_id)"]],
    ['{{ ti.try_number }}', null, ["unknown template variable 'ti.try_number' at line 1, column 4 (ti has: dag_id, task_id, run_id, xcom, xcom_keys)"]],
    ['{{ ds | nope }}', null, ["unknown filter 'nope' at line 1, column 1"]],
    ['line\n{{ ds ', null, ['output "{{ ds " not closed at line 2, column 1']],
    ['{% if %}{% endif %}', null, ['invalid value expression: "" at line 1, column 6']],
    ['{% include "x" %}', null, ["the 'include' tag is not available: templates cannot read other files at line 1, column 1"]],
    ['{{ ds_add(ds) }}', null, ["ds_add(...) needs the argument 'days' at line 1, column 4"]],
    ["{{ ti.xcom_pull('a', dag_id='other') }}", null, ["ti.xcom_pull(...) can only read this DAG's tasks: remove dag_id at line 1, column 29"]],
  ] as const)('reports %j', (text, params, problems) => {
    expect(checkTemplate(text, params)).toEqual(problems);
  });
});
