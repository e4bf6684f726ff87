import { Command, Option } from 'commander';
import { action, isoDate, isoDateTime, jsonObject, positiveInteger, withServer } from './command-kit';

/** `tributary dags ...`: implementations load on use, so `--help` and local commands stay fast. */
export function dagsCommands(): Command {
  const dags = new Command('dags').description('list, deploy, pause, trigger and backfill DAGs on the server');

  withServer(dags.command('list').description('list the DAGs of the workspace'))
    .option('--paused', 'only paused DAGs')
    .option('--active', 'only unpaused DAGs')
    .action(action(async (options) => (await import('../server/dags-list')).dagsList(options)));

  withServer(dags.command('deploy <file-or-dir>').description('deploy a DAG spec, or every *.yaml, *.yml and *.json in a directory'))
    .action(action(async (target: string, options) => (await import('../server/dags-deploy')).dagsDeploy(target, options)));

  withServer(dags.command('pause <dag_id>').description('pause a DAG: the scheduler creates no new runs'))
    .action(action(async (dagId: string, options) => (await import('../server/dags-pause')).setPaused(dagId, true, options)));

  withServer(dags.command('unpause <dag_id>').description('unpause a DAG'))
    .action(action(async (dagId: string, options) => (await import('../server/dags-pause')).setPaused(dagId, false, options)));

  withServer(dags.command('trigger <dag_id>').description('create a manual DAG run'))
    .option('-c, --conf <json>', 'run configuration, a JSON object (overrides params)', jsonObject)
    .option('-l, --logical-date <date>', 'logical date of the run (default: now; a bare date is midnight UTC)', isoDateTime)
    .option('-r, --run-id <run_id>', 'the run id (default: manual__<logical date>)')
    .option('--unpause', 'unpause the DAG first (a paused DAG\'s run waits until it is unpaused)')
    .action(action(async (dagId: string, options) => (await import('../server/dags-trigger')).dagsTrigger(dagId, options)));

  withServer(dags.command('backfill <dag_id>').description('create runs for every interval between two dates'))
    .requiredOption('-s, --start-date <date>', 'first logical date (inclusive)', isoDate)
    .requiredOption('-e, --end-date <date>', 'last logical date (inclusive)', isoDate)
    .addOption(new Option('--reprocess <behavior>', 'runs that already exist: rerun none, the failed ones, or all completed ones').choices(['none', 'failed', 'completed']).default('none'))
    .option('--max-active-runs <n>', 'backfill runs running at the same time', positiveInteger)
    .option('--run-backwards', 'newest interval first')
    .option('--dry-run', 'print the plan without creating anything')
    .action(action(async (dagId: string, options) => (await import('../server/dags-backfill')).dagsBackfill(dagId, options)));

  return dags;
}
