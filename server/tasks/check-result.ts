/** One check of a `check` task, as its output and the catalog's quality history carry it (whatever the engine). */
export type TCheckResult = { check: string; passed: boolean; observed: number; expected: string };
