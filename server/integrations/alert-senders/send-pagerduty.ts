import { z } from 'zod';
import { renderPagerDutyEvent } from '../../domain/alerts/render-pagerduty';
import { env } from '../../env';
import type { TSendAlertResult, TSenderInput } from './alert-sender-types';
import { postJson } from './post-json';

/** PagerDuty's answer, accepted or not: https://developer.pagerduty.com/api-reference/YXBpOjI3NDgyNjU-pager-duty-v2-events-api */
const ZPagerDutyAnswerSchema = z.object({
  status: z.string().optional(),
  message: z.string().optional(),
  dedup_key: z.string().optional(),
  errors: z.array(z.string()).optional(),
});

function parseAnswer(body: string): z.infer<typeof ZPagerDutyAnswerSchema> {
  try {
    const parsed = ZPagerDutyAnswerSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}

function describe(status: number, body: string): string | null {
  const answer = parseAnswer(body);
  if (status === 400) {
    const errors = answer.errors?.length ? `: ${answer.errors.join('; ')}` : '';
    return `PagerDuty refused the event (HTTP 400 ${answer.message ?? 'invalid event'}${errors}); check the channel's routing key (the integration key of an Events API v2 integration)`;
  }
  if (status === 429) return 'PagerDuty is rate limiting this integration (HTTP 429)';
  return null;
}

/** PagerDuty Events API v2: trigger under the dedupe key, or resolve it on recovery. */
export async function sendPagerDuty(input: TSenderInput<'pagerduty'>): Promise<TSendAlertResult> {
  const event = renderPagerDutyEvent(input.message, input.channel.secret.routing_key, new Date());
  const posted = await postJson({
    label: 'PagerDuty',
    policy: input.policy,
    url: env().PAGERDUTY_EVENTS_URL,
    body: JSON.stringify(event),
    signal: input.signal,
    describe,
  });
  const answer = parseAnswer(posted.body);
  const key = answer.dedup_key ?? event.dedup_key;
  return { responseMs: posted.responseMs, thread: null, detail: `PagerDuty: ${event.event_action} accepted (HTTP ${posted.status}, dedup_key ${key})` };
}
