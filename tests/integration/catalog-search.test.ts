import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { runCli } from '../../cli/testing/run-cli';
import { startRestFixture, type TRestFixture } from '../support/rest-fixture';
import { tokenFor } from '../support/rest-client';
import { startRestServer } from '../support/rest-server';

type THit = {
  kind: string;
  id: string;
  title: string;
  matched_field: string;
  match: { text: string; ranges: Array<[number, number]> };
  dataset_id: string | null;
  dag_id: string | null;
  incident_id: string | null;
};

const sqlTask = (taskId: string, sql: string) => `
  - task_id: ${taskId}
    type: sql
    conn_id: warehouse
    sql: "${sql}"`;

/** The matched text with its highlighted ranges in brackets: `public.[course]_[summary]`. */
const marked = (hit: THit) => {
  let out = '';
  let at = 0;
  for (const [from, to] of hit.match.ranges) {
    out += `${hit.match.text.slice(at, from)}[${hit.match.text.slice(from, to)}]`;
    at = to;
  }
  return out + hit.match.text.slice(at);
};

/** Catalog search over PostgreSQL full text and pg_trgm, through REST. */
describe('catalog search', () => {
  let rest: TRestFixture;

  const search = async (query: string, client: 'viewer' | 'stranger' = 'viewer') => {
    const response = await rest[client]('GET', `/search?${query}`);
    expect(response.status, response.text).toBe(200);
    return response.body.hits as THit[];
  };
  const datasetIdOf = async (workspaceId: string, name: string) =>
    (await rest.database.db.dataset.findFirstOrThrow({ where: { workspaceId, name }, select: { id: true } })).id;

  beforeAll(async () => {
    rest = await startRestFixture('catalog_search');
    const db = rest.database.db;
    await db.connection.create({ data: { workspaceId: rest.workspaceId, connId: 'warehouse', connType: 'postgres', host: 'db.internal', port: 5432, schema: 'analytics' } });
    const deploy = (source: string) => deployDag(systemContext(db, rest.workspaceId, 'test'), { source });
    await deploy(`dag_id: courses_nightly\ndescription: Builds the course tables\ntags: [education]\ntasks:${sqlTask('summarise_enrolments', 'insert into course_summary select * from courses')}${sqlTask('publish_grades', 'insert into grades select 1')}\n`);
    await deploy(`dag_id: finance\ntags: [money]\ntasks:${sqlTask('build_revenue', 'insert into revenue select * from invoices')}\n`);

    await db.dataset.updateMany({ where: { workspaceId: rest.workspaceId, name: 'public.invoices' }, data: { description: 'Every invoice sent, with its **revenue** split by region', tags: ['money'] } });
    await db.dataset.updateMany({ where: { workspaceId: rest.workspaceId, name: 'public.course_summary' }, data: { description: 'Enrolment counts per course and term', owner: 'teaching-team@example.com', tags: ['education'] } });
    const summaryId = await datasetIdOf(rest.workspaceId, 'public.course_summary');
    await db.datasetColumn.createMany({
      data: [
        { datasetId: summaryId, workspaceId: rest.workspaceId, name: 'enrolment_count', ordinal: 1, dataType: 'bigint', nullable: false },
        { datasetId: summaryId, workspaceId: rest.workspaceId, name: 'term_code', ordinal: 2, dataType: 'text', nullable: true },
      ],
    });
    const finance = await db.dag.findFirstOrThrow({ where: { workspaceId: rest.workspaceId, dagId: 'finance' } });
    const incident = await db.incident.create({ data: { workspaceId: rest.workspaceId, dagPk: finance.id, title: 'finance failed: build_revenue ran out of memory', openedAt: new Date() } });
    await db.postmortem.create({ data: { incidentId: incident.id, markdown: '## What happened\n\nThe warehouse vacuum blocked the nightly load for an hour.' } });

    // Another workspace with a same-named dataset, a column and a DAG: never in our results.
    const other = rest.otherWorkspaceId;
    const stranger = await db.dataset.create({
      data: { workspaceId: other, connId: 'warehouse', key: 'conn:warehouse/public.course_summary', name: 'public.course_summary', description: 'Secret ledger of course revenue' },
    });
    await db.datasetColumn.create({ data: { datasetId: stranger.id, workspaceId: other, name: 'enrolment_secret', ordinal: 1, dataType: 'text', nullable: true } });
    await db.dataset.create({ data: { workspaceId: other, connId: 'vault', key: 'conn:vault/public.hidden_ledger', name: 'public.hidden_ledger', description: 'Enrolment ledger' } });
  });
  afterAll(async () => {
    await rest.close();
  });

  it('finds a dataset by a word of its description, with the word highlighted', async () => {
    const hits = await search('q=enrolment&kind=dataset');
    expect(hits.map((hit) => [hit.title, hit.matched_field, marked(hit)])).toEqual([
      ['warehouse.public.course_summary', 'description', '[Enrolment] counts per course and term'],
    ]);
  });

  it('finds a misspelt name and a partial one', async () => {
    const [misspelt] = await search('q=cours_sumary&kind=dataset');
    expect([misspelt?.title, misspelt?.matched_field, misspelt && marked(misspelt)]).toEqual(['warehouse.public.course_summary', 'name', 'warehouse.public.[course]_[summary]']);
    const partial = await search('q=course_sum&kind=dataset');
    expect(partial.map((hit) => marked(hit))).toEqual(['warehouse.public.[course_sum]mary']);
    expect((await search('q=warehouse.public.course_summary&kind=dataset'))[0]?.title).toBe('warehouse.public.course_summary');
  });

  it('finds a column by its name, pointing at its dataset', async () => {
    const hits = await search('q=enrolment_cnt&kind=column');
    expect(hits.map((hit) => [hit.kind, hit.title, hit.dataset_id])).toEqual([['column', 'enrolment_count', await datasetIdOf(rest.workspaceId, 'public.course_summary')]]);
  });

  it("finds a DAG by a task id of its current version, and the DAG's own fields", async () => {
    const hits = await search('q=summarise_enrolments');
    expect(hits.filter((hit) => hit.kind === 'task').map((hit) => [hit.title, hit.dag_id, marked(hit)])).toEqual([
      ['summarise_enrolments', 'courses_nightly', '[summarise_enrolments]'],
    ]);
    expect((await search('q=course tables&kind=dag')).map((hit) => [hit.title, hit.matched_field])).toEqual([['courses_nightly', 'description']]);
  });

  it('finds an incident by its title and a post-mortem by its body', async () => {
    const incidents = await search('q=out of memory&kind=incident');
    expect(incidents.map((hit) => [hit.title, hit.dag_id])).toEqual([['finance failed: build_revenue ran out of memory', 'finance']]);
    const postmortems = await search('q=vacuum&kind=postmortem');
    expect(postmortems.map((hit) => [hit.incident_id, marked(hit)])).toEqual([[incidents[0]!.incident_id, '## What happened The warehouse [vacuum] blocked the nightly load for an hour.']]);
  });

  it('ranks name matches above description matches', async () => {
    const hits = await search('q=revenue&kind=dataset');
    expect(hits.map((hit) => [hit.title, hit.matched_field])).toEqual([
      ['warehouse.public.revenue', 'name'],
      ['warehouse.public.invoices', 'description'],
    ]);
  });

  it('filters by kind and by the tag of the dataset or DAG', async () => {
    const all = await search('q=revenue');
    expect(new Set(all.map((hit) => hit.kind))).toEqual(new Set(['dataset', 'task', 'incident']));
    expect((await search('q=revenue&kind=task,incident')).map((hit) => hit.kind).sort()).toEqual(['incident', 'task']);
    expect((await search('q=revenue&kind=dataset&tag=money')).map((hit) => hit.title)).toEqual(['warehouse.public.invoices']);
    expect((await search('q=course&tag=education')).map((hit) => `${hit.kind}:${hit.title}`).sort()).toEqual([
      'dag:courses_nightly', 'dataset:warehouse.public.course_summary',
    ]);
  });

  it("never returns another workspace's rows, to a member or to a stranger", async () => {
    const ours = await search('q=course_summary');
    const ourSummary = await datasetIdOf(rest.workspaceId, 'public.course_summary');
    expect(ours.filter((hit) => hit.kind === 'dataset').map((hit) => hit.dataset_id)).toEqual([ourSummary]);
    expect(await search('q=ledger')).toEqual([]);
    expect(await search('q=enrolment_secret')).toEqual([]);

    const theirs = await search('q=course_summary', 'stranger');
    expect(theirs.map((hit) => hit.dataset_id)).not.toContain(ourSummary);
    expect(await search('q=summarise_enrolments', 'stranger')).toEqual([]);
    expect(await search('q=vacuum', 'stranger')).toEqual([]);
  });

  it('answers `tributary search` on the command line, as a table and as JSON', async () => {
    const server = await startRestServer(rest.database.db);
    try {
      const env = { TRIBUTARY_URL: server.url, TRIBUTARY_TOKEN: await tokenFor(rest.database.db, rest.workspaceId, 'viewer') };
      const table = await runCli(['search', 'cours_sumary', '--kind', 'dataset,column'], env);
      expect(table.code, table.stderr).toBe(0);
      expect(table.stdout).toMatch(/dataset\s+warehouse\.public\.course_summary\s+teaching-team@example\.com\s+name: warehouse\.public\.course_summary/);
      const json = await runCli(['search', 'enrolment', '--tag', 'education', '--json'], env);
      expect(json.code, json.stderr).toBe(0);
      expect((JSON.parse(json.stdout) as { hits: THit[] }).hits.map((hit) => hit.kind).sort()).toEqual(['column', 'dataset', 'task']);
      const refused = await runCli(['search', ' '], env);
      expect(refused.code).not.toBe(0);
      expect(refused.stderr).toContain('q must not be empty');
    } finally {
      await server.close();
    }
  });

  it.each([
    ['q=', 'q must not be empty'],
    ['q=%20%20', 'q must not be empty'],
    ['', 'q is required'],
    [`q=${'x'.repeat(201)}`, 'q may be at most 200 characters'],
    ['q=orders&kind=table', 'kind must be one of'],
    ['q=orders&limit=0', 'limit must be 1 or more'],
  ])('answers 400 naming the field for %s', async (query, message) => {
    const response = await rest.viewer('GET', `/search?${query}`);
    expect(response.status).toBe(400);
    expect(response.text).toContain(message);
  });
});
