import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJson, runCli } from '../../cli/testing/run-cli';
import { SecretBox } from '../../server/auth/secret-box';
import { createAlertChannel } from '../../server/services/alert-channels/create-alert-channel';
import { systemContext } from '../../server/services/context';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { createWorkspace, deployUnpaused, waitForRun } from '../support/dag-runs';
import { databaseEndpoint, TestEngine } from '../support/engine';
import { startSlackStandIn, type TSlackStandIn } from '../support/slack-stand-in';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

const FIXTURES = path.resolve(import.meta.dirname, '../fixtures/airflow');

type TImportJson = { files: { specs: { path: string; valid: boolean }[]; report: { line: number | null; status: string; message: string }[] }[] };

/**
 * An Airflow file whose callbacks are Slack notifiers, imported by the real command, deployed and
 * failed on the real engine: the channel the report names gets the alert, and a channel the
 * workspace lacks is recorded as a failed delivery, as the report warns.
 */
describe('imported notifier callbacks on the engine', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let slack: TSlackStandIn;
  let workspaceId: string;
  let out: string;

  beforeAll(async () => {
    database = await createTestDatabase('airflow_import_alerts');
    workspaceId = (await createWorkspace(database.db, 'alerts')).id;
    out = await mkdtemp(path.join(tmpdir(), 'importalerts-'));
    slack = await startSlackStandIn({ channels: { '#data-alerts': 'C0ALERTS' } });
    engine = new TestEngine(database.url, { SLACK_API_URL: slack.url, TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(database.url)},127.0.0.1:${slack.port}` });
    // The channel the report names for default_args' notifier; audit_slack's is left missing.
    await createAlertChannel(systemContext(database.db, workspaceId, 'test'), new SecretBox(engine.secretKey), {
      name: 'data-alerts', type: 'slack', config: { token: 'xoxb-test-token', channel: '#data-alerts' },
    });
    engine.startScheduler();
    engine.startWorker();
  });
  afterAll(async () => {
    await engine.stop();
    await slack.close();
    await database.drop();
    await rm(out, { recursive: true, force: true });
  });

  it('alerts the channel named after the Slack channel, and records the missing one as failed', async () => {
    const result = await runCli(['import', 'airflow', path.join(FIXTURES, 'notifier_alerts.py'), '--out', out, '--json']);
    const printed = parseJson<TImportJson>(result);
    expect(result.code, JSON.stringify(printed.files[0]?.report, null, 2)).toBe(0);
    const report = printed.files[0]!.report;
    expect(report).toContainEqual(expect.objectContaining({ line: 13, status: 'converted', message: expect.stringContaining("the alert channel 'data-alerts': it must exist in the workspace") }));
    expect(report).toContainEqual(expect.objectContaining({ line: 16, status: 'converted', message: expect.stringContaining("the alert channel 'audit_slack'") }));
    await deployUnpaused(database.db, workspaceId, await readFile(printed.files[0]!.specs[0]!.path, 'utf8'));

    const run = await triggerDagRun(systemContext(database.db, workspaceId, 'test'), { dagId: 'notifier_alerts' });
    expect((await waitForRun(database.db, run.id)).states).toEqual({ load: 'failed', audit: 'failed' });
    const deliveries = await waitFor(async () => {
      const rows = await database.db.alertDelivery.findMany({ where: { workspaceId, kind: 'failure' }, orderBy: { target: 'asc' } });
      return rows.length === 2 && rows.every((row) => row.state !== 'pending') ? rows : null;
    }, { timeoutMs: 60_000, what: 'the two failure alerts to settle' });
    expect(deliveries.map((row) => [row.target, row.state, row.lastError])).toEqual([
      ['channel:audit_slack', 'failed', "No alert channel named 'audit_slack' in this workspace."],
      ['channel:data-alerts', 'sent', null],
    ]);
    expect(slack.calls.filter((call) => call.method === 'chat.postMessage' && call.status === 200)).toHaveLength(1);
  });
});
