import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { nodeVersionProblem } from './node-version.mjs';

describe('the Node.js check', () => {
  it.each(['22.12.0', '22.20.1', '24.21.0', '25.0.0'])('lets Node.js %s through', (version) => {
    expect(nodeVersionProblem(version)).toBeNull();
  });

  it.each(['20.20.2', '22.11.0', '18.19.1'])('stops Node.js %s with the version needed and how to get it', (version) => {
    expect(nodeVersionProblem(version)).toBe(
      `Tributary needs Node.js 22.12 or newer (24 recommended, see .nvmrc); this is Node.js ${version}. ` +
        'Install Node.js 24 (https://nodejs.org, or `nvm install 24`) and run the command again.',
    );
  });

  it('passes quietly on this Node.js, as `npm start` and `npm test` run it', () => {
    const result = spawnSync(process.execPath, ['scripts/node-version.mjs'], { encoding: 'utf8' });
    expect([result.status, result.stderr]).toEqual([0, '']);
  });

  // Debian's own Node.js 20, which these machines ship, is what a user on an old machine has.
  it.runIf(existsSync('/usr/bin/node') && spawnSync('/usr/bin/node', ['--version'], { encoding: 'utf8' }).stdout.startsWith('v20'))(
    'stops Node.js 20 with one sentence and exit code 1, for the CLI too',
    () => {
      for (const args of [['scripts/node-version.mjs'], ['cli/bin.mjs', '--help']]) {
        const result = spawnSync('/usr/bin/node', args, { encoding: 'utf8' });
        expect(result.status).toBe(1);
        expect(result.stderr).toMatch(/^Tributary needs Node.js 22.12 or newer .* this is Node.js 20\.\d+\.\d+\. Install Node.js 24/);
      }
    },
  );
});
