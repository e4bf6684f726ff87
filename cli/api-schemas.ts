import { z } from 'zod';

/**
 * The parts of REST v1's answers (Airflow's stable REST API shapes) the CLI reads. Loose
 * objects: fields the CLI does not use pass through to `--json` untouched, and a server that
 * adds fields does not break the client.
 */
const date = z.string().nullable().optional();

export const ZDagSchema = z.looseObject({
  dag_id: z.string(),
  is_paused: z.boolean().nullable().optional(),
  description: z.string().nullable().optional(),
  owners: z.array(z.string()).nullable().optional(),
  // Airflow sends tags as [{name}], a simpler server as strings: accept both.
  tags: z.array(z.union([z.string(), z.object({ name: z.string() })])).nullable().optional(),
  schedule: z.unknown().optional(),
  schedule_interval: z.unknown().optional(),
  timetable_description: z.string().nullable().optional(),
  next_dagrun: date,
});
export type TDagView = z.infer<typeof ZDagSchema>;

export const ZDagListSchema = z.looseObject({ dags: z.array(ZDagSchema), total_entries: z.number() });

const ZSpecProblemSchema = z.object({ path: z.string(), line: z.number().nullable(), column: z.number().nullable(), message: z.string() });

export const ZDeployResultSchema = z.looseObject({
  deploy_status: z.enum(['created', 'updated', 'unchanged']),
  dag_id: z.string(),
  /** Where a task's SQL contradicts its declared inputs or outputs; older servers send none. */
  warnings: z.array(ZSpecProblemSchema).default([]),
});

export const ZDagRunSchema = z.looseObject({
  dag_run_id: z.string(),
  dag_id: z.string().optional(),
  state: z.string().nullable(),
  run_type: z.string().nullable().optional(),
  logical_date: date,
  data_interval_start: date,
  data_interval_end: date,
  start_date: date,
  end_date: date,
});
export const ZDagRunListSchema = z.looseObject({ dag_runs: z.array(ZDagRunSchema), total_entries: z.number() });

export const ZTaskInstanceSchema = z.looseObject({
  task_id: z.string(),
  dag_id: z.string().optional(),
  dag_run_id: z.string().optional(),
  state: z.string().nullable(),
  try_number: z.number().nullable().optional(),
  logical_date: date,
  start_date: date,
  end_date: date,
});
export type TTaskInstanceView = z.infer<typeof ZTaskInstanceSchema>;
export const ZTaskInstanceListSchema = z.looseObject({ task_instances: z.array(ZTaskInstanceSchema) });

/** Airflow's clearTaskInstances answers with references to the instances (cleared or, on a dry run, to be cleared). */
export const ZClearResultSchema = z.looseObject({
  task_instances: z.array(
    z.looseObject({ task_id: z.string(), dag_run_id: z.string().optional(), dag_id: z.string().optional(), state: z.string().nullable().optional(), logical_date: date }),
  ),
});

export const ZLogChunkSchema = z.looseObject({ content: z.string(), continuation_token: z.string().nullable().optional() });

export const ZBackfillProgressSchema = z.looseObject({
  total: z.number(),
  queued: z.number().default(0),
  running: z.number().default(0),
  success: z.number().default(0),
  failed: z.number().default(0),
});
export type TBackfillProgress = z.infer<typeof ZBackfillProgressSchema>;

export const ZBackfillSchema = z.looseObject({
  id: z.union([z.string(), z.number()]).nullable().optional(),
  dag_id: z.string(),
  state: z.string().nullable().optional(),
  plan: z.array(z.looseObject({ logical_date: z.string().nullable(), action: z.string(), reason: z.string().nullable().optional() })).optional(),
  progress: ZBackfillProgressSchema.nullable().optional(),
});
export type TBackfillView = z.infer<typeof ZBackfillSchema>;

/** Task-instance states after which nothing more will be written to the attempt's log. */
export const FINISHED_TASK_STATES: readonly string[] = ['success', 'failed', 'skipped', 'upstream_failed', 'removed'];

/** An alert channel: its shown config only (secrets are write-only; `secrets_set` names those that hold a value). */
export const ZAlertChannelSchema = z.looseObject({
  name: z.string(),
  type: z.string(),
  config: z.record(z.string(), z.unknown()),
  secrets_set: z.array(z.string()).optional(),
  is_default: z.boolean(),
  is_paused: z.boolean(),
});
export type TAlertChannelView = z.infer<typeof ZAlertChannelSchema>;
export const ZAlertChannelListSchema = z.looseObject({ alert_channels: z.array(ZAlertChannelSchema), total_entries: z.number() });

/** The outcome of "Send test": sent (with the peer's answer) or not (with the reason in words). */
export const ZAlertChannelTestSchema = z.looseObject({
  ok: z.boolean(),
  detail: z.string().optional(),
  response_ms: z.number().optional(),
  error: z.string().optional(),
});

/** An incident as GET /incidents lists it. */
export const ZIncidentSchema = z.looseObject({
  id: z.string(),
  dag_id: z.string(),
  title: z.string(),
  state: z.string(),
  opened_at: z.string(),
  acknowledged_by: z.string().nullable(),
  resolved_at: z.string().nullable(),
  failure_count: z.number(),
  postmortem_state: z.string(),
  postmortem_pending: z.boolean(),
  tta_seconds: z.number().nullable(),
  ttr_seconds: z.number().nullable(),
});
export type TIncidentView = z.infer<typeof ZIncidentSchema>;
export const ZIncidentListSchema = z.looseObject({ incidents: z.array(ZIncidentSchema), total_entries: z.number() });
