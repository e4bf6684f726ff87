/**
 * Import rules: the checked form of ARCHITECTURE.md's "Imports point down".
 * tests/architecture/import-rules.test.ts cruises app, server, worker, cli, scripts and bench
 * with these rules on every `npm test`; `npx depcruise app server worker cli scripts bench`
 * gives the same answer on the command line. Change a rule and that page together.
 */

// Node built-ins that reach the disk, the network, other processes or the host.
const IO_BUILTINS = '^(node:)?(fs|child_process|net|http|https|http2|dns|os|tls|dgram|cluster|worker_threads|readline|process)(/|$)';
// The libraries the pure core already uses: each computes, none does I/O.
const DOMAIN_LIBRARIES = '^node_modules/(zod|cron-parser|luxon|@types/luxon|yaml|liquidjs)/';
const TEST_FILE = '\\.test\\.tsx?$';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle has no bottom layer: split the shared part into a module both sides import.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-imports-only-domain',
      severity: 'error',
      comment: 'server/domain is the pure core: it imports nothing of the project but itself.',
      from: { path: '^server/domain/' },
      to: { pathNot: ['^server/domain/', '^node_modules/'], dependencyTypesNot: ['core'] },
    },
    {
      name: 'domain-uses-pure-libraries',
      severity: 'error',
      comment:
        'server/domain may use only libraries that compute (zod, cron-parser, luxon, yaml, liquidjs): ' +
        'no Prisma, pg, pg-boss, Next or React. Its tests may also use their test libraries.',
      from: { path: '^server/domain/', pathNot: TEST_FILE },
      to: { path: '^node_modules/', pathNot: DOMAIN_LIBRARIES },
    },
    {
      name: 'domain-does-no-io',
      severity: 'error',
      comment:
        'server/domain reads no file, socket, process or host. node:net is allowed in domain/egress only, ' +
        'for BlockList and isIP (address arithmetic, no sockets). Its tests may read fixtures.',
      from: { path: '^server/domain/', pathNot: TEST_FILE },
      to: { dependencyTypes: ['core'], path: IO_BUILTINS, pathNot: '^(node:)?net$' },
    },
    {
      name: 'domain-net-only-for-addresses',
      severity: 'error',
      comment: 'node:net in server/domain is for address checks (domain/egress) only.',
      from: { path: '^server/domain/', pathNot: ['^server/domain/egress/', TEST_FILE] },
      to: { dependencyTypes: ['core'], path: '^(node:)?net$' },
    },
    {
      name: 'services-do-not-import-callers',
      severity: 'error',
      comment:
        'server/services is called by tRPC, REST, the worker, the CLI and scripts; it never imports them ' +
        '(nor app/): a use case does not know who calls it.',
      from: { path: '^server/services/' },
      to: { path: '^(app|worker|cli|scripts|bench|tests|server/(trpc|rest))/' },
    },
    {
      name: 'infrastructure-does-not-import-use-cases',
      severity: 'error',
      comment:
        'db, queue, integrations, logging, tasks and env sit below services: they never import services, ' +
        'tRPC, REST or auth.',
      from: { path: '^server/(db/|queue/|integrations/|logging/|tasks/|env\\.ts$)' },
      to: { path: '^server/(services|trpc|rest|auth)/' },
    },
    {
      name: 'server-does-not-import-entry-points',
      severity: 'error',
      comment: 'server/ is the library every process loads; the processes and tools import it, never the reverse.',
      from: { path: '^server/' },
      to: { path: '^(app|worker|cli|scripts|bench|tests|prisma)/' },
    },
    {
      name: 'pages-go-through-trpc',
      severity: 'error',
      comment:
        'Pages and components read and write only through tRPC (and Auth.js); pure rules come from server/domain. ' +
        'A page never reaches a service, the database or the queue itself.',
      from: { path: '^app/', pathNot: '^app/api/' },
      to: { path: '^server/', pathNot: '^server/(trpc|auth|domain)/' },
    },
    {
      name: 'route-handlers-only-mount',
      severity: 'error',
      comment:
        'app/api/** mounts REST v1, tRPC and Auth.js: it may hand them the Prisma client and the logger, ' +
        'nothing else of server/.',
      from: { path: '^app/api/' },
      to: { path: '^server/', pathNot: ['^server/(trpc|rest|auth|domain|logging)/', '^server/db/client\\.ts$'] },
    },
    {
      name: 'nothing-imports-app',
      severity: 'error',
      comment: 'app/ is the top of the web process: nothing imports it.',
      from: { pathNot: '^app/' },
      to: { path: '^app/' },
    },
    {
      name: 'nothing-imports-worker',
      severity: 'error',
      comment:
        'worker/ holds the scheduler and worker processes: nothing imports them. Shared code lives in ' +
        'server/ (task types in server/tasks, so the CLI runs the same code).',
      from: { pathNot: '^worker/' },
      to: { path: '^worker/' },
    },
    {
      name: 'one-file-starts-processes',
      severity: 'error',
      comment:
        'Product code starts processes only through server/tasks/subprocess.ts (the task sandbox). ' +
        'scripts/, bench/, tests and cli/testing (test support) may spawn.',
      from: { path: '^(app|server|worker|cli)/', pathNot: ['^server/tasks/subprocess\\.ts$', '^cli/testing/'] },
      to: { dependencyTypes: ['core'], path: '^(node:)?child_process$' },
    },
  ],
  options: {
    // Type-only imports count: a type from Prisma in server/domain couples it as much as a value does.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: ['node_modules', '^server/db/generated/'] },
    exclude: { path: ['^\\.next', '^\\.data', '^\\.test-data'] },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    skipAnalysisNotInRules: true,
  },
};
