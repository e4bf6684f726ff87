import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPrismaClient, type PrismaClient } from '../../server/db/client';
import { copyDatabase, createEmptyDatabase, dropDatabase } from './databases';

export type TTestDatabase = {
  url: string;
  name: string;
  db: PrismaClient;
  /** The server's maintenance database, for tests that need more databases. */
  serverUrl: string;
  drop(): Promise<void>;
};

/** A migrated database of this test file's own (a copy of the run's template). */
export async function createTestDatabase(label = 'test'): Promise<TTestDatabase> {
  const serverUrl = inject('serverUrl');
  const name = `${label}_${randomBytes(5).toString('hex')}`;
  const url = await copyDatabase(serverUrl, inject('templateDatabase'), name);
  return wrap(serverUrl, name, url);
}

/** An empty database, for the migration tests. */
export async function createBlankDatabase(label = 'blank'): Promise<TTestDatabase> {
  const serverUrl = inject('serverUrl');
  const name = `${label}_${randomBytes(5).toString('hex')}`;
  const url = await createEmptyDatabase(serverUrl, name);
  return wrap(serverUrl, name, url);
}

function wrap(serverUrl: string, name: string, url: string): TTestDatabase {
  const db = createPrismaClient(url, { max: 5 });
  return {
    url,
    name,
    db,
    serverUrl,
    async drop() {
      await db.$disconnect();
      await dropDatabase(serverUrl, name);
    },
  };
}

/** Polls until `check` returns a truthy value (never a fixed sleep). */
export async function waitFor<T>(check: () => Promise<T | null | undefined | false>, options?: { timeoutMs?: number; what?: string }): Promise<T> {
  const deadline = Date.now() + (options?.timeoutMs ?? 30_000);
  let delay = 20;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${options?.what ?? 'a condition'}`);
    await new Promise((resolve) => setTimeout(resolve, delay));
    delay = Math.min(delay * 2, 250);
  }
}
