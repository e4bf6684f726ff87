/**
 * One alert, as every sender renders it (Slack blocks, an email, a webhook's JSON, a PagerDuty
 * event): built once from what the product knows, so that every channel says the same thing.
 */
export const ALERT_KINDS = ['failure', 'retry', 'recovery', 'success', 'sla', 'freshness', 'deprecation', 'review', 'digest', 'test'] as const;
export type TAlertKind = (typeof ALERT_KINDS)[number];

export type TAlertMessage = {
  kind: TAlertKind;
  /** One line, what a phone notification shows: "❌ orders_daily.load failed (try 3 of 3) — acme". */
  title: string;
  /** The whole message as plain text (Slack's `text`, the email's text part). */
  text: string;
  /** Labelled facts, in order: Workspace, DAG, Task, Logical date, Try, Duration, Owner. */
  fields: { label: string; value: string }[];
  /** The last lines of the attempt's log, secrets already masked. */
  logTail: string[];
  /** Absolute links: the attempt's log, the incident, the run. */
  links: { label: string; url: string }[];
  /** The owner's Slack user id (U…), mentioned as <@U…> in Slack. */
  mentionSlackUserId: string | null;
  /** For a digest: one line per failure it stands for. */
  items: string[];
  /** PagerDuty's dedup_key, and the webhook's idempotency key. */
  dedupeKey: string;
  /** Workspace, DAG and incident ids, for receivers that route on them (webhook JSON, PagerDuty custom_details). */
  context: { workspace: string; dag_id: string | null; task_id: string | null; run_id: string | null; incident_id: string | null };
};

/**
 * Where an earlier message of the same incident lives, so later ones thread under it (Slack
 * thread_ts) and recovery edits it (chat.update). Only Slack Web API channels have one.
 */
export type TThreadRef = { channel: string; ts: string };
