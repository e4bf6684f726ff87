import { z } from 'zod';
import { apiPath } from '../api-client';
import { formatTable } from '../output';
import { connect, type TServerCommandOptions } from './connect';

const ZSearchHitSchema = z.looseObject({
  kind: z.string(),
  id: z.string(),
  title: z.string(),
  detail: z.string().nullable(),
  matched_field: z.string(),
  match: z.object({ text: z.string(), ranges: z.array(z.tuple([z.number(), z.number()])) }),
  dataset_id: z.string().nullable(),
  dag_id: z.string().nullable(),
  incident_id: z.string().nullable(),
});
const ZSearchResultSchema = z.looseObject({ hits: z.array(ZSearchHitSchema) });
type TSearchHitView = z.output<typeof ZSearchHitSchema>;

type TSearchOptions = TServerCommandOptions & { kind?: string; tag?: string; limit: number };

/** `search <q>`: the workspace's datasets, columns, DAGs, tasks, incidents and post-mortems, best first. */
export async function search(q: string, options: TSearchOptions): Promise<number> {
  const { api, out } = connect(options);
  const result = await api.request('GET', apiPath`/search`, ZSearchResultSchema, { query: { q, kind: options.kind, tag: options.tag, limit: options.limit } });
  out.result(result, () => {
    if (result.hits.length === 0) return out.say(`Nothing matches "${q}".`);
    const emphasise = process.stdout.isTTY === true;
    const rows = result.hits.map((hit) => [hit.kind, hit.title, hit.detail ?? '', `${hit.matched_field}: ${marked(hit, emphasise)}`]);
    out.say(formatTable(['kind', 'title', 'where', 'matched'], rows));
  });
  return 0;
}

/** The matched text, its matches in bold on a terminal (plain text in a pipe). */
function marked(hit: TSearchHitView, emphasise: boolean): string {
  if (!emphasise) return hit.match.text;
  let out = '';
  let at = 0;
  for (const [from, to] of hit.match.ranges) {
    out += `${hit.match.text.slice(at, from)}\u001b[1m${hit.match.text.slice(from, to)}\u001b[22m`;
    at = to;
  }
  return out + hit.match.text.slice(at);
}
