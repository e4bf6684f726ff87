import { Command } from 'commander';
import { action, withServer } from './command-kit';

/** `tributary import airflow ...`: DAG files of other orchestrators turned into specs. */
export function importCommands(): Command {
  const command = new Command('import').description('convert DAG files of other orchestrators into Tributary specs');
  withServer(
    command
      .command('airflow <files-or-folders...>')
      .description('convert Airflow DAG files (read with Python\'s parser, never run) into one spec per DAG, with a report per line'),
  )
    .option('-o, --out <dir>', 'write the specs here (default: beside each .py file, as <dag_id>.yaml)')
    .option('--deploy', 'deploy the written specs to the server, as `dags deploy` does')
    .action(action(async (targets: string[], options) => (await import('../airflow-import/import-airflow')).importAirflow(targets, options)));
  return command;
}
