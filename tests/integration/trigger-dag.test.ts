import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../server/services/app-error';
import { systemContext } from '../../server/services/context';
import { deployDag } from '../../server/services/dags/deploy-dag';
import { triggerDagRun } from '../../server/services/runs/trigger-dag-run';
import { attemptLog, createWorkspace, deployUnpaused, runToEnd, waitForRun } from '../support/dag-runs';
import { TestEngine } from '../support/engine';
import { createTestDatabase, type TTestDatabase } from '../support/test-database';

/** A DAG whose one task triggers `target` with the given extra fields (YAML flow mapping entries). */
const starter = (dagId: string, target: string, extra = '', params = '{}') => `dag_id: ${dagId}
params: ${params}
tasks:
  - { task_id: kick, type: trigger_dag, trigger_dag_id: "${target}", retries: 0${extra ? `, ${extra}` : ''} }
`;

describe('trigger_dag tasks', () => {
  let database: TTestDatabase;
  let engine: TestEngine;
  let workspaceA: string;
  let workspaceB: string;

  beforeAll(async () => {
    database = await createTestDatabase('trigger_dag');
    workspaceA = (await createWorkspace(database.db, 'trigger-a')).id;
    workspaceB = (await createWorkspace(database.db, 'trigger-b')).id;
    engine = new TestEngine(database.url);
    engine.startScheduler();
    engine.startWorker({ TRIBUTARY_WORKER_CONCURRENCY: '4' });
  });
  afterAll(async () => {
    await engine.stop();
    await database.drop();
  });

  const runOf = (workspaceId: string, dagId: string, runId: string) =>
    database.db.dagRun.findFirstOrThrow({ where: { workspaceId, runId, dag: { dagId } }, include: { taskInstances: true } });

  it('trigger a manual run with conf, wait for it to succeed and pass its run id downstream', async () => {
    await deployUnpaused(database.db, workspaceA, `dag_id: child
params: { x: unset }
tasks:
  - { task_id: read_conf, type: bash, bash_command: 'test "{{ params.x }}" = 42 && echo "x is {{ params.x }}"' }
`);
    const { run, states, instances } = await runToEnd(
      database.db,
      workspaceA,
      starter('parent', 'child', 'conf: { x: "{{ params.answer }}" }, wait_for_completion: true, poke_interval: 1', '{ answer: 42 }'),
      { timeoutMs: 90_000 },
    );
    expect(states).toEqual({ kick: 'success' });
    const output = instances[0]!.output as { trigger_run_id: string; trigger_logical_date_iso: string };
    expect(output).toMatchObject({ trigger_dag_id: 'child', trigger_run_id: expect.stringMatching(/^manual__/) });

    const child = await runOf(workspaceA, 'child', output.trigger_run_id);
    expect(child).toMatchObject({ runType: 'manual', state: 'success', conf: { x: '42' }, note: `Triggered by task kick of DAG parent, run ${run.runId}` });
    expect(child.logicalDate.toISOString()).toBe(output.trigger_logical_date_iso);
    expect(await attemptLog(database.db, child.taskInstances[0]!.id, 1)).toContain('x is 42');
    const log = await attemptLog(database.db, instances[0]!.id, 1);
    expect(log).toContain(`Triggered run '${output.trigger_run_id}' of DAG 'child'`);
    expect(log).toContain(`Run '${output.trigger_run_id}' of DAG 'child' is success.`);
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { workspaceId: workspaceA, action: 'dag_run.trigger', dagId: 'child' } });
    expect(audit).toMatchObject({ actorType: 'system', actorLabel: `task parent.kick (${run.runId})` });
  }, 120_000);

  it('fail, naming the run and its state, when the triggered run fails', async () => {
    await deployUnpaused(database.db, workspaceA, 'dag_id: breaks\ntasks:\n  - { task_id: boom, type: bash, bash_command: "exit 3" }\n');
    const { run, states, instances } = await runToEnd(database.db, workspaceA, starter('waits_on_failure', 'breaks', 'wait_for_completion: true, poke_interval: 1'), { timeoutMs: 90_000 });
    expect(states).toEqual({ kick: 'failed' });
    expect(run.state).toBe('failed');
    const triggered = await database.db.dagRun.findFirstOrThrow({ where: { workspaceId: workspaceA, dag: { dagId: 'breaks' } } });
    expect(triggered.state).toBe('failed');
    const message = `Run '${triggered.runId}' of DAG 'breaks' reached state 'failed', one of failed_states (failed).`;
    expect(await attemptLog(database.db, instances[0]!.id, 1)).toContain(`Task failed: ${message}`);
    const attempt = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: instances[0]!.id } });
    expect(attempt.errorMessage).toBe(message);
  }, 120_000);

  it("never reach another workspace's DAG: it is not found, exactly as a missing one", async () => {
    await deployUnpaused(database.db, workspaceB, 'dag_id: secret\ntasks:\n  - { task_id: t, type: empty }\n');
    // A literal id is checked at deploy, against the deploying workspace's DAGs only.
    const refused = await deployDag(systemContext(database.db, workspaceA, 'test'), { source: starter('reaches_out', 'secret') }).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(AppError);
    expect((refused as AppError).problems).toEqual([expect.objectContaining({ path: 'tasks[0].trigger_dag_id', message: "unknown DAG 'secret' in this workspace: deploy it first" })]);

    // A templated id is known at run time only.
    const outcomes: Record<string, string> = {};
    for (const target of ['secret', 'no_such_dag']) {
      const { states, instances } = await runToEnd(database.db, workspaceA, starter(`reaches_${target}`, '{{ params.target }}', '', `{ target: ${target} }`));
      expect(states).toEqual({ kick: 'failed' });
      const attempt = await database.db.taskAttempt.findFirstOrThrow({ where: { taskInstanceId: instances[0]!.id } });
      outcomes[target] = attempt.errorMessage!.replace(target, '<id>');
    }
    expect(outcomes.secret).toBe("DAG '<id>' does not exist.");
    expect(outcomes.secret).toBe(outcomes.no_such_dag);
    expect(await database.db.dagRun.count({ where: { workspaceId: workspaceB } })).toBe(0);
  }, 120_000);

  it('trigger a paused DAG: the run is created and waits, and the log says so', async () => {
    const deployed = await deployDag(systemContext(database.db, workspaceA, 'test'), { source: 'dag_id: sleeping\ntasks:\n  - { task_id: t, type: empty }\n' });
    expect(deployed.dag.isPaused).toBe(true);
    const { states, instances } = await runToEnd(database.db, workspaceA, starter('wakes_nobody', 'sleeping'));
    expect(states).toEqual({ kick: 'success' });
    const { trigger_run_id: runId } = instances[0]!.output as { trigger_run_id: string };
    expect((await runOf(workspaceA, 'sleeping', runId)).state).toBe('queued');
    expect(await attemptLog(database.db, instances[0]!.id, 1)).toContain("DAG 'sleeping' is paused: the run is queued and starts when the DAG is unpaused.");
  }, 60_000);

  it('skip when the run exists with skip_when_already_exists, and clear it with reset_dag_run', async () => {
    await deployUnpaused(database.db, workspaceA, 'dag_id: target_once\ntasks:\n  - { task_id: t, type: empty }\n');
    const ctx = systemContext(database.db, workspaceA, 'test');
    await deployUnpaused(database.db, workspaceA, starter('skipper', 'target_once', 'trigger_run_id: fixed, skip_when_already_exists: true'));
    await deployUnpaused(database.db, workspaceA, starter('resetter', 'target_once', 'trigger_run_id: fixed, reset_dag_run: true, wait_for_completion: true, poke_interval: 1'));
    const first = await waitForRun(database.db, (await triggerDagRun(ctx, { dagId: 'skipper' })).id);
    expect(first.states).toEqual({ kick: 'success' });
    const second = await waitForRun(database.db, (await triggerDagRun(ctx, { dagId: 'skipper' })).id);
    expect(second.states).toEqual({ kick: 'skipped' });
    expect(await attemptLog(database.db, second.instances[0]!.id, 1)).toContain("Run 'fixed' of DAG 'target_once' exists already; skip_when_already_exists is set");

    await waitForRun(database.db, (await runOf(workspaceA, 'target_once', 'fixed')).id);
    const reset = await waitForRun(database.db, (await triggerDagRun(ctx, { dagId: 'resetter' })).id, 90_000);
    expect(reset.states).toEqual({ kick: 'success' });
    expect(await attemptLog(database.db, reset.instances[0]!.id, 1)).toContain("Cleared the existing run 'fixed' of DAG 'target_once'");
    expect(await runOf(workspaceA, 'target_once', 'fixed')).toMatchObject({ state: 'success', clearNumber: 1 });
  }, 150_000);
});
