/**
 * `npm run build`: builds the web app when its build is missing or stale (the check itself is
 * web-build.ts, which `npm start` uses too). `npm test` runs it first (beside tsc), so the test
 * files that start the product never build at once.
 */
import { ensureWebBuild } from './web-build';

await ensureWebBuild((message) => process.stdout.write(`[tributary] ${message}\n`));
