import type { TAlertChannelType } from '@/server/domain/alerts/alert-channel';

/** A channel as `alertChannels.list` returns it: the shown config and which secrets are set, never a secret. */
export type TChannelItem = {
  name: string;
  type: TAlertChannelType;
  config: Record<string, unknown>;
  secretsSet: string[];
  isDefault: boolean;
  isPaused: boolean;
  createdAt: string;
  updatedAt: string;
};
