/**
 * The impact view as CSV (RFC 4180): one row per downstream dataset or task, for a spreadsheet
 * to sort by owner. Pure: the rows come in, text goes out.
 */

export type TImpactRow = {
  depth: number;
  kind: 'dataset' | 'task';
  /** conn_id.schema.table for a dataset, dag_id.task_id for a task. */
  name: string;
  datasetId: string | null;
  dagId: string | null;
  taskId: string | null;
  /** The dataset's owner, or the task's DAG's owner. */
  owner: string | null;
};

export const IMPACT_CSV_COLUMNS = ['depth', 'kind', 'name', 'dag_id', 'task_id', 'dataset_id', 'owner'] as const;

/**
 * Quotes a field when it holds a comma, quote or line break. A field a spreadsheet would run as
 * a formula (=, +, -, @ first) is prefixed with a quote: names and owners are user-written.
 */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? String(value) : /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function impactCsv(rows: readonly TImpactRow[]): string {
  const lines = rows.map((row) => [row.depth, row.kind, row.name, row.dagId, row.taskId, row.datasetId, row.owner].map(csvField).join(','));
  return `${[IMPACT_CSV_COLUMNS.join(','), ...lines].join('\r\n')}\r\n`;
}
