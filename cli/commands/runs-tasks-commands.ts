import { Command } from 'commander';
import { action, commaList, isoDateTime, positiveInteger, withJson, withServer } from './command-kit';

/** `tributary runs ...` */
export function runsCommands(): Command {
  const runs = new Command('runs').description('DAG runs on the server');
  withServer(runs.command('list <dag_id>').description("list a DAG's runs, newest first"))
    .option('--state <state>', 'only runs in this state (queued, running, success, failed)')
    .option('--limit <n>', 'how many runs', positiveInteger, 25)
    .action(action(async (dagId: string, options) => (await import('../server/runs-list')).runsList(dagId, options)));
  return runs;
}

/** `tributary tasks ...`: `clear` works on the server, `test` runs one task on this machine. */
export function tasksCommands(): Command {
  const tasks = new Command('tasks').description('clear task instances on the server, or test one task locally');

  withServer(tasks.command('clear <dag_id>').description('clear task instances so the scheduler runs them again'))
    .option('-r, --run-id <run_id>', 'only this run')
    .option('-t, --task-ids <ids>', 'only these tasks (comma-separated)', commaList)
    .option('-f, --only-failed', 'only failed and upstream_failed instances')
    .option('-d, --downstream', "include the tasks' downstream tasks")
    .option('-u, --upstream', "include the tasks' upstream tasks")
    .option('-s, --start-date <date>', 'runs with a logical date from this date (a bare date is midnight UTC)', isoDateTime)
    .option('-e, --end-date <date>', 'runs with a logical date up to this date', isoDateTime)
    .option('--latest-version', "re-run on the DAG's latest version (default: the version each run was pinned to)")
    .option('--dry-run', 'only show what would be cleared')
    .option('-y, --yes', 'clear without asking')
    .action(action(async (dagId: string, options) => (await import('../server/tasks-clear')).tasksClear(dagId, options)));

  withJson(tasks.command('test <file> <task_id> <date>'))
    .description('run one task of a spec file for a logical date, here, without recording anything (as `airflow tasks test`)')
    .action(action(async (file: string, taskId: string, date: string, options) => (await import('../local/tasks-test')).tasksTest(file, taskId, date, options)));
  return tasks;
}

/** `tributary logs <dag_id> <run_id> <task_id>` */
export function logsCommand(): Command {
  return withServer(new Command('logs').argument('<dag_id>').argument('<run_id>').argument('<task_id>'))
    .description("print a task instance's log")
    .option('--try <n>', 'the attempt (default: the latest)', positiveInteger)
    .option('-f, --follow', 'keep printing new lines until the task instance finishes')
    .action(action(async (dagId: string, runId: string, taskId: string, options) => (await import('../server/task-logs')).taskLogs(dagId, runId, taskId, options)));
}

/** `tributary validate <file...>`: local, no server. */
export function validateCommand(): Command {
  return withJson(new Command('validate').argument('<file...>'))
    .description('check DAG spec files and report every problem at its line and column')
    .action(action(async (files: string[], options) => (await import('../local/validate')).validate(files, options)));
}
