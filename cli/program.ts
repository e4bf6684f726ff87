import { Command } from 'commander';
import { adminCommands } from './commands/admin-commands';
import { alertsCommands } from './commands/alerts-commands';
import { dagsCommands } from './commands/dags-commands';
import { datasetsCommands } from './commands/datasets-commands';
import { importCommands } from './commands/import-commands';
import { incidentsCommands } from './commands/incidents-commands';
import { logsCommand, runsCommands, tasksCommands, validateCommand } from './commands/runs-tasks-commands';
import { searchCommand } from './commands/search-commands';

/**
 * `tributary`, the command line of Tributary, shaped like Airflow's. Server commands talk to
 * REST v1 only (cli/api-client.ts); `validate` and `tasks test` work on spec files here;
 * `admin` commands work on the metadata database directly.
 */
export function buildProgram(): Command {
  return new Command('tributary')
    .description('Tributary: data pipelines as DAGs, from the command line')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .addCommand(dagsCommands())
    .addCommand(runsCommands())
    .addCommand(tasksCommands())
    .addCommand(logsCommand())
    .addCommand(validateCommand())
    .addCommand(alertsCommands())
    .addCommand(incidentsCommands())
    .addCommand(datasetsCommands())
    .addCommand(searchCommand())
    .addCommand(importCommands())
    .addCommand(adminCommands());
}
