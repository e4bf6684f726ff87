import { z } from 'zod';
import { apiPath } from '../api-client';
import { CliError } from '../cli-error';
import { formatTable } from '../output';
import { connect, type TServerCommandOptions } from './connect';

const ZDatasetSchema = z.looseObject({
  id: z.string(), dataset: z.string(), conn_id: z.string(), name: z.string(),
  namespace: z.string().nullable(), ol_name: z.string().nullable(),
  description: z.string().nullable(), owner: z.string().nullable(), tags: z.array(z.string()),
});
const ZDatasetListSchema = z.looseObject({ datasets: z.array(ZDatasetSchema), total_entries: z.number() });
const ZTaskRefSchema = z.looseObject({ dag_id: z.string(), task_id: z.string(), source: z.string() });
const ZDatasetDetailSchema = ZDatasetSchema.extend({ producers: z.array(ZTaskRefSchema), consumers: z.array(ZTaskRefSchema) });
const ZLineageSchema = z.looseObject({
  nodes: z.array(z.looseObject({ id: z.string(), kind: z.string(), name: z.string().optional(), conn_id: z.string().optional(), depth: z.number().optional() })),
  edges: z.array(z.looseObject({ from: z.string(), to: z.string(), sources: z.array(z.string()) })),
});

type TListOptions = TServerCommandOptions & { q?: string; conn?: string; limit: number };
type TLineageOptions = TServerCommandOptions & { direction: string; depth: number };

/** `datasets list`: the workspace's datasets by connection and name. */
export async function datasetsList(options: TListOptions): Promise<number> {
  const { api, out } = connect(options);
  const page = await api.request('GET', apiPath`/datasets`, ZDatasetListSchema, { query: { q: options.q, conn_id: options.conn, limit: options.limit } });
  out.result(page, () => {
    if (page.datasets.length === 0) return out.say('No datasets match.');
    out.say(formatTable(['id', 'dataset', 'owner', 'tags'], page.datasets.map((dataset) => [dataset.id, dataset.dataset, dataset.owner ?? '', dataset.tags.join(', ')])));
    if (page.total_entries > page.datasets.length) out.say(`(${page.datasets.length} of ${page.total_entries} datasets; use --limit for more)`);
  });
  return 0;
}

/** A file's or an API's dataset by its URI, as the list shows it. */
async function resolveUriDataset(api: ReturnType<typeof connect>['api'], uri: string): Promise<string> {
  const page = await api.request('GET', apiPath`/datasets`, ZDatasetListSchema, { query: { q: uri.split('/').at(-1) ?? uri, limit: 1000 } });
  const found = page.datasets.find((dataset) => dataset.dataset === uri);
  if (!found) throw new CliError(`No dataset ${uri} in this workspace: see \`tributary datasets list\`.`);
  return found.id;
}

/**
 * A dataset's id from what a user types: the id itself, a file's or API's URI, or the short form `conn_id.schema.table`
 * (`conn_id.table` is in public, as specs read it), looked up through the list.
 */
async function resolveDatasetId(api: ReturnType<typeof connect>['api'], text: string): Promise<string> {
  if (text.includes('://')) return resolveUriDataset(api, text);
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  const connId = text.slice(0, dot);
  const table = text.slice(dot + 1);
  const wanted = `${connId}.${table.includes('.') ? table : `public.${table}`}`;
  const page = await api.request('GET', apiPath`/datasets`, ZDatasetListSchema, { query: { q: table.split('.').at(-1), conn_id: connId, limit: 1000 } });
  const found = page.datasets.find((dataset) => dataset.dataset === wanted);
  if (!found) throw new CliError(`No dataset ${wanted} in this workspace: see \`tributary datasets list --conn ${connId}\`.`);
  return found.id;
}

/** `datasets show <id|conn.schema.table>`: one dataset, its owner and the tasks that write and read it. */
export async function datasetsShow(idOrName: string, options: TServerCommandOptions): Promise<number> {
  const { api, out } = connect(options);
  const id = await resolveDatasetId(api, idOrName);
  const dataset = await api.request('GET', apiPath`/datasets/${id}`, ZDatasetDetailSchema);
  out.result(dataset, () => {
    const refs = (list: z.output<typeof ZTaskRefSchema>[]) => (list.length === 0 ? 'none' : list.map((ref) => `${ref.dag_id}.${ref.task_id} (${ref.source})`).join(', '));
    out.say(`${dataset.dataset}  (${dataset.id})`);
    out.say(`OpenLineage: ${dataset.namespace && dataset.ol_name ? `${dataset.namespace} ${dataset.ol_name}` : 'not named (no postgres connection)'}`);
    out.say(`Owner: ${dataset.owner ?? '—'}    Tags: ${dataset.tags.join(', ') || '—'}`);
    out.say(`Written by: ${refs(dataset.producers)}`);
    out.say(`Read by: ${refs(dataset.consumers)}`);
    if (dataset.description) out.say(`\n${dataset.description}`);
  });
  return 0;
}

/** `datasets lineage <id>`: the datasets and tasks around one, as edges. */
export async function datasetsLineage(idOrName: string, options: TLineageOptions): Promise<number> {
  const { api, out } = connect(options);
  const id = await resolveDatasetId(api, idOrName);
  const lineage = await api.request('GET', apiPath`/datasets/${id}/lineage`, ZLineageSchema, { query: { direction: options.direction, depth: options.depth } });
  out.result(lineage, () => {
    const label = new Map(lineage.nodes.map((node) => [node.id, node.kind === 'dataset' ? `${node.conn_id}.${node.name}` : node.id.replace(/^task:/, 'task ')]));
    if (lineage.edges.length === 0) return out.say('No task reads or writes it.');
    out.say(formatTable(['from', 'to', 'source'], lineage.edges.map((edge) => [label.get(edge.from) ?? edge.from, label.get(edge.to) ?? edge.to, edge.sources.join('+')])));
  });
  return 0;
}
