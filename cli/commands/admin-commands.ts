import { Command, Option } from 'commander';
import { action, withJson } from './command-kit';

const ROLE_CHOICES = ['viewer', 'editor', 'admin', 'owner'];

/**
 * `tributary admin ...`: straight on the metadata database (DATABASE_URL, or the embedded
 * PostgreSQL of TRIBUTARY_DATA_DIR), for the first workspace, user and token before any API
 * token exists.
 */
export function adminCommands(): Command {
  const admin = new Command('admin').description('create workspaces, users and API tokens directly in the database');

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
  return admin;
}
