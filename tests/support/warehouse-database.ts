import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { quoteIdent } from '../../server/db/embedded-postgres';

export type TWarehouseDatabase = {
  /** Logs in as the warehouse's own role. */
  url: string;
  name: string;
  role: string;
  drop(): Promise<void>;
};

async function asSuperuser<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: inject('serverUrl') });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * A database for tasks to work on, as production should have it: owned by a role of its own
 * (LOGIN, not a superuser, a random password), never by the metadata database's role, which
 * the egress guard refuses to let a task use.
 */
export async function createWarehouseDatabase(label = 'warehouse'): Promise<TWarehouseDatabase> {
  const suffix = randomBytes(5).toString('hex');
  const name = `${label}_${suffix}`;
  const role = `${label}_owner_${suffix}`;
  const password = randomBytes(18).toString('base64url');
  await asSuperuser(async (client) => {
    await client.query(`create role ${quoteIdent(role)} login nosuperuser nocreatedb nocreaterole password ${client.escapeLiteral(password)}`);
    await client.query(`create database ${quoteIdent(name)} owner ${quoteIdent(role)}`);
  });
  const url = new URL(inject('serverUrl'));
  url.username = encodeURIComponent(role);
  url.password = encodeURIComponent(password);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    role,
    drop: () =>
      asSuperuser(async (client) => {
        await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
        await client.query(`drop role if exists ${quoteIdent(role)}`);
      }),
  };
}
