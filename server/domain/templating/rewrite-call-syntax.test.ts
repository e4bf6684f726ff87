import { describe, expect, it } from 'vitest';
import { rewriteCallSyntax } from './rewrite-call-syntax';

const rewrite = (source: string): string => {
  const result = rewriteCallSyntax(source);
  if (!result.ok) throw new Error(result.error);
  return result.value.text;
};

describe('rewriteCallSyntax', () => {
  it.each([
    ['{{ ds_add(ds, 7) }}', '{{ ds | ds_add: 7 }}'],
    ['{{ds_add(ds,-1)}}', '{{ds | ds_add: -1}}'],
    ['{{ macros.ds_add(ds, -1) }}', '{{ ds | ds_add: -1 }}'],
    ['{{ ds_add(ds, days=7) }}', '{{ ds | ds_add: 7 }}'],
    ['{{ ds_add(ds=ds, days=7) }}', '{{ ds | ds_add: 7 }}'],
    ['{{ ds_add(params.start, params.offset) }}', '{{ params.start | ds_add: params.offset }}'],
    ['{{ ds_format(ds, "%Y-%m-%d", "%d/%m/%Y") }}', '{{ ds | ds_format: "%Y-%m-%d", "%d/%m/%Y" }}'],
    ["{{ macros.ds_format(ds, '%Y-%m-%d', '%Y%m%d') }}", "{{ ds | ds_format: '%Y-%m-%d', '%Y%m%d' }}"],
    ['{{ ds_add(ds_add(ds, 1), 2) }}', '{{ ds | ds_add: 1 | ds_add: 2 }}'],
    ['{{ ds_format(ds_add(ds, 1), "%Y-%m-%d", "%d") }}', '{{ ds | ds_add: 1 | ds_format: "%Y-%m-%d", "%d" }}'],
    ['{{ ds_add(ds, 1) | upcase }}', '{{ ds | ds_add: 1 | upcase }}'],
    ['{{- ds_add(ds, 1) -}}', '{{- ds | ds_add: 1 -}}'],
    ["{{ ti.xcom_pull('extract') }}", "{{ ti.xcom['extract'] }}"],
    ["{{ ti.xcom_pull(task_ids='extract') }}", "{{ ti.xcom['extract'] }}"],
    ['{{ ti.xcom_pull(task_ids="extract", key="return_value") }}', '{{ ti.xcom["extract"] }}'],
    ["{{ ti.xcom_pull(task_ids='extract', key='rows') }}", "{{ ti.xcom_keys['extract']['rows'] }}"],
    ["{{ ti.xcom_pull('extract', key='rows')[0] }}", "{{ ti.xcom_keys['extract']['rows'][0] }}"],
    ["{{ ti.xcom_pull('extract').rows }}", "{{ ti.xcom['extract'].rows }}"],
    ["{{ ti.xcom_pull('extract')['rows'][0] | size }}", "{{ ti.xcom['extract']['rows'][0] | size }}"],
    ['{{ ti.xcom_pull(params.upstream) }}', '{{ ti.xcom[params.upstream] }}'],
    ["{{ ds_add(ti.xcom_pull('extract'), 1) }}", "{{ ti.xcom['extract'] | ds_add: 1 }}"],
    ['{% assign d = ds_add(ds, 1) %}{{ d }}', '{% assign d = ds | ds_add: 1 %}{{ d }}'],
    ['{% echo ds_add(ds, 1) %}', '{% echo ds | ds_add: 1 %}'],
    ['{{ ds | ds_add: 7 }}', '{{ ds | ds_add: 7 }}'],
    ['SELECT ds_add(x) FROM t', 'SELECT ds_add(x) FROM t'],
    ['{% raw %}{{ ds_add(ds, 1) }}{% endraw %}', '{% raw %}{{ ds_add(ds, 1) }}{% endraw %}'],
    ['{% comment %}{{ ds_add(ds, 1) }}{% endcomment %}{{ ds_add(ds, 1) }}', '{% comment %}{{ ds_add(ds, 1) }}{% endcomment %}{{ ds | ds_add: 1 }}'],
    ['{{ "ds_add(ds, 1)" }}', '{{ "ds_add(ds, 1)" }}'],
    ['{{ my_ds_add(ds, 1) }}', '{{ my_ds_add(ds, 1) }}'],
    ['{{ other.ds_add(ds, 1) }}', '{{ other.ds_add(ds, 1) }}'],
    ['{{ ds_add }}', '{{ ds_add }}'],
    ['{{ ds_add(ds, 1) ', '{{ ds_add(ds, 1) '],
    ['{{ "}}" }}{{ ds_add(ds, 1) }}', '{{ "}}" }}{{ ds | ds_add: 1 }}'],
  ])('%j → %j', (source, expected) => {
    expect(rewrite(source)).toBe(expected);
  });

  it.each([
    ['{{ "x" | append: ds_add(ds, 1) }}', 'ds_add(...) can only start a {{ ... }} or an {% assign %} value; elsewhere use the filter form (like ds | ds_add: 1) at line 1, column 18'],
    ['{% if ds_add(ds, 1) == x %}{% endif %}', 'ds_add(...) can only start a {{ ... }} or an {% assign %} value; elsewhere use the filter form (like ds | ds_add: 1) at line 1, column 7'],
    ['{{ ds_add(ds) }}', "ds_add(...) needs the argument 'days' at line 1, column 4"],
    ['{{ ds_add() }}', "ds_add(...) needs the argument 'ds' at line 1, column 4"],
    ['{{ ds_add(ds, 1, 2) }}', 'ds_add(...) takes at most 2 arguments at line 1, column 18'],
    ['{{ ds_add(ds, weeks=1) }}', "ds_add(...) has no argument 'weeks' (it takes ds, days) at line 1, column 15"],
    ['{{ ds_add(days=1, ds) }}', 'positional argument after a keyword argument in ds_add(...) at line 1, column 19'],
    ['{{ ds_add(ds, ds=ds) }}', "ds_add(...) got 'ds' twice at line 1, column 18"],
    ['{{ ds_add(ds, , 1) }}', 'empty argument in ds_add(...) at line 1, column 15'],
    ['{{ ds_add(ds, 1 + 1) }}', "unsupported argument '1 + 1' in ds_add(...): use a variable, a quoted string or a number at line 1, column 15"],
    ['{{ ds_add(ds, ds_add(ds, 1)) }}', 'only the first argument of ds_add(...) may be a ds_add or ds_format call at line 1, column 15'],
    ['{{ ds_add(ds, 1).size }}', "unexpected '.size' after ds_add(...): only filters (| name) may follow at line 1, column 17"],
    ['line one\n{{ ds_add(ds, 1 }}', "unclosed '(' in a call at line 2, column 10"],
    ["{{ ti.xcom_pull() }}", "ti.xcom_pull(...) needs a task id, like ti.xcom_pull('extract') at line 1, column 4"],
    ["{{ ti.xcom_pull('a', dag_id='other') }}", "ti.xcom_pull(...) can only read this DAG's tasks: remove dag_id at line 1, column 29"],
    ["{{ ti.xcom_pull('a', key=params.k) }}", "ti.xcom_pull(...)'s key must be a quoted name, like key='rows' at line 1, column 26"],
    ["{{ ti.xcom_pull(task_ids=['a', 'b']) }}", "unsupported argument '['a', 'b']' in ti.xcom_pull(...): use a variable, a quoted string or a number at line 1, column 26"],
  ])('refuses %j', (source, message) => {
    expect(rewriteCallSyntax(source)).toEqual({ ok: false, error: message });
  });

  it.each([
    // [source, offset in rewritten text, offset in source]
    ['{{ ds_add(dss, 1) }}', 3, 10], // 'dss' in `{{ dss | ds_add: 1 }}` maps back into the call
    ['{{ ds_add(dss, 1) }}', 7, 3], // generated ' | ds_add: ' maps to the call's start
    ['{{ ds_add(ds, 1) }} {{ x }}', 24, 23], // text after a call shifts back
    ['{{ x }}', 3, 3],
    ['ab', 10, 2],
  ])('in %j maps rewritten offset %d to %d', (source, rewritten, original) => {
    const result = rewriteCallSyntax(source);
    expect(result.ok && result.value.toOriginalOffset(rewritten)).toBe(original);
  });
});
