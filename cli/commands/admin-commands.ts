import { Command, InvalidArgumentError, Option } from 'commander';
import { parseByteSize } from '../../server/domain/byte-size';
import { action, positiveInteger, withJson } from './command-kit';

const ROLE_CHOICES = ['viewer', 'editor', 'admin', 'owner'];

/**
 * `tributary admin ...`: straight on the metadata database (DATABASE_URL, or the embedded
 * PostgreSQL of TRIBUTARY_DATA_DIR), for the first workspace, user and token before any API
 * token exists.
 */
export function adminCommands(): Command {
  const admin = new Command('admin').description('create workspaces, users and API tokens, and set workspace quotas, directly in the database');

  withJson(admin.command('create-workspace <slug>').description('create a workspace'))
    .option('--name <name>', 'display name (default: the slug)')
    .action(action(async (slug: string, options) => (await import('../admin/admin-commands')).createWorkspaceCommand(slug, options)));

  withJson(admin.command('create-user <email>').description('create a user and make them a member of a workspace'))
    .requiredOption('--workspace <slug>', 'the workspace')
    .addOption(new Option('--role <role>', 'their role in the workspace').choices(ROLE_CHOICES).makeOptionMandatory())
    .option('--name <name>', 'display name')
    .option('--password <password>', 'password (default: asked on a terminal, otherwise generated and printed)')
    .action(action(async (email: string, options) => (await import('../admin/create-user')).createUserCommand(email, options)));

  withJson(admin.command('create-token').description('create a workspace API token (printed once)'))
    .requiredOption('--workspace <slug>', 'the workspace')
    .addOption(new Option('--role <role>', 'the role the token acts with').choices(ROLE_CHOICES).makeOptionMandatory())
    .option('--name <name>', 'a name to recognise it by')
    .action(action(async (options) => (await import('../admin/admin-commands')).createTokenCommand(options)));

  withJson(admin.command('set-quota <workspace>').description("set a workspace's fair share: running tasks at once, log bytes per day"))
    .option('--running-tasks <n>', 'task instances the workspace may have queued or running at once (new workspaces: 32)', positiveInteger)
    .option('--log-per-day <size>', 'log its attempts may store per UTC day, like 2GiB or 500MiB (new workspaces: 1GiB)', byteSize)
    .action(action(async (slug: string, options) => (await import('../admin/set-quota')).setQuotaCommand(slug, options)));
  return admin;
}

function byteSize(value: string): number {
  const bytes = parseByteSize(value);
  if (bytes === null || bytes < 1) throw new InvalidArgumentError('expected a size like 2GiB, 500MiB or a number of bytes');
  return bytes;
}
