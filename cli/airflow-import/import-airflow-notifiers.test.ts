import { beforeAll, describe, expect, it } from 'vitest';
import type { TFileConversion } from '../../server/domain/airflow/convert-airflow-file';
import { channelName } from '../../server/domain/airflow/convert-callbacks';
import { convertFixtures, specOf, taskOf } from '../testing/airflow-fixtures';

let conversion: TFileConversion;

beforeAll(async () => {
  conversion = (await convertFixtures(['notifiers.py'])).get('notifiers.py')!;
}, 60_000);

const entriesAt = (line: number) => conversion.report.filter((entry) => entry.line === line);

describe('notifier callbacks in an imported DAG', () => {
  it("turns default_args' send_slack_notification into on_failure naming the Slack channel, and says the channel must exist", () => {
    const spec = specOf(conversion);
    expect(spec.default_args).toEqual({ owner: 'data', on_failure: ['data-alerts'] });
    expect(entriesAt(16)).toEqual([
      expect.objectContaining({
        status: 'converted',
        subject: 'DAG notified: default_args: on_failure_callback',
        message: expect.stringMatching(/channel="#Data-Alerts" → on_failure: \[data-alerts\]; the spec refers to the alert channel 'data-alerts': it must exist in the workspace .*a deploy does not check channel names, and an alert to a name no channel has is recorded as a failed delivery/),
      }),
    ]);
  });

  it('converts each notifier of a list on its own line and leaves the plain function not converted with the advice', () => {
    const load = taskOf(specOf(conversion), 'load');
    // SlackNotifier without channel sends through its connection: the connection's id names the channel.
    expect(load).toMatchObject({ on_failure: ['slack_api_default'], email: ['oncall@example.com'], on_retry: ['ops-at-example.com'] });
    expect(entriesAt(24)).toEqual([expect.objectContaining({ status: 'converted', message: expect.stringContaining("the alert channel 'slack_api_default'") })]);
    expect(entriesAt(25)).toEqual([expect.objectContaining({ status: 'converted', message: expect.stringContaining('→ email: oncall@example.com') })]);
    expect(entriesAt(26)).toEqual([
      expect.objectContaining({ status: 'not_converted', subject: 'BashOperator load: on_failure_callback', message: 'page_someone: alerts go to channels in Tributary: add on_failure / on_retry with a channel name' }),
    ]);
    expect(entriesAt(28)).toEqual([expect.objectContaining({ status: 'converted', subject: 'BashOperator load: on_retry_callback', message: expect.stringContaining("on_retry: [ops-at-example.com]; the spec refers to the alert channel 'ops-at-example.com'") })]);
    expect(conversion.failed).toBe(true);
  });

  it('maps on_success_callback to on_success, a Slack channel id lower-cased as a channel name', () => {
    expect(taskOf(specOf(conversion), 'report')).toMatchObject({ on_success: ['c0123abc'], depends_on: ['load'] });
  });

  it("makes a DAG's on_failure_callback default_args' on_failure beside the channels default_args names, and says it alerts per failed task", () => {
    const spec = specOf(conversion, 'run_notified');
    expect(spec.default_args).toEqual({ owner: 'data', on_failure: ['task-failures', 'dag-failures'] });
    const entries = conversion.report.filter((entry) => entry.subject === 'DAG run_notified: on_failure_callback');
    expect(entries.map((entry) => entry.status)).toEqual(['converted', 'note']);
    expect(entries[0]!.message).toContain("→ on_failure: [dag-failures]");
    expect(entries[1]!.message).toContain('once per failed run');
    expect(entries[1]!.line).toBe(entries[0]!.line);
    // A DAG's success callback stays not converted: a per-task success alert is not the same thing.
    expect(conversion.report).toContainEqual(expect.objectContaining({ status: 'not_converted', subject: 'DAG run_notified: on_success_callback' }));
  });

  it.each([
    ['#data-alerts', 'data-alerts'],
    ['@someone', 'someone'],
    ['Team Alerts!', 'team-alerts'],
    ['default', 'airflow-default'],
    ['#', 'airflow-channel'],
  ])('names the channel for %j as %j', (raw, name) => {
    expect(channelName(raw)).toBe(name);
  });
});
