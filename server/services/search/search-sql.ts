import { Prisma } from '../../db/client';
import type { TSearchField } from '../../domain/search/rank-hits';
import type { TSearchKind, TSearchQuery } from '../../domain/search/search-query';
import { datasetShortFormSql } from '../catalog/dataset-view';

const SHORT_FORM = datasetShortFormSql('d');

/** One candidate row; every kind's query selects these columns in this order. */
export type TSearchRow = {
  kind: TSearchKind;
  id: string;
  title: string;
  detail: string | null;
  field: TSearchField;
  text: string;
  score: number;
  datasetId: string | null;
  dagId: string | null;
  incidentId: string | null;
  tags: string[];
};

export type TSearchSqlInput = { workspaceId: string; query: TSearchQuery; tag: string | undefined; limit: number };

/** Where near spellings of a name are looked for: by default the name itself and the text as typed. */
type TNearSpelling = { column: Prisma.Sql; text: string };

/**
 * How well a name matches, 0..1: the exact name 1, a substring by how much of the name it
 * covers (0.5..1), a near spelling (pg_trgm's word_similarity, above its 0.6 threshold) half
 * its similarity. The conditions are those the trigram GIN indexes serve: ILIKE and `<%`.
 */
function nameMatch(column: Prisma.Sql, input: TSearchSqlInput, near?: TNearSpelling): { where: Prisma.Sql; substring: Prisma.Sql; nearSpelling: Prisma.Sql; score: Prisma.Sql } {
  const { nameText, likePattern } = input.query;
  const { column: nearColumn, text: nearText } = near ?? { column, text: nameText };
  const substring = Prisma.sql`${column} ilike ${likePattern}`;
  const nearSpelling = Prisma.sql`${nearText} <% ${nearColumn}`;
  return {
    where: Prisma.sql`(${substring} or ${nearSpelling})`,
    substring,
    nearSpelling,
    score: Prisma.sql`(case when lower(${column}) = ${nameText} then 1.0
      when ${column} ilike ${likePattern} then 0.5 + 0.5 * length(${nameText})::float8 / greatest(length(${column}), 1)
      else 0.5 * word_similarity(${nearText}, ${nearColumn}) end)::float8`,
  };
}

/**
 * A dataset name's table part, exactly as the migration's dataset_table_part_idx indexes it (or
 * the planner ignores the index); domain/search/search-query.ts cuts the search text alike.
 */
const TABLE_PART_SQL = Prisma.sql`regexp_replace(d."name", '^[^/]*\\.', '')`;

/**
 * The name conditions of a large table (datasets; columns through their distinct names) as two
 * queries: substrings, and near spellings only when no name in the workspace holds the text as typed. Checking word similarity
 * is the costly part (every name sharing a common word such as `public` or `id` is a candidate),
 * and a typo is what it is for; the uncorrelated NOT EXISTS is evaluated once, and when it is
 * false PostgreSQL skips the second scan altogether.
 */
function gatedNameQueries(name: ReturnType<typeof nameMatch>, select: Prisma.Sql, anySubstring: Prisma.Sql): Prisma.Sql[] {
  return [
    Prisma.sql`${select} and ${name.substring}`,
    Prisma.sql`${select} and ${name.nearSpelling} and not (${name.substring}) and not exists (${anySubstring})`,
  ];
}

/** The same expressions as the migration's full-text indexes, or the planner ignores them. */
const DATASET_TEXT = Prisma.sql`to_tsvector('simple', coalesce(d."description", '') || ' ' || coalesce(d."owner", ''))`;
const DAG_TEXT = Prisma.sql`to_tsvector('simple', coalesce(g."description", '') || ' ' || coalesce(g."owner", ''))`;
const POSTMORTEM_TEXT = Prisma.sql`to_tsvector('simple', p."markdown")`;

/** A tag matches when it is the text as typed or one of its words (array overlap: no per-row string work). */
const tagWords = (tags: Prisma.Sql, input: TSearchSqlInput) => Prisma.sql`${tags} && ${[input.query.text, ...input.query.terms]}::text[]`;

const tagFilter = (tags: Prisma.Sql, tag: string | undefined) => (tag === undefined ? Prisma.empty : Prisma.sql`and ${tag} = any(${tags})`);

function datasetQueries(input: TSearchSqlInput): Prisma.Sql[] {
  const name = nameMatch(Prisma.sql`d."name"`, input, { column: TABLE_PART_SQL, text: input.query.tableText });
  const select = (field: Prisma.Sql, text: Prisma.Sql, score: Prisma.Sql) => Prisma.sql`
    select 'dataset' as kind, d.id, ${SHORT_FORM} as title, d."owner" as detail, ${field} as field, ${text} as text,
      ${score} as score, d.id as "datasetId", null::text as "dagId", null::text as "incidentId", d.tags
    from "dataset" d where d."workspaceId" = ${input.workspaceId} ${tagFilter(Prisma.sql`d.tags`, input.tag)}`;
  const queries = [
    ...gatedNameQueries(
      name,
      select(Prisma.sql`'name'`, SHORT_FORM, name.score),
      Prisma.sql`select 1 from "dataset" x where x."workspaceId" = ${input.workspaceId} and x."name" ilike ${input.query.likePattern}`,
    ),
    Prisma.sql`${select(Prisma.sql`'tag'`, Prisma.sql`array_to_string(d.tags, ' ')`, Prisma.sql`0.5::float8`)} and ${tagWords(Prisma.sql`d.tags`, input)}`,
  ];
  if (input.query.tsQuery !== null) {
    const tsQuery = Prisma.sql`to_tsquery('simple', ${input.query.tsQuery})`;
    const inDescription = Prisma.sql`to_tsvector('simple', coalesce(d."description", '')) @@ ${tsQuery}`;
    queries.push(Prisma.sql`${select(
      Prisma.sql`case when ${inDescription} then 'description' else 'owner' end`,
      Prisma.sql`case when ${inDescription} then d."description" else d."owner" end`,
      Prisma.sql`ts_rank(${DATASET_TEXT}, ${tsQuery})::float8`,
    )} and ${DATASET_TEXT} @@ ${tsQuery}`);
  }
  return queries;
}

/** Candidate column names per search, before joining back to columns: room for names whose columns a tag filter drops. */
const COLUMN_NAMES_PER_SEARCH = 100;

/**
 * Columns match by name over the workspace's distinct column names (dataset_column_name: tens
 * of names where there are hundreds of thousands of columns), best names first, then each
 * name's columns by the (workspaceId, name) index. A column's score is its name's, so the
 * columns of one name tie; they come in dataset id order.
 */
function columnQueries(input: TSearchSqlInput): Prisma.Sql[] {
  const name = nameMatch(Prisma.sql`n."name"`, input);
  const names = (condition: Prisma.Sql) => Prisma.sql`
    select n."name", ${name.score} as score from "dataset_column_name" n
    where n."workspaceId" = ${input.workspaceId} and ${condition}
    order by score desc, n."name" limit ${COLUMN_NAMES_PER_SEARCH}`;
  const anySubstring = Prisma.sql`select 1 from "dataset_column_name" x where x."workspaceId" = ${input.workspaceId} and x."name" ilike ${input.query.likePattern}`;
  const columns = (matched: Prisma.Sql) => Prisma.sql`
    select 'column' as kind, c."datasetId" || ':' || c."name" as id, c."name" as title,
      ${SHORT_FORM} || ' · ' || c."dataType" as detail, 'column' as field, c."name" as text,
      n.score, d.id as "datasetId", null::text as "dagId", null::text as "incidentId", d.tags
    from (${matched}) n cross join lateral (
      select c."datasetId", c."name", c."dataType" from "dataset_column" c join "dataset" d on d.id = c."datasetId"
      where c."workspaceId" = ${input.workspaceId} and c."name" = n."name" ${tagFilter(Prisma.sql`d.tags`, input.tag)}
      order by c."datasetId" limit ${input.limit}
    ) c join "dataset" d on d.id = c."datasetId"`;
  return [
    columns(names(name.substring)),
    columns(names(Prisma.sql`${name.nearSpelling} and not (${name.substring}) and not exists (${anySubstring})`)),
  ];
}

function dagQueries(input: TSearchSqlInput): Prisma.Sql[] {
  const name = nameMatch(Prisma.sql`g."dagId"`, input);
  const select = (field: Prisma.Sql, text: Prisma.Sql, score: Prisma.Sql) => Prisma.sql`
    select 'dag' as kind, g.id, g."dagId" as title, g."owner" as detail, ${field} as field, ${text} as text,
      ${score} as score, null::text as "datasetId", g."dagId", null::text as "incidentId", g.tags
    from "dag" g where g."workspaceId" = ${input.workspaceId} ${tagFilter(Prisma.sql`g.tags`, input.tag)}`;
  const queries = [
    Prisma.sql`${select(Prisma.sql`'name'`, Prisma.sql`g."dagId"`, name.score)} and ${name.where}`,
    Prisma.sql`${select(Prisma.sql`'tag'`, Prisma.sql`array_to_string(g.tags, ' ')`, Prisma.sql`0.5::float8`)} and ${tagWords(Prisma.sql`g.tags`, input)}`,
  ];
  if (input.query.tsQuery !== null) {
    const tsQuery = Prisma.sql`to_tsquery('simple', ${input.query.tsQuery})`;
    const inDescription = Prisma.sql`to_tsvector('simple', coalesce(g."description", '')) @@ ${tsQuery}`;
    queries.push(Prisma.sql`${select(
      Prisma.sql`case when ${inDescription} then 'description' else 'owner' end`,
      Prisma.sql`case when ${inDescription} then g."description" else g."owner" end`,
      Prisma.sql`ts_rank(${DAG_TEXT}, ${tsQuery})::float8`,
    )} and ${DAG_TEXT} @@ ${tsQuery}`);
  }
  return queries;
}

/** Task ids of each DAG's current version, read from its stored spec. */
function taskQuery(input: TSearchSqlInput): Prisma.Sql {
  const taskId = Prisma.sql`(t.task->>'task_id')`;
  const name = nameMatch(taskId, input);
  return Prisma.sql`
    select 'task' as kind, g."dagId" || '.' || ${taskId} as id, ${taskId} as title, g."dagId" as detail, 'task_id' as field,
      ${taskId} as text, ${name.score} as score, null::text as "datasetId", g."dagId", null::text as "incidentId", g.tags
    from "dag" g join "dag_version" v on v.id = g."currentVersionId"
      cross join lateral jsonb_array_elements(v.spec->'tasks') as t(task)
    where g."workspaceId" = ${input.workspaceId} and ${name.where} ${tagFilter(Prisma.sql`g.tags`, input.tag)}`;
}

function incidentQueries(input: TSearchSqlInput, kinds: ReadonlySet<TSearchKind>): Prisma.Sql[] {
  const select = (kind: TSearchKind, field: Prisma.Sql, text: Prisma.Sql, score: Prisma.Sql) => Prisma.sql`
    select ${kind} as kind, i.id, i.title, g."dagId" || ' · ' || i.state as detail, ${field} as field, ${text} as text,
      ${score} as score, null::text as "datasetId", g."dagId", i.id as "incidentId", g.tags
    from "incident" i join "dag" g on g.id = i."dagPk"`;
  const scope = Prisma.sql`i."workspaceId" = ${input.workspaceId} ${tagFilter(Prisma.sql`g.tags`, input.tag)}`;
  const tsQuery = input.query.tsQuery === null ? null : Prisma.sql`to_tsquery('simple', ${input.query.tsQuery})`;
  const queries: Prisma.Sql[] = [];
  if (kinds.has('incident')) {
    const name = nameMatch(Prisma.sql`i.title`, input);
    const words = tsQuery === null ? Prisma.empty : Prisma.sql`or to_tsvector('simple', i.title) @@ ${tsQuery}`;
    queries.push(Prisma.sql`${select('incident', Prisma.sql`'title'`, Prisma.sql`i.title`, name.score)} where ${scope} and (${name.where} ${words})`);
  }
  if (kinds.has('postmortem') && tsQuery !== null) {
    queries.push(Prisma.sql`${select('postmortem', Prisma.sql`'postmortem'`, Prisma.sql`p."markdown"`, Prisma.sql`ts_rank(${POSTMORTEM_TEXT}, ${tsQuery})::float8`)}
      join "postmortem" p on p."incidentId" = i.id where ${scope} and ${POSTMORTEM_TEXT} @@ ${tsQuery}`);
  }
  return queries;
}

/** One statement: each kind's candidates, best `limit` of each, for the caller's workspace only. */
export function searchSql(input: TSearchSqlInput, kinds: ReadonlySet<TSearchKind>): Prisma.Sql | null {
  const queries = [
    ...(kinds.has('dataset') ? datasetQueries(input) : []),
    ...(kinds.has('column') ? columnQueries(input) : []),
    ...(kinds.has('dag') ? dagQueries(input) : []),
    ...(kinds.has('task') ? [taskQuery(input)] : []),
    ...incidentQueries(input, kinds),
  ];
  if (queries.length === 0) return null;
  const limited = queries.map((query) => Prisma.sql`(select * from (${query}) candidate order by score desc, title limit ${input.limit})`);
  return Prisma.join(limited, ' union all ');
}
