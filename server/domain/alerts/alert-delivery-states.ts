/**
 * How an alert delivery stands (alert_delivery.state, checked by a constraint): waiting for its
 * job, sent, given up on, skipped (a paused channel), or folded into a storm's digest.
 */
export const ALERT_DELIVERY_STATES = ['pending', 'sent', 'failed', 'skipped', 'digested'] as const;
export type TAlertDeliveryState = (typeof ALERT_DELIVERY_STATES)[number];
