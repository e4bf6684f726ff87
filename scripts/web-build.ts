import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { ROOT } from './migrate';

// What the production web build is made from; a change to any of it calls for a new build.
const INPUTS = ['app', 'server', 'next.config.ts', 'tsconfig.json', 'package-lock.json', 'prisma/schema.prisma'];
const DIST_DIR = path.join(ROOT, process.env.NEXT_DIST_DIR ?? '.next');
const STAMP = path.join(DIST_DIR, 'tributary-build-stamp');

/** Builds the Next.js app when there is no build, or when its sources changed since the last one. */
export async function ensureWebBuild(say: (message: string) => void): Promise<void> {
  const stamp = sourceStamp();
  const built = existsSync(path.join(DIST_DIR, 'BUILD_ID')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === stamp;
  if (built) return;
  say('building the web app (first start, or its sources changed; about a minute)');
  await new Promise<void>((resolve, reject) => {
    const nextBin = createRequire(import.meta.url).resolve('next/dist/bin/next');
    const child = spawn(process.execPath, [nextBin, 'build'], {
      cwd: ROOT,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`next build failed (exit ${code})`))));
  });
  writeFileSync(STAMP, stamp);
}

/** Paths, sizes and modification times of every input file: cheap, and changes with any edit. */
function sourceStamp(): string {
  const hash = createHash('sha256');
  const visit = (relative: string) => {
    const full = path.join(ROOT, relative);
    if (!existsSync(full)) return;
    const stat = statSync(full);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(full).sort()) visit(path.join(relative, entry));
    } else if (!relative.endsWith('.test.ts')) {
      hash.update(`${relative}\0${stat.size}\0${stat.mtimeMs}\n`);
    }
  };
  INPUTS.forEach(visit);
  return hash.digest('hex');
}
