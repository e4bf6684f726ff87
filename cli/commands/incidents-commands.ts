import { Command, Option } from 'commander';
import { action, positiveInteger, withServer } from './command-kit';

/** `tributary incidents list`: the workspace's incidents on the server. */
export function incidentsCommands(): Command {
  const incidents = new Command('incidents').description('incidents: the failures of a DAG from the first until it recovers');

  withServer(incidents.command('list').description('list incidents, newest first, with their times to acknowledge and resolve'))
    .option('--dag <dag_id>', 'only incidents of this DAG')
    .addOption(new Option('--state <state>', 'only incidents in this state').choices(['open', 'acknowledged', 'resolved']))
    .option('--limit <n>', 'how many incidents', positiveInteger, 25)
    .action(action(async (options) => (await import('../server/incidents-list')).incidentsList(options)));
  return incidents;
}
