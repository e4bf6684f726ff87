import type { SecretBox } from '../../auth/secret-box';
import type { PrismaClient } from '../../db/client';
import type { TResolvedConnection } from '../../domain/connections/resolved-connection';
import { isS3ConnType } from '../../domain/connections/s3-settings';
import type { TDag, TDagTask } from '../../domain/dag/parse-dag-spec';
import { untemplatedFields } from '../../domain/dag/task-configs';
import { nextDagRunInfo } from '../../domain/schedule/timetable';
import { looksSecret } from '../../domain/secrets/secret-names';
import { renderFields } from '../../domain/templating/render-template';
import { buildTemplateContext, type TTemplateConnection, type TTemplateContext } from '../../domain/templating/template-context';
import { loadTriggeringDatasetEvents } from '../catalog/load-triggering-dataset-events';
import { loadDagVersion } from '../dags/load-dag-version';
import { scheduleConfigOf } from '../../domain/schedule/schedule-config';
import type { TClaimedTaskInstance } from '../task-instances/claim-task-instances';

export type TTaskExecution = {
  spec: TDag;
  task: TDagTask;
  dagId: string;
  runId: string;
  logicalDate: Date;
  templateContext: TTemplateContext;
  /** The task's config with templates rendered, or why rendering failed. */
  rendered: { ok: true; config: unknown } | { ok: false; error: string };
  connections: Map<string, TResolvedConnection>;
  /** Values to mask in the log: connection passwords and extras, variable values. */
  secrets: string[];
};

/** Everything a worker needs to run one claimed task instance. */
export async function prepareTaskExecution(db: PrismaClient, box: SecretBox, claimed: TClaimedTaskInstance): Promise<TTaskExecution> {
  const run = await db.dagRun.findUniqueOrThrow({
    where: { id: claimed.dagRunId },
    select: { runId: true, logicalDate: true, dataIntervalStart: true, dataIntervalEnd: true, conf: true, dagVersionId: true, dagPk: true, dag: { select: { dagId: true } } },
  });
  const spec = await loadDagVersion(db, run.dagVersionId);
  const task = spec.tasks.find((candidate) => candidate.task_id === claimed.taskId);
  if (!task) throw new Error(`Task '${claimed.taskId}' is not in the DAG version this run uses.`);
  const [connections, variables, { xcom, xcomKeys }, previous] = await Promise.all([
    loadConnections(db, box, claimed.workspaceId),
    loadVariables(db, box, claimed.workspaceId),
    loadUpstreamOutputs(db, claimed.dagRunId, task.upstream),
    db.dagRun.findFirst({
      where: { dagPk: run.dagPk, logicalDate: { lt: run.logicalDate } },
      orderBy: { logicalDate: 'desc' },
      select: { dataIntervalStart: true, dataIntervalEnd: true },
    }),
  ]);
  const dataInterval = { start: run.dataIntervalStart, end: run.dataIntervalEnd };
  const next = nextDagRunInfo({ ...scheduleConfigOf(spec), catchup: true, endDate: null }, dataInterval, dataInterval.end);
  // Only a dataset-scheduled DAG's runs can have triggering events: no query on every other task's path.
  const triggeringDatasetEvents = spec.dataset_schedule ? await loadTriggeringDatasetEvents(db, claimed.dagRunId) : {};
  const templateContext = buildTemplateContext({
    dagId: run.dag.dagId,
    taskId: task.task_id,
    runId: run.runId,
    logicalDate: run.logicalDate,
    dataInterval,
    prevDataInterval: previous ? { start: previous.dataIntervalStart, end: previous.dataIntervalEnd } : null,
    nextDataInterval: next?.dataInterval ?? null,
    timezone: spec.timezone,
    // A run's conf overrides the DAG's params, as Airflow's dag_run_conf_overrides_params.
    params: { ...spec.params, ...(isRecord(run.conf) ? run.conf : {}) },
    variables: Object.fromEntries(variables),
    connections: Object.fromEntries([...connections].map(([id, c]) => [id, templateConnection(c)])),
    xcom,
    xcomKeys,
    triggeringDatasetEvents,
  });
  const rendered = renderFields(task.config, templateContext, untemplatedFields(task.type));
  return {
    spec,
    task,
    dagId: run.dag.dagId,
    runId: run.runId,
    logicalDate: run.logicalDate,
    templateContext,
    rendered: rendered.ok
      ? { ok: true, config: rendered.value }
      : { ok: false, error: `Template error in ${rendered.error.path || 'the task config'}: ${rendered.error.message}` },
    connections,
    secrets: [
      // An s3 connection's login is its access key id, write-only like its secret.
      ...[...connections.values()].flatMap((c) => [c.password, ...(isS3ConnType(c.connType) ? [c.login] : []), ...secretValues(c.extra)]),
      ...secretValues(Object.fromEntries(variables)),
    ].filter((secret): secret is string => typeof secret === 'string'),
  };
}

async function loadConnections(db: PrismaClient, box: SecretBox, workspaceId: string) {
  const rows = await db.connection.findMany({ where: { workspaceId } });
  return new Map(
    rows.map((row) => [
      row.connId,
      {
        connId: row.connId,
        connType: row.connType,
        host: row.host,
        port: row.port,
        login: row.login,
        password: row.passwordEncrypted ? box.decrypt(row.passwordEncrypted) : null,
        schema: row.schema,
        extra: row.extraEncrypted ? (JSON.parse(box.decrypt(row.extraEncrypted)) as Record<string, unknown>) : {},
      },
    ]),
  );
}

async function loadVariables(db: PrismaClient, box: SecretBox, workspaceId: string) {
  const rows = await db.variable.findMany({ where: { workspaceId }, select: { key: true, valueEncrypted: true } });
  return new Map(rows.map((row) => [row.key, box.decrypt(row.valueEncrypted)]));
}

/** The upstream tasks' return values and the other keys they pushed, by task id. */
async function loadUpstreamOutputs(db: PrismaClient, dagRunId: string, upstream: readonly string[]) {
  if (upstream.length === 0) return { xcom: {}, xcomKeys: {} };
  const rows = await db.taskInstance.findMany({
    where: { dagRunId, taskId: { in: [...upstream] } },
    select: { taskId: true, output: true, xcom: true },
  });
  return {
    xcom: Object.fromEntries(rows.filter((row) => row.output !== null).map((row) => [row.taskId, row.output])),
    xcomKeys: Object.fromEntries(rows.filter((row) => isRecord(row.xcom)).map((row) => [row.taskId, row.xcom as Record<string, unknown>])),
  };
}

function templateConnection(connection: TResolvedConnection): TTemplateConnection {
  return {
    conn_type: connection.connType,
    host: connection.host,
    port: connection.port,
    login: connection.login,
    schema: connection.schema,
    extra: JSON.stringify(connection.extra),
  };
}

/** Values whose names say they are secret (Airflow's sensitive-field names). */
function secretValues(values: Record<string, unknown>): string[] {
  return Object.entries(values)
    .filter(([key, value]) => typeof value === 'string' && looksSecret(key))
    .map(([, value]) => value as string);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
