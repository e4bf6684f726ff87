import { connect, isIP } from 'node:net';
import { type Connection, type ConnectionOptions, createConnection } from 'mysql2/promise';
import type { TEgressPolicy } from '../domain/egress/decide-egress';
import { checkEgress } from './egress';
import { MYSQL_DEFAULT_PORT } from '../domain/connections/mysql-settings';

const MYSQL_DEFAULT_HOST = 'localhost';

/**
 * mysql2 settings that reach only what the egress policy allows: the host (localhost and 3306
 * when unset) is resolved and every address judged, and the socket is opened to the judged
 * address by us (`stream`), so mysql2 never resolves the name a second time. `host` stays the
 * name the user wrote, because mysql2 takes the TLS server name from it: the certificate is
 * still checked against that name (verifyIdentity), not against the address.
 * Throws EgressRefusedError.
 */
export async function guardMysqlConfig(policy: TEgressPolicy, config: ConnectionOptions): Promise<ConnectionOptions> {
  if (config.socketPath !== undefined) throw new Error('a MySQL connection through a local socket is not supported: give a host and port');
  const host = config.host || MYSQL_DEFAULT_HOST;
  const port = config.port ?? MYSQL_DEFAULT_PORT;
  const checked = await checkEgress(policy, host, port);
  if (config.ssl && isIP(checked.host) !== 0) {
    // mysql2 gives TLS no server name for an address, and Node then checks the certificate against "localhost".
    throw new Error(`TLS needs the host name the server's certificate names, not the address ${checked.host}: mysql2 cannot check a certificate against an address`);
  }
  const [first] = checked.addresses;
  if (!first) throw new Error(`${host} resolved to no address`);
  const pinned: ConnectionOptions = {
    ...config,
    host: checked.host,
    port,
    stream: () => {
      const socket = connect({ host: first.address, port, family: first.family });
      // mysql2 sets this on sockets it opens itself: without it small packets wait for Nagle.
      socket.setNoDelay(true);
      return socket;
    },
  };
  return pinned;
}

/** A mysql2 session opened through the egress guard (guardMysqlConfig): throws EgressRefusedError or mysql2's error. */
export async function openGuardedMysql(policy: TEgressPolicy, config: ConnectionOptions): Promise<Connection> {
  const guarded = await guardMysqlConfig(policy, config);
  return createConnection(guarded);
}
