// Local command: `tasks test` runs one task in this process. It imports server/tasks (the task
// types themselves) and the pure domain: a test must behave as the worker would, without a
// database, a queue or a server, and records nothing anywhere.
import { readFile } from 'node:fs/promises';
import { parseDagSpec, type TDag, type TDagTask } from '../../server/domain/dag/parse-dag-spec';
import { resolveSpecDate } from '../../server/domain/dag/spec-date';
import { untemplatedFields } from '../../server/domain/dag/task-configs';
import { renderFields } from '../../server/domain/templating/render-template';
import { buildTemplateContext, type TTemplateContext } from '../../server/domain/templating/template-context';
import { CliError } from '../cli-error';
import { createOutput } from '../output';
import { asTemplateConnection, templateConnections, templateVariables } from './local-connections';
import { localRunInfo } from './local-run-interval';
import { runTaskLocally, type TLocalLogLine } from './run-task-locally';

async function loadDag(file: string): Promise<TDag> {
  const source = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new CliError(`${file}: cannot read the file (${error.code ?? error.message})`);
  });
  const parsed = parseDagSpec(source);
  if (!parsed.ok) throw new CliError(`${file} is not a valid DAG spec.`, { file, problems: parsed.error });
  return parsed.value;
}

function findTask(dag: TDag, taskId: string): TDagTask {
  const task = dag.tasks.find((candidate) => candidate.task_id === taskId);
  if (!task) throw new CliError(`DAG ${dag.dag_id} has no task '${taskId}' (tasks: ${dag.tasks.map((t) => t.task_id).join(', ')}).`);
  return task;
}

function templateContextFor(dag: TDag, task: TDagTask, logicalDate: Date): TTemplateContext {
  const run = localRunInfo(dag, logicalDate);
  return buildTemplateContext({
    dagId: dag.dag_id,
    taskId: task.task_id,
    runId: `test__${run.logicalDate.toISOString()}`,
    logicalDate: run.logicalDate,
    dataInterval: run.dataInterval,
    prevDataInterval: run.prevDataInterval,
    nextDataInterval: run.nextDataInterval,
    timezone: dag.timezone,
    params: dag.params,
    variables: templateVariables(task.config),
    connections: Object.fromEntries([...templateConnections(task.config)].map(([id, c]) => [id, asTemplateConnection(c)])),
    // A test runs one task alone: there are no upstream outputs to pull.
    xcom: {},
  });
}

/**
 * `tasks test <file> <task_id> <date>`: renders the task's templates for that logical date
 * (a bare date is midnight in the DAG's time zone, as start_date) and runs it, printing its log.
 * Exit 0 when the task succeeds (or skips itself), 1 when it fails.
 */
export async function tasksTest(file: string, taskId: string, date: string, options: { json?: boolean }): Promise<number> {
  const out = createOutput(options);
  const dag = await loadDag(file);
  const task = findTask(dag, taskId);
  const logicalDate = resolveSpecDate(date, dag.timezone);
  if (logicalDate === null) throw new CliError(`'${date}' is not a date: use 2024-01-01 or an ISO datetime like 2024-01-01T06:00:00Z`);
  const templateContext = templateContextFor(dag, task, logicalDate);
  const rendered = renderFields(task.config, templateContext, untemplatedFields(task.type));
  if (!rendered.ok) throw new CliError(`Template error in ${task.task_id}.${rendered.error.path || 'config'}: ${rendered.error.message}`);
  const log: TLocalLogLine[] = [];
  const onLine = (line: TLocalLogLine) => (out.json ? log.push(line) : out.write(`${line.stream === 'system' ? '[tributary] ' : ''}${line.text}\n`));
  const outcome = await runTaskLocally({ dag, task, config: rendered.value, templateContext, logicalDate }, onLine);
  out.result(
    { dag_id: dag.dag_id, task_id: task.task_id, logical_date: templateContext.logical_date, data_interval_start: templateContext.data_interval_start, data_interval_end: templateContext.data_interval_end, ...outcome, log },
    () => {
      if (outcome.output !== undefined) out.say(`Output: ${JSON.stringify(outcome.output)}`);
    },
  );
  return outcome.state === 'failed' ? 1 : 0;
}
