import type { TResolvedAlertChannel } from '../../domain/alerts/alert-channel';
import type { TAlertMessage, TThreadRef } from '../../domain/alerts/alert-message';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';

/** What sendAlert takes and gives (re-exported by send-alert.ts, whose senders share them). */
export type TSendAlertInput = {
  channel: TResolvedAlertChannel;
  message: TAlertMessage;
  /** Slack Web API: post under this thread (thread_ts); null = a new top-level message. */
  thread: TThreadRef | null;
  /** recovery: the incident's first message, to edit in place (chat.update) before posting the reply. */
  replace: TThreadRef | null;
  policy: TEgressPolicy;
  signal?: AbortSignal;
};

export type TSendAlertResult = {
  /** From the first byte sent to the last answer read (for recovery on Slack: the edit and the reply together). */
  responseMs: number;
  /**
   * Slack Web API: where the message now lives ({channel id, ts}): the new top-level message,
   * or the reply when it went into a thread. Else null.
   */
  thread: TThreadRef | null;
  /** One line for the delivery log: "Slack: posted to C0123 (ts 1712.000100)", "SMTP: 250 accepted", "HTTP 202". */
  detail: string;
};

/** One sender's input: the channel narrowed to its type. */
export type TSenderInput<T extends TResolvedAlertChannel['type']> = Omit<TSendAlertInput, 'channel'> & {
  channel: Extract<TResolvedAlertChannel, { type: T }>;
};
