// The Node.js check `npm start`, `npm test` and the CLI make before anything else. Plain
// JavaScript with no imports, so that it runs, and says what is wrong, on any Node.js: on an
// older one the product would start and then fail on every page (`URLPattern is not defined`).

export const REQUIRED = { major: 22, minor: 12 };

/** The sentence to stop with, or null when `version` (as process.versions.node) will do. */
export function nodeVersionProblem(version) {
  const [major, minor] = version.split('.').map(Number);
  if (major > REQUIRED.major || (major === REQUIRED.major && minor >= REQUIRED.minor)) return null;
  return (
    `Tributary needs Node.js ${REQUIRED.major}.${REQUIRED.minor} or newer (24 recommended, see .nvmrc); this is Node.js ${version}. ` +
    'Install Node.js 24 (https://nodejs.org, or `nvm install 24`) and run the command again.'
  );
}

// Run (`node scripts/node-version.mjs`) or imported first (cli/bin.mjs), it stops a wrong Node.js here.
const problem = nodeVersionProblem(process.versions.node);
if (problem) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
