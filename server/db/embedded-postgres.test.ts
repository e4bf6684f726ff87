import { chmod, mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { assertEnterableByOthers } from './embedded-postgres';

describe('assertEnterableByOthers (root starting PostgreSQL as the postgres user)', () => {
  const made: string[] = [];
  afterAll(() => Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))));
  const message = (dir: string, mode: string) => `cannot enter ${dir} (mode ${mode})`;

  it('names the first folder, from the inside out, that others cannot enter, and its mode', async () => {
    // A checkout in a `mktemp -d` folder: the folder is 0700, what is inside is open.
    const privateDir = await mkdtemp(path.join(os.tmpdir(), 'tributary-private-'));
    made.push(privateDir);
    const programs = path.join(privateDir, 'node_modules', 'native', 'bin');
    await mkdir(programs, { recursive: true, mode: 0o755 });
    await chmod(privateDir, 0o700);
    await expect(assertEnterableByOthers(programs, message)).rejects.toThrow(`cannot enter ${privateDir} (mode 700)`);
  });

  it('passes a path every folder of which others may enter', async () => {
    await expect(assertEnterableByOthers('/usr/bin', message)).resolves.toBeUndefined();
  });
});
