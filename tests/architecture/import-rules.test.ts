import path from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

// The import rules of ARCHITECTURE.md ("Imports point down"), checked on every `npm test`.
// The rules themselves, each with its reason, are in .dependency-cruiser.cjs.
const ROOT = path.resolve(import.meta.dirname, '../..');
const AREAS = ['app', 'server', 'worker', 'cli', 'scripts', 'bench'];

let result: ICruiseResult;

beforeAll(async () => {
  const options = await extractDepcruiseOptions(path.join(ROOT, '.dependency-cruiser.cjs'));
  const tsConfigFile = path.join(ROOT, 'tsconfig.json');
  const output = await cruise(AREAS, { ...options, baseDir: ROOT, tsConfig: { fileName: tsConfigFile } }, {}, { tsConfig: extractTSConfig(tsConfigFile) });
  if (typeof output.output === 'string') throw new Error('dependency-cruiser returned a report instead of a cruise result');
  result = output.output;
}, 60_000);

function describeViolation(violation: IViolation): string {
  const via = violation.cycle?.length ? ` (cycle: ${[violation.from, ...violation.cycle.map((step) => step.name)].join(' → ')})` : '';
  return `${violation.rule.name}: ${violation.from} → ${violation.to}${via}`;
}

describe('import rules', () => {
  it('every import of app, server, worker, cli, scripts and bench follows .dependency-cruiser.cjs', () => {
    const violations = result.summary.violations.map(describeViolation);
    expect(violations, `import rules broken (rule: from → to):\n${violations.join('\n')}\n`).toEqual([]);
  });

  it("sees every import of the project's own files (an import it cannot resolve is one no rule can judge)", () => {
    const unresolved = result.modules.flatMap((module) =>
      module.dependencies.filter((dependency) => dependency.couldNotResolve && /^(\.|@\/)/.test(dependency.module)).map((dependency) => `${module.source} → ${dependency.module}`),
    );
    expect(unresolved).toEqual([]);
    // The `@/` alias of tsconfig.json resolves: pages reach tRPC through it.
    const aliased = result.modules.some((module) => module.source.startsWith('app/') && module.dependencies.some((dependency) => dependency.module.startsWith('@/server/') && dependency.resolved.startsWith('server/')));
    expect(aliased).toBe(true);
  });
});
