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

export const JOB_QUEUES = {
  'task.execute': ZTaskExecutePayloadSchema,
  'alert.deliver': ZAlertDeliverPayloadSchema,
} as const;

export type TJobName = keyof typeof JOB_QUEUES;
export type TJobPayload<N extends TJobName> = z.infer<(typeof JOB_QUEUES)[N]>;
