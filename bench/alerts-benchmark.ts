import type { PrismaClient } from '../server/db/client';
import { SecretBox } from '../server/auth/secret-box';
import { createPrismaClient } from '../server/db/client';
import { createAlertChannel } from '../server/services/alert-channels/create-alert-channel';
import { systemContext } from '../server/services/context';
import { deployDag } from '../server/services/dags/deploy-dag';
import { triggerDagRun } from '../server/services/runs/trigger-dag-run';
import { databaseEndpoint, TestEngine } from '../tests/support/engine';
import { startSlackStandIn, type TSlackStandIn } from '../tests/support/slack-stand-in';
import { benchWorkspace } from './bench-workspace';
import { benchFanOut, percentile } from './dag-benchmarks';

const FAILURES = 50;
/** Alerts to one channel within 5 minutes past this become a digest: the failures are spread over channels so each is sent. */
const CHANNELS = 5;
const WAVE = 10;

export type TAlertBench = { latencyP50Ms: number; latencyP95Ms: number; withoutTasksPerSecond: number; withTasksPerSecond: number; runs: string[] };

/**
 * (l) Alerts: the time from a task's final failure (its end, on the database clock) to the Slack
 * stand-in receiving the message, over 50 failures in waves of 10; and the fan-out of (b) with
 * alert rules on (a default Slack channel, on_failure and on_retry set) against the same DAG
 * with its rules off, alternated three times on the same engine.
 */
export async function benchAlerts(input: { databaseUrl: string }): Promise<TAlertBench> {
  const slack = await startSlackStandIn();
  const db = createPrismaClient(input.databaseUrl);
  const engine = new TestEngine(input.databaseUrl, {
    LOG_LEVEL: 'warn',
    TRIBUTARY_WORKER_CONCURRENCY: '500',
    TRIBUTARY_ZOMBIE_THRESHOLD: '60',
    TRIBUTARY_TASK_HEARTBEAT: '5',
    TRIBUTARY_SCHEDULER_INTERVAL_MS: '1000',
    SLACK_API_URL: slack.url,
    TRIBUTARY_EGRESS_ALLOW: `${databaseEndpoint(input.databaseUrl)},127.0.0.1:${slack.port}`,
  });
  try {
    const workspace = await benchWorkspace(db, 'bench_alerts');
    const ctx = systemContext(db, workspace.id, 'bench');
    const box = new SecretBox(engine.secretKey);
    for (let i = 0; i < CHANNELS; i++) {
      await createAlertChannel(ctx, box, { name: `oncall-${i}`, type: 'slack', config: { token: 'xoxb-bench', channel: `C0BENCH${i}` }, isDefault: i === 0 });
    }
    engine.startScheduler();
    engine.startWorker();
    engine.startWorker();
    const fanOut = await fanOutWithAndWithout(db, workspace.id);
    const latencies = await failureLatencies(db, ctx, slack);
    return { latencyP50Ms: percentile(latencies, 50), latencyP95Ms: percentile(latencies, 95), ...fanOut };
  } finally {
    await engine.stop();
    await slack.close();
    await db.$disconnect();
  }
}

async function fanOutWithAndWithout(db: PrismaClient, workspaceId: string) {
  const rulesOn = 'default_args: { on_failure: [default, oncall-1], on_retry: oncall-1 }\n';
  const rulesOff = 'default_args: { on_failure: [] }\n';
  await benchFanOut(db, workspaceId, { dagId: 'alerts_fanout_cold', specHead: rulesOn });
  const without: number[] = [];
  const withRules: number[] = [];
  const runs: string[] = [];
  for (const n of [1, 2, 3]) {
    const off = await benchFanOut(db, workspaceId, { dagId: `alerts_fanout_off_${n}`, specHead: rulesOff });
    const on = await benchFanOut(db, workspaceId, { dagId: `alerts_fanout_on_${n}`, specHead: rulesOn });
    without.push(off.tasksPerSecond);
    withRules.push(on.tasksPerSecond);
    runs.push(`${Math.round(off.tasksPerSecond)}/${Math.round(on.tasksPerSecond)}`);
  }
  return { withoutTasksPerSecond: percentile(without, 50), withTasksPerSecond: percentile(withRules, 50), runs };
}

/** 50 one-task DAGs that fail, in waves of 10; each message matched to its task by the DAG id in its text. */
async function failureLatencies(db: PrismaClient, ctx: ReturnType<typeof systemContext>, slack: TSlackStandIn): Promise<number[]> {
  const latencies: number[] = [];
  for (let wave = 0; wave < FAILURES / WAVE; wave++) {
    const dagIds = Array.from({ length: WAVE }, (_, i) => `alert_latency_${wave * WAVE + i}`);
    const runs = [];
    for (const [i, dagId] of dagIds.entries()) {
      const deployed = await deployDag(ctx, { source: `dag_id: ${dagId}\ndefault_args: { on_failure: oncall-${i % CHANNELS} }\ntasks:\n  - { task_id: fail, type: bash, bash_command: "exit 1" }\n` });
      await db.dag.update({ where: { id: deployed.dag.id }, data: { isPaused: false } });
      runs.push(await triggerDagRun(ctx, { dagId }));
    }
    for (const [i, dagId] of dagIds.entries()) {
      const call = await waitFor(() => slack.calls.find((c) => c.method === 'chat.postMessage' && String(c.args.text).includes(` ${dagId}.fail failed`)), `the alert of ${dagId}`);
      const instance = await db.taskInstance.findUniqueOrThrow({ where: { dagRunId_taskId: { dagRunId: runs[i]!.id, taskId: 'fail' } }, select: { endDate: true } });
      latencies.push(call.receivedAt - instance.endDate!.getTime());
    }
  }
  return latencies;
}

async function waitFor<T>(find: () => T | undefined, what: string, timeoutMs = 120_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = find();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`benchmark timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
