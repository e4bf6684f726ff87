/**
 * The name users write and read for a dataset: `conn_id.schema.table` for a table, the URI
 * itself for a file or an API (stored with an empty conn_id: it has no connection).
 */
export function datasetShortForm(dataset: { connId: string; name: string }): string {
  return dataset.connId === '' ? dataset.name : `${dataset.connId}.${dataset.name}`;
}
