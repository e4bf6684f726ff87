import { isIP } from 'node:net';
import type pg from 'pg';
import { decideDatabaseLogin, decideLocalSocket, type TEgressPolicy } from '../domain/egress/decide-egress';
import { checkEgress, EgressRefusedError, resolveHost, type TCheckedHost } from './egress';

const DEFAULT_HOST = 'localhost';
const DEFAULT_PORT = 5432;

async function refuseMetadataLogin(policy: TEgressPolicy, checked: TCheckedHost, config: pg.ClientConfig): Promise<void> {
  const metadata = policy.metadataDatabase;
  if (metadata === null || metadata.port !== checked.port) return;
  const own = (await resolveHost(metadata.host)).map((entry) => entry.address);
  for (const { address } of checked.addresses) {
    const decision = decideDatabaseLogin(
      policy,
      { target: { host: checked.host, address, port: checked.port }, user: config.user ?? null, database: config.database ?? null },
      own,
    );
    if (!decision.allowed) throw new EgressRefusedError(decision.rule, decision.message);
  }
}

/**
 * node-postgres settings that reach only what the egress policy allows: the host (localhost
 * and 5432 when unset, rather than the worker's PGHOST/PGPORT) is resolved and judged, a
 * session on Tributary's own metadata database is refused, and the client connects to the
 * address that was judged. TLS keeps checking the certificate against the name.
 * Throws EgressRefusedError.
 */
export async function guardPostgresConfig<C extends pg.ClientConfig>(policy: TEgressPolicy, config: C): Promise<C> {
  const host = config.host || DEFAULT_HOST;
  const port = config.port ?? DEFAULT_PORT;
  if (host.startsWith('/')) {
    const decision = decideLocalSocket(policy, host);
    if (!decision.allowed) throw new EgressRefusedError(decision.rule, decision.message);
    return { ...config, host, port };
  }
  const checked = await checkEgress(policy, host, port);
  await refuseMetadataLogin(policy, checked, config);
  const [first] = checked.addresses;
  if (!first) throw new Error(`${host} resolved to no address`);
  const pinned: C = { ...config, host: first.address, port };
  if (config.ssl && isIP(checked.host) === 0) {
    pinned.ssl = { ...(typeof config.ssl === 'object' ? config.ssl : {}), servername: checked.host };
  }
  return pinned;
}
