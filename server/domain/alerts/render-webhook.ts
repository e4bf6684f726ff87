import type { TAlertKind, TAlertMessage } from './alert-message';

/**
 * The JSON body a webhook channel receives: one alert, POSTed with `Content-Type:
 * application/json`, signed in `Tributary-Signature` (see webhook-signature.ts) and carrying
 * `Idempotency-Key: <dedupe_key>` (a retried delivery repeats it; receivers drop duplicates).
 *
 * ```json
 * {
 *   "kind": "failure",                      // failure | retry | recovery | success | sla | digest | test
 *   "title": "❌ orders_daily.load failed (try 3 of 3) — acme",
 *   "text": "orders_daily.load failed on …",   // the whole message as plain text
 *   "fields": [{ "label": "DAG", "value": "orders_daily" }, …],   // in order: Workspace, DAG, Task, Logical date, Try, Duration, Owner
 *   "log_tail": ["…", "ERROR: …"],          // the attempt's last log lines, secrets masked
 *   "links": [{ "label": "Log", "url": "https://…" }, …],
 *   "items": [],                            // a digest: one line per failure it stands for
 *   "context": { "workspace": "acme", "dag_id": "orders_daily", "task_id": "load", "run_id": "…", "incident_id": "…" },
 *   "dedupe_key": "acme:orders_daily:load:<run>:3",
 *   "sent_at": "2026-12-05T17:00:00.000Z"    // this attempt's send time (the signature's t is the same instant)
 * }
 * ```
 * Fields may be added to this object; none will be removed or change meaning.
 */
export type TWebhookBody = {
  kind: TAlertKind;
  title: string;
  text: string;
  fields: { label: string; value: string }[];
  log_tail: string[];
  links: { label: string; url: string }[];
  items: string[];
  context: TAlertMessage['context'];
  dedupe_key: string;
  sent_at: string;
};

export function renderWebhookBody(message: TAlertMessage, sentAt: Date): TWebhookBody {
  return {
    kind: message.kind,
    title: message.title,
    text: message.text,
    fields: message.fields.map(({ label, value }) => ({ label, value })),
    log_tail: [...message.logTail],
    links: message.links.map(({ label, url }) => ({ label, url })),
    items: [...message.items],
    context: { ...message.context },
    dedupe_key: message.dedupeKey,
    sent_at: sentAt.toISOString(),
  };
}
