import type { TAlertKind, TAlertMessage } from './alert-message';

/**
 * An alert as a PagerDuty Events API v2 event
 * (https://developer.pagerduty.com/docs/events-api-v2/trigger-events/): problems trigger under
 * their Tributary incident's key when they have one (else the message's dedupe key), so
 * PagerDuty folds an incident's failures into one of its own incidents, and the recovery, which
 * carries the same incident, resolves it. A success alert resolves too:
 * PagerDuty is for paging, and a success on a key with nothing open is a no-op there.
 */
export type TPagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';
export type TPagerDutyEvent =
  | {
      routing_key: string;
      event_action: 'trigger';
      dedup_key: string;
      payload: {
        summary: string;
        source: string;
        severity: TPagerDutySeverity;
        timestamp: string;
        component?: string;
        group?: string;
        class: TAlertKind;
        custom_details: Record<string, unknown>;
      };
      links: { href: string; text: string }[];
      client: string;
      client_url?: string;
    }
  | { routing_key: string; event_action: 'resolve'; dedup_key: string };

export const PAGERDUTY_SOURCE = 'tributary';
/** PagerDuty's limits: summary 1024 characters, dedup_key 255. */
const SUMMARY_MAX = 1024;
const DEDUP_KEY_MAX = 255;

const ACTION: Record<TAlertKind, 'trigger' | 'resolve'> = {
  failure: 'trigger',
  retry: 'trigger',
  sla: 'trigger',
  freshness: 'trigger',
  deprecation: 'trigger',
  review: 'trigger',
  digest: 'trigger',
  test: 'trigger',
  recovery: 'resolve',
  success: 'resolve',
};

const SEVERITY: Record<TAlertKind, TPagerDutySeverity> = {
  failure: 'error',
  digest: 'error',
  retry: 'warning',
  sla: 'warning',
  freshness: 'warning',
  deprecation: 'warning',
  review: 'info',
  test: 'info',
  recovery: 'info',
  success: 'info',
};

export function pagerDutyAction(kind: TAlertKind): 'trigger' | 'resolve' {
  return ACTION[kind];
}

function customDetails(message: TAlertMessage): Record<string, unknown> {
  const details: Record<string, unknown> = Object.fromEntries(message.fields.map((field) => [field.label, field.value]));
  details.context = { ...message.context };
  if (message.logTail.length > 0) details.log_tail = message.logTail.join('\n');
  if (message.items.length > 0) details.items = [...message.items];
  return details;
}

/** One PagerDuty incident per Tributary incident. */
export function pagerDutyDedupKey(message: TAlertMessage): string {
  const key = message.context.incident_id ? `tributary-incident:${message.context.incident_id}` : message.dedupeKey;
  return key.slice(0, DEDUP_KEY_MAX);
}

export function renderPagerDutyEvent(message: TAlertMessage, routingKey: string, now: Date): TPagerDutyEvent {
  const dedupKey = pagerDutyDedupKey(message);
  if (pagerDutyAction(message.kind) === 'resolve') return { routing_key: routingKey, event_action: 'resolve', dedup_key: dedupKey };
  const links = message.links.filter((link) => /^https?:\/\//i.test(link.url)).map((link) => ({ href: link.url, text: link.label }));
  const summary = message.title.replace(/\s+/g, ' ').trim() || message.kind;
  return {
    routing_key: routingKey,
    event_action: 'trigger',
    dedup_key: dedupKey,
    payload: {
      summary: summary.length <= SUMMARY_MAX ? summary : `${summary.slice(0, SUMMARY_MAX - 1)}…`,
      source: PAGERDUTY_SOURCE,
      severity: SEVERITY[message.kind],
      timestamp: now.toISOString(),
      ...(message.context.dag_id ? { component: message.context.dag_id } : {}),
      group: message.context.workspace,
      class: message.kind,
      custom_details: customDetails(message),
    },
    links,
    client: 'Tributary',
    ...(links[0] ? { client_url: links[0].href } : {}),
  };
}
