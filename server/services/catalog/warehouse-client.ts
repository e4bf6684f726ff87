import pg from 'pg';
import type { SecretBox } from '../../auth/secret-box';
import type { TEgressPolicy } from '../../domain/egress/decide-egress';
import { guardPostgresConfig } from '../../integrations/egress-postgres';
import { systemContext } from '../context';
import type { PrismaClient } from '../../db/client';
import { withDeadline } from '../connections/probe-deadline';
import { describeError, loadStored, postgresConfig } from '../connections/test-connection';

/** The warehouse could not be asked (refused by egress, unreachable, not postgres): retried next time. */
export class WarehouseUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarehouseUnavailable';
  }
}

const POSTGRES_TYPES = new Set(['postgres', 'postgresql']);

/**
 * Runs `work` on a session of a workspace's stored postgres connection, reached through the
 * egress guard as a connection test reaches it (same settings, same deadline), and closes it.
 * Any failure to connect becomes WarehouseUnavailable naming the connection.
 */
export async function withWarehouse<T>(
  db: PrismaClient,
  box: SecretBox,
  target: { workspaceId: string; connId: string },
  egress: TEgressPolicy,
  work: (client: pg.Client) => Promise<T>,
): Promise<T> {
  const connection = await loadStored(systemContext(db, target.workspaceId, 'catalog'), box, target.connId).catch(() => null);
  if (connection === null) throw new WarehouseUnavailable(`connection '${target.connId}' does not exist in this workspace`);
  if (!POSTGRES_TYPES.has(connection.connType.toLowerCase())) {
    throw new WarehouseUnavailable(`connection '${target.connId}' is ${connection.connType}, not postgres: it cannot be introspected`);
  }
  let client: pg.Client | null = null;
  try {
    const config = await withDeadline(guardPostgresConfig(egress, { ...postgresConfig(connection), application_name: 'tributary-catalog' }), `resolving '${target.connId}'`);
    client = new pg.Client(config);
    // An 'error' event without a listener would crash the process.
    client.on('error', () => undefined);
    await withDeadline(client.connect(), `connecting to '${target.connId}'`);
  } catch (error) {
    await client?.end().catch(() => undefined);
    throw new WarehouseUnavailable(`could not connect to '${target.connId}': ${describeError(error)}`);
  }
  try {
    return await work(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}
