import { Command, Option } from 'commander';
import { action, positiveInteger, withServer } from './command-kit';

/** `tributary datasets list|show|lineage`: the workspace's data catalog on the server. */
export function datasetsCommands(): Command {
  const datasets = new Command('datasets').description('datasets: the tables DAGs read and write, and their lineage');

  withServer(datasets.command('list').description('list datasets by connection and name'))
    .option('--q <text>', 'part of the name, case-blind')
    .option('--conn <conn_id>', 'only datasets of this connection')
    .option('--limit <n>', 'how many datasets', positiveInteger, 100)
    .action(action(async (options) => (await import('../server/datasets')).datasetsList(options)));

  withServer(datasets.command('show').argument('<dataset>', 'a dataset id, or conn_id.schema.table').description('show a dataset and the tasks that write and read it'))
    .action(action(async (dataset: string, options) => (await import('../server/datasets')).datasetsShow(dataset, options)));

  withServer(datasets.command('lineage').argument('<dataset>', 'a dataset id, or conn_id.schema.table').description("show a dataset's lineage: datasets and the tasks between them"))
    .addOption(new Option('--direction <direction>', 'which way to walk').choices(['upstream', 'downstream', 'both']).default('both'))
    .option('--depth <n>', 'how many datasets away (1 to 10)', positiveInteger, 3)
    .action(action(async (dataset: string, options) => (await import('../server/datasets')).datasetsLineage(dataset, options)));
  return datasets;
}
