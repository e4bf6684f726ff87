import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { prepareData } from '../../scripts/prepare-data';
import { ensureWebBuild } from '../../scripts/web-build';

declare module 'vitest' {
  export interface ProvidedContext {
    /**
     * A data folder as `npm start` leaves it after its first start (PostgreSQL initialised,
     * migrated, the demo seeded, its keys made), stopped: each browser test's product starts on
     * a copy of it, which is `npm start`'s second-start path, instead of paying for initdb and
     * every migration again. (`web.test.ts` and `tests/integration/start.test.ts` start from
     * an empty folder.)
     */
    productDataTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  await ensureWebBuild((message) => process.stdout.write(`[e2e setup] ${message}\n`));
  const folder = await mkdtemp(path.join(os.tmpdir(), 'tributary-e2e-template-'));
  // As root PostgreSQL runs as `postgres`, which must enter the folder (mkdtemp makes it private).
  await chmod(folder, 0o755);
  const dataDir = path.join(folder, 'data');
  const prepared = await prepareData({ dataDir, say: () => undefined });
  await prepared.embedded?.stop();
  project.provide('productDataTemplate', dataDir);
  return () => rm(folder, { recursive: true, force: true });
}
