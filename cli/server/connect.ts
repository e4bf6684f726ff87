import { createApiClient, type TApiClient } from '../api-client';
import { serverTarget, type TServerOptions } from '../cli-env';
import { createOutput, type TOutput } from '../output';

export type TServerCommandOptions = TServerOptions & { json?: boolean };

/** What every server command starts with: the REST client and the output. */
export function connect(options: TServerCommandOptions): { api: TApiClient; out: TOutput } {
  return { api: createApiClient(serverTarget(options)), out: createOutput(options) };
}
