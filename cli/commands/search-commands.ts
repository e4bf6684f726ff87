import { Command } from 'commander';
import { action, positiveInteger, withServer } from './command-kit';

/** `tributary search <q>`: one search over the workspace's catalog, DAGs and incidents. */
export function searchCommand(): Command {
  return withServer(new Command('search').description('search datasets, columns, DAGs, tasks, incidents and post-mortems (typos and partial words match)'))
    .argument('<q>', 'the words to search for')
    .option('--kind <kinds>', 'only these kinds, comma-separated: dataset, column, dag, task, incident, postmortem')
    .option('--tag <tag>', 'only hits whose dataset or DAG has this tag')
    .option('--limit <n>', 'how many hits', positiveInteger, 20)
    .action(action(async (q: string, options) => (await import('../server/search')).search(q, options)));
}
