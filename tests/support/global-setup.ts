import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres, type TEmbeddedPostgres } from '../../server/db/embedded-postgres';
import { migrateDatabase } from '../../scripts/migrate';
import { createTemplateDatabase, dropDatabase } from './databases';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A URL of the server's maintenance database (`postgres`), used to create test databases. */
    serverUrl: string;
    /** A migrated database that test databases are copied from. */
    templateDatabase: string;
  }
}

/**
 * Once per `npm test`: a real PostgreSQL (embedded, or the server of DATABASE_URL) and a
 * template database migrated with the committed migrations. Each test file then copies the
 * template into a database of its own (see test-database.ts), so files never share state.
 */
export default async function setup(project: TestProject) {
  let embedded: TEmbeddedPostgres | null = null;
  let dataDir: string | null = null;
  let serverUrl: string;
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = '/postgres';
    serverUrl = url.toString();
  } else {
    dataDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-test-pg-'));
    embedded = await startEmbeddedPostgres({ dataDir: path.join(dataDir, 'pg') });
    serverUrl = embedded.url('postgres');
  }
  const templateDatabase = `tributary_template_${process.pid}`;
  const templateUrl = await createTemplateDatabase(serverUrl, templateDatabase);
  await migrateDatabase(templateUrl);
  project.provide('serverUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);

  return async () => {
    await dropDatabase(serverUrl, templateDatabase, { isTemplate: true }).catch(() => undefined);
    if (embedded) await embedded.stop();
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  };
}
