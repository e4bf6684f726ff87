import pg from 'pg';
import { quoteIdent } from '../../server/db/embedded-postgres';

function urlFor(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withServer<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function createTemplateDatabase(serverUrl: string, name: string): Promise<string> {
  await dropDatabase(serverUrl, name, { isTemplate: true });
  await withServer(serverUrl, (client) => client.query(`create database ${quoteIdent(name)}`));
  return urlFor(serverUrl, name);
}

/** An empty database (no migrations), for tests of the migrations themselves. */
export async function createEmptyDatabase(serverUrl: string, name: string): Promise<string> {
  await withServer(serverUrl, (client) => client.query(`create database ${quoteIdent(name)}`));
  return urlFor(serverUrl, name);
}

export async function copyDatabase(serverUrl: string, template: string, name: string): Promise<string> {
  // CREATE DATABASE ... TEMPLATE needs the template to have no other sessions; copies made by
  // concurrent test files can collide for a moment, so retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await withServer(serverUrl, (client) =>
        client.query(`create database ${quoteIdent(name)} template ${quoteIdent(template)}`),
      );
      return urlFor(serverUrl, name);
    } catch (error) {
      const busy = (error as { code?: string }).code === '55006';
      if (!busy || attempt >= 50) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}

export async function dropDatabase(serverUrl: string, name: string, options?: { isTemplate?: boolean }) {
  await withServer(serverUrl, async (client) => {
    if (options?.isTemplate) {
      await client.query(`update pg_database set datistemplate = false where datname = $1`, [name]).catch(() => undefined);
    }
    await client.query(`drop database if exists ${quoteIdent(name)} with (force)`);
  });
}
