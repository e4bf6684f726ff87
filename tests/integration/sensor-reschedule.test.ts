import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemContext } from '../../server/services/context';
import { getDagGrid } from '../../server/services/runs/get-dag-grid';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused as deployUnpausedDag, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, waitFor, type TTestDatabase } from '../support/test-database';

const SENSORS = 200;
const WORKER_CONCURRENCY = 8;
const LOGICAL_DATE = new Date('2026-01-01T00:00:00Z');

/** 200 sensors that wait, in mode reschedule, for the `gate` DAG's run of their logical date. */
function waitingSensors(): string {
  const sensor = 'type: sensor, external_dag_id: gate, mode: reschedule, poke_interval: 2, timeout: 600';
  const tasks = Array.from({ length: SENSORS }, (_, i) => `  - { task_id: wait_${String(i).padStart(3, '0')}, ${sensor} }`);
  return `dag_id: sensors
max_active_tasks: ${SENSORS}
default_args: { retries: 2 }
tasks:
${tasks.join('\n')}
`;
}

describe('sensors in mode reschedule', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let workspaceId: string;

  beforeAll(async () => {
    database = await createTestDatabase('reschedule');
    workspaceId = (await createWorkspace(database.db, 'reschedule')).id;
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker({ TRIBUTARY_WORKER_CONCURRENCY: String(WORKER_CONCURRENCY) });
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
  });

  const ctx = () => systemContext(database.db, workspaceId, 'test');
  const deployUnpaused = (source: string) => deployUnpausedDag(database.db, workspaceId, source);
  const countIn = (runId: string, states: string[]) => database.db.taskInstance.count({ where: { dagRunId: runId, state: { in: states } } });

  it(`free their worker slots between pokes: ${SENSORS} waiting sensors do not block another DAG on ${WORKER_CONCURRENCY} slots`, async () => {
    await deployUnpaused(waitingSensors());
    await deployUnpaused('dag_id: gate\ntasks:\n  - { task_id: open, type: empty }\n');
    await deployUnpaused(`dag_id: unrelated
tasks:
  - { task_id: extract, type: bash, bash_command: "echo extracted" }
  - { task_id: load, type: bash, bash_command: "echo loaded", depends_on: [extract] }
`);
    const sensing = await triggerDagRun(ctx(), { dagId: 'sensors', logicalDate: LOGICAL_DATE });
    // Every sensor has poked once and is waiting without a slot (or is about to poke again).
    await waitFor(async () => (await countIn(sensing.id, ['none', 'scheduled'])) === 0 && (await countIn(sensing.id, ['up_for_reschedule'])) > SENSORS / 2, {
      timeoutMs: 90_000,
      what: 'the sensors to wait up_for_reschedule',
    });
    const grid = await getDagGrid(ctx(), { dagId: 'sensors' });
    expect(Object.values(grid.runs[0]!.task_instances).some((ti) => ti.state === 'up_for_reschedule')).toBe(true);

    const other = await triggerDagRun(ctx(), { dagId: 'unrelated' });
    expect((await waitForRun(database.db, other.id, 60_000)).states).toEqual({ extract: 'success', load: 'success' });
    // The other DAG finished while every sensor was still waiting.
    expect(await countIn(sensing.id, ['success', 'failed', 'skipped'])).toBe(0);

    await triggerDagRun(ctx(), { dagId: 'gate', logicalDate: LOGICAL_DATE });
    const done = await waitForRun(database.db, sensing.id, 120_000);
    expect(new Set(Object.values(done.states))).toEqual(new Set(['success']));
    // A reschedule is not a try: each sensor made one try, one attempt whose log holds every poke.
    expect(new Set(done.instances.map((ti) => ti.tryNumber))).toEqual(new Set([1]));
    expect(await database.db.taskAttempt.count({ where: { taskInstance: { dagRunId: sensing.id } } })).toBe(SENSORS);
    const log = await attemptLog(database.db, done.instances[0]!.id, 1);
    expect(log.match(/^Poke: /gm)?.length ?? 0).toBeGreaterThanOrEqual(2);
    expect(log).toContain("Poke: DAG 'gate' is not started (no run)");
    expect(log).toContain("Poke: DAG 'gate' is success");
    expect(log).toMatch(/Rescheduled: the worker slot is free until the next poke at /);
    expect(log).toMatch(/^Resuming try 1 of /m);
  }, 300_000);

  it('fail at their timeout without retrying, counted from the first poke', async () => {
    await deployUnpaused(`dag_id: times_out
tasks:
  - { task_id: wait, type: sensor, external_dag_id: never_runs, mode: reschedule, poke_interval: 1, timeout: 3, retries: 2, retry_delay: 0 }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'times_out' });
    const { states, instances } = await waitForRun(database.db, run.id);
    expect(states).toEqual({ wait: 'failed' });
    expect(instances[0]!.tryNumber).toBe(1);
    const log = await attemptLog(database.db, instances[0]!.id, 1);
    expect(log).toMatch(/Sensor timed out after \d+(\.\d)?s since its first poke \(timeout 3s\)/);
    expect(log).toContain('no retry');
    expect(log.match(/^Poke: /gm)?.length ?? 0).toBeGreaterThanOrEqual(3);
  }, 60_000);

  it('are skipped at their timeout with soft_fail, and their downstream with them', async () => {
    await deployUnpaused(`dag_id: soft
tasks:
  - { task_id: wait, type: sensor, external_dag_id: never_runs, mode: reschedule, poke_interval: 1, timeout: 2, soft_fail: true }
  - { task_id: after, type: bash, bash_command: "echo never", depends_on: [wait] }
`);
    const run = await triggerDagRun(ctx(), { dagId: 'soft' });
    const { run: finished, states, instances } = await waitForRun(database.db, run.id);
    expect(states).toEqual({ after: 'skipped', wait: 'skipped' });
    expect(finished.state).toBe('success');
    const wait = instances.find((ti) => ti.taskId === 'wait')!;
    expect(await attemptLog(database.db, wait.id, 1)).toContain('soft_fail is set, so the sensor is skipped');
  }, 60_000);
});
