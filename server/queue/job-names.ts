import { z } from 'zod';

/**
 * The only contract between web, scheduler and worker: job names and their payloads.
 * Payloads are validated with zod on send and on receive.
 */
export const ZTaskExecutePayloadSchema = z.object({
  taskInstanceId: z.string().min(1),
  /** The try this delivery is for: a stale redelivery of an earlier try is a no-op. */
  tryNumber: z.number().int().min(1),
});
export type TTaskExecutePayload = z.infer<typeof ZTaskExecutePayloadSchema>;

/** One alert delivery (an alert_delivery row) to send; the row says what and where. */
export const ZAlertDeliverPayloadSchema = z.object({ deliveryId: z.string().min(1) });
export type TAlertDeliverPayload = z.infer<typeof ZAlertDeliverPayloadSchema>;

/**
 * One OpenLineage run event of a task attempt (the attempt's rows say the rest). `waits` counts
 * how often an end event was put back because its START was still being sent.
 */
export const ZOpenLineageEmitPayloadSchema = z.object({
  attemptId: z.string().uuid(),
  eventType: z.enum(['START', 'COMPLETE', 'FAIL']),
  eventTime: z.string().datetime({ offset: true }),
  waits: z.number().int().min(0).default(0),
});
export type TOpenLineageEmitPayload = z.input<typeof ZOpenLineageEmitPayloadSchema>;

export const JOB_QUEUES = {
  'task.execute': ZTaskExecutePayloadSchema,
  'alert.deliver': ZAlertDeliverPayloadSchema,
  'openlineage.emit': ZOpenLineageEmitPayloadSchema,
} as const;

export type TJobName = keyof typeof JOB_QUEUES;
export type TJobPayload<N extends TJobName> = z.infer<(typeof JOB_QUEUES)[N]>;
