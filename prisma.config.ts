import { defineConfig } from 'prisma/config';

// `prisma generate` (run on install) needs no database, so DATABASE_URL may be absent then;
// every command that does touch a database goes through scripts/prisma.mjs, which sets it.
export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://localhost:5432/tributary' },
});
