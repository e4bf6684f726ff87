import type { TRole } from '../../server/services/context';
import { systemContext } from '../../server/services/context';
import { createApiToken } from '../../server/services/tokens/api-tokens';
import { createWorkspace } from '../../server/services/workspaces/create-workspace';
import { createOutput } from '../output';
import { asCliErrors } from './admin-errors';
import { findWorkspace, withAdminDatabase } from './admin-database';

/** How the audit log names what an admin command did. */
export const ADMIN_ACTOR = 'cli admin';

/** `admin create-workspace <slug> [--name]` */
export async function createWorkspaceCommand(slug: string, options: { name?: string; json?: boolean }): Promise<number> {
  const out = createOutput(options);
  const workspace = await withAdminDatabase((db) => asCliErrors(() => createWorkspace(db, { slug, name: options.name })));
  out.result({ id: workspace.id, slug: workspace.slug, name: workspace.name }, () => out.say(`Created workspace ${workspace.slug} (${workspace.name}).`));
  return 0;
}

/** `admin create-token --workspace <slug> --role <role> [--name]`: the token is shown this once. */
export async function createTokenCommand(options: { workspace: string; role: TRole; name?: string; json?: boolean }): Promise<number> {
  const out = createOutput(options);
  const created = await withAdminDatabase((db) =>
    asCliErrors(async () => {
      const workspace = await findWorkspace(db, options.workspace);
      const ctx = systemContext(db, workspace.id, ADMIN_ACTOR);
      return createApiToken(ctx, { name: options.name ?? `${options.role} token`, role: options.role });
    }),
  );
  out.result({ id: created.id, name: created.name, role: created.role, workspace: options.workspace, token: created.token }, () => {
    out.say(created.token);
    out.warn(`Created ${created.role} token '${created.name}' in workspace ${options.workspace}. It is shown only this once: store it now.`);
  });
  return 0;
}
