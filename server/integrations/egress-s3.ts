import http from 'node:http';
import https from 'node:https';
import type { Duplex } from 'node:stream';
import { isIP } from 'node:net';
import { S3Client } from '@aws-sdk/client-s3';
// The SDK's own Node handler (a direct dependency, pinned to the version @aws-sdk/client-s3 ships with).
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { TS3ClientSettings } from '../domain/connections/s3-settings';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { checkEgress } from './egress';

type TCreateConnection = (options: http.ClientRequestArgs, callback: (error: Error | null, socket?: Duplex) => void) => Duplex | undefined;

/**
 * Every new socket of the agent is opened only after its host was resolved and each address
 * judged by the egress policy, and to the judged address: the SDK (and Node) never resolve the
 * name a second time. TLS keeps the name as its server name, so the certificate is checked
 * against the name, not the address. Keep-alive sockets are reused for the same host and port.
 */
function guardAgent<A extends http.Agent>(agent: A, policy: TEgressPolicy, defaultPort: number): A {
  const open = (agent as unknown as { createConnection: TCreateConnection }).createConnection.bind(agent);
  const guarded: TCreateConnection = (options, callback) => {
    const host = options.hostname ?? options.host ?? 'localhost';
    const port = Number(options.port ?? defaultPort);
    checkEgress(policy, host, port).then(
      (checked) => {
        const [first] = checked.addresses;
        if (!first) return callback(new Error(`${host} resolved to no address`));
        const servername = isIP(checked.host) === 0 ? checked.host : undefined;
        const pinned = { ...options, host: first.address, hostname: first.address, family: first.family, servername };
        try {
          callback(null, open(pinned, () => undefined) ?? undefined);
        } catch (error) {
          callback(error instanceof Error ? error : new Error(String(error)));
        }
      },
      (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
    );
    // Undefined: the agent waits for the callback (Node's Agent#createSocket).
    return undefined;
  };
  (agent as unknown as { createConnection: TCreateConnection }).createConnection = guarded;
  return agent;
}

export type TGuardedS3Options = { connectionTimeoutMs?: number; requestTimeoutMs?: number; maxAttempts?: number };

/**
 * An S3 client whose every request goes through the egress guard (guardAgent): what Test,
 * the s3 sources, targets and sensor all use. A refusal reaches the caller as the SDK's error
 * whose cause chain holds the EgressRefusedError (see egressRefusalOf).
 */
export function guardedS3Client(policy: TEgressPolicy, settings: TS3ClientSettings, options: TGuardedS3Options = {}): S3Client {
  const httpAgent = guardAgent(new http.Agent({ keepAlive: true, maxSockets: 16 }), policy, 80);
  const httpsAgent = guardAgent(new https.Agent({ keepAlive: true, maxSockets: 16 }), policy, 443);
  return new S3Client({
    ...settings,
    maxAttempts: options.maxAttempts ?? 3,
    requestHandler: new NodeHttpHandler({
      httpAgent,
      httpsAgent,
      connectionTimeout: options.connectionTimeoutMs ?? 15_000,
      requestTimeout: options.requestTimeoutMs ?? 120_000,
    }),
    // Checksums on every request and response (the SDK's default since 2025) are kept; s3rver
    // and older stores ignore the extra headers.
  });
}
