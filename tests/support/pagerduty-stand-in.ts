import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TPagerDutyEventSeen = {
  routing_key: unknown;
  event_action: unknown;
  dedup_key: unknown;
  payload?: Record<string, unknown>;
  links?: unknown;
  [field: string]: unknown;
};

export type TPagerDutyStandIn = {
  /** The URL to give the product as PAGERDUTY_EVENTS_URL. */
  url: string;
  port: number;
  /** Events accepted (202), in order. */
  events: TPagerDutyEventSeen[];
  /** Requests refused, with PagerDuty's reasons. */
  refused: { body: string; errors: string[] }[];
  /** Answers the next `count` requests with this status (429, 500...) instead of handling them. */
  failNext(count: number, status: number): void;
  close(): Promise<void>;
};

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/** PagerDuty's checks on an Events API v2 event, as its 400 answers list them. */
function problemsOf(event: TPagerDutyEventSeen): string[] {
  const problems: string[] = [];
  if (typeof event.routing_key !== 'string' || event.routing_key.length !== 32) problems.push("Length of 'routing_key' is incorrect (should be 32 characters)");
  if (!['trigger', 'acknowledge', 'resolve'].includes(String(event.event_action))) problems.push("'event_action' is invalid (must be one of: trigger, acknowledge, resolve)");
  if (event.event_action !== 'trigger' && typeof event.dedup_key !== 'string') problems.push("'dedup_key' is missing or blank");
  if (event.event_action === 'trigger') {
    const payload = event.payload ?? {};
    if (typeof payload.summary !== 'string' || payload.summary === '') problems.push("'payload.summary' is missing or blank");
    if (typeof payload.source !== 'string' || payload.source === '') problems.push("'payload.source' is missing or blank");
    if (!SEVERITIES.includes(String(payload.severity))) problems.push("'payload.severity' is invalid");
  }
  return problems;
}

/**
 * PagerDuty's Events API v2 on 127.0.0.1 (https://developer.pagerduty.com/docs/events-api-v2/overview/):
 * POST /v2/enqueue, 202 `{status: 'success', message: 'Event processed', dedup_key}` for a valid
 * event, 400 `{status: 'invalid event', message, errors}` otherwise.
 */
export async function startPagerDutyStandIn(): Promise<TPagerDutyStandIn> {
  const events: TPagerDutyEventSeen[] = [];
  const refused: TPagerDutyStandIn['refused'] = [];
  const faults: number[] = [];
  let generated = 0;
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const reply = (status: number, body: unknown) => response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const fault = faults.shift();
      if (fault !== undefined) return reply(fault, { status: 'unavailable', message: 'stand-in told to fail' });
      const body = Buffer.concat(chunks).toString('utf8');
      let event: TPagerDutyEventSeen;
      try {
        event = JSON.parse(body) as TPagerDutyEventSeen;
      } catch {
        refused.push({ body, errors: ['Event object is not JSON'] });
        return reply(400, { status: 'invalid event', message: 'Event object is invalid', errors: ['Event object is not JSON'] });
      }
      const problems = request.url === '/v2/enqueue' ? problemsOf(event) : [`no route ${request.url}`];
      if (problems.length > 0) {
        refused.push({ body, errors: problems });
        return reply(400, { status: 'invalid event', message: 'Event object is invalid', errors: problems });
      }
      events.push(event);
      const dedupKey = typeof event.dedup_key === 'string' ? event.dedup_key : `generated-${++generated}`;
      reply(202, { status: 'success', message: 'Event processed', dedup_key: dedupKey });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v2/enqueue`,
    port,
    events,
    refused,
    failNext(count, status) {
      for (let i = 0; i < count; i++) faults.push(status);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
