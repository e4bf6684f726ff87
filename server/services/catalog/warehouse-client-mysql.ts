import type { Connection } from 'mysql2/promise';
import type { SecretBox } from '../../auth/secret-box';
import type { PrismaClient } from '../../db/client';
import { describeMysqlError, isMysqlConnType, mysqlSessionSettings } from '../../domain/connections/mysql-settings';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { EgressRefusedError } from '../../integrations/egress';
import { openGuardedMysql } from '../../integrations/egress-mysql';
import { systemContext } from '../context';
import { PROBE_TIMEOUT_MS, withDeadline } from '../connections/probe-deadline';
import { loadStored } from '../connections/test-connection';
import { WarehouseUnavailable } from './warehouse-client';

/**
 * Runs `work` on a session of a workspace's stored mysql connection (MySQL 8, MariaDB 10.6+),
 * reached through the egress guard as its connection test reaches it (the same settings, TLS
 * checked against the host name, the same deadline), and closes it. Any failure to connect
 * becomes WarehouseUnavailable naming the connection, never its password.
 */
export async function withMysqlWarehouse<T>(
  db: PrismaClient,
  box: SecretBox,
  target: { workspaceId: string; connId: string },
  egress: TEgressPolicy,
  work: (session: Connection) => Promise<T>,
): Promise<T> {
  const connection = await loadStored(systemContext(db, target.workspaceId, 'catalog'), box, target.connId).catch(() => null);
  if (connection === null) throw new WarehouseUnavailable(`connection '${target.connId}' does not exist in this workspace`);
  if (!isMysqlConnType(connection.connType)) throw new WarehouseUnavailable(`connection '${target.connId}' is ${connection.connType}, not mysql`);
  const settings = mysqlSessionSettings(connection);
  if (!settings.ok) throw new WarehouseUnavailable(settings.error);
  // Never offer LOAD DATA LOCAL: a server could then ask for any file this process can read.
  const opening = openGuardedMysql(egress, { ...settings.value, connectTimeout: PROBE_TIMEOUT_MS, flags: ['-LOCAL_FILES'], supportBigNumbers: true, bigNumberStrings: true });
  let session: Connection;
  try {
    session = await withDeadline(opening, `connecting to '${target.connId}'`);
  } catch (error) {
    // A session that opens after the deadline is closed as soon as it does.
    void opening.then((late) => late.destroy(), () => undefined);
    const reason = error instanceof EgressRefusedError ? error.message : describeMysqlError(error);
    throw new WarehouseUnavailable(`could not connect to '${target.connId}': ${reason}`);
  }
  // An 'error' event without a listener would crash the process.
  session.on('error', () => undefined);
  try {
    return await work(session);
  } finally {
    await session.end().catch(() => session.destroy());
  }
}
