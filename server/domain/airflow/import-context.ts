import type { TImportReportEntry } from './airflow-description';
import { isUnmapped, type TMapped } from './airflow-values';

/** The file being converted and its report, which every mapping step writes to. */
export type TImportContext = {
  file: string;
  report: TImportReportEntry[];
};

export function report(ctx: TImportContext, entry: Omit<TImportReportEntry, 'file'>): void {
  ctx.report.push({ file: ctx.file, ...entry });
}

/**
 * Sets `target[field]` from a mapped value, or reports the argument as not converted at its
 * line (the task or DAG is still converted without it).
 */
export function assign<T>(ctx: TImportContext, target: Record<string, unknown>, field: string, result: TMapped<T>, subject: string, fallbackLine: number): void {
  if (!isUnmapped(result)) {
    target[field] = result.value;
    return;
  }
  report(ctx, { line: result.line ?? fallbackLine, status: 'not_converted', subject: `${subject}: ${field}`, message: result.unmapped });
}
