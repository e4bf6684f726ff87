/** A spec that uses every field, shared by the parse tests (YAML here, the same data as JSON there). */
export const FULL_SPEC_YAML = `# every field Tributary reads
dag_id: warehouse_daily
description: Loads and checks the warehouse every day.
schedule: "0 6 * * *"
timetable: interval
timezone: Europe/Amsterdam
start_date: 2024-01-01
end_date: 2024-12-31T23:00:00Z
catchup: true
max_active_runs: 2
max_active_tasks: 8
dagrun_timeout: 2h
sla: 3h
is_paused_upon_creation: false
params:
  region: eu
tags: [warehouse, daily]
owner: data-team
doc_md: "# Warehouse"
default_args:
  owner: analytics
  retries: 2
  retry_delay: 5m
  retry_exponential_backoff: true
  max_retry_delay: PT1H
  execution_timeout: 30m
  email: [data@example.com]
  on_failure: [data-oncall, default]
  on_retry: data-oncall
  depends_on_past: false
  pool: warehouse_pool
tasks:
  - task_id: start
    type: empty
  - task_id: wait_for_upstream
    type: sensor
    external_dag_id: upstream_dag
    external_task_id: done
    mode: reschedule
  - task_id: extract
    type: http
    conn_id: api
    endpoint: /orders?date={{ ds }}&region={{ params.region }}
    headers: { Accept: application/json }
    retries: 5
    on_failure: [api-team]
    on_success: api-team
    outputs: [{ conn_id: warehouse, table: raw.orders }]
  - task_id: load
    type: load
    depends_on: extract
    source: { url: "https://example.com/orders.csv", format: csv }
    target: { conn_id: warehouse, table: public.orders }
    mode: incremental
    key: order_id
    inputs: [warehouse.raw.orders]
    outputs: [warehouse.public.orders]
  - task_id: transform
    type: sql
    depends_on: [load]
    conn_id: warehouse
    sql:
      - delete from daily where ds = '{{ ds }}'
      - insert into daily select * from orders where ds = '{{ ds }}'
    execution_timeout: 10m
  - task_id: check
    type: check
    conn_id: warehouse
    table: daily
    checks: { row_count_min: 1, unique: [id], not_null: [id] }
  - task_id: report
    type: script
    code: "return { ok: true };"
  - task_id: announce
    type: notify
    channel: "slack:#data"
    message: Loaded {{ ds }}
    trigger_rule: all_done
  - task_id: cleanup
    type: bash
    bash_command: rm -rf /tmp/{{ run_id }}
    env: { KEEP: 1 }
    pool: default_pool
    owner: ops
flow:
  - start >> [wait_for_upstream, extract]
  - wait_for_upstream >> load
  - transform >> check >> [report, announce] >> cleanup
`;
