import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hashPassword } from '../../server/auth/password';
import type { PrismaClient } from '../../server/db/client';
import { recordAudit } from '../../server/services/audit/record-audit';
import { systemContext, type TRole } from '../../server/services/context';
import { CliError } from '../cli-error';
import { createOutput } from '../output';
import { readHidden } from '../prompt';
import { findWorkspace, withAdminDatabase } from './admin-database';
import { ADMIN_ACTOR } from './admin-commands';

type TCreateUserOptions = { workspace: string; role: TRole; name?: string; password?: string; json?: boolean };

const ZEmailSchema = z.email({ error: 'not an email address' });
const MIN_PASSWORD = 8;

/** The password: given, typed twice on a terminal, or generated (and then printed once). */
async function choosePassword(given: string | undefined): Promise<{ password: string; generated: boolean }> {
  if (given !== undefined) return { password: given, generated: false };
  if (!process.stdin.isTTY) return { password: randomBytes(12).toString('base64url'), generated: true };
  const password = await readHidden('Password: ');
  if (password === '') return { password: randomBytes(12).toString('base64url'), generated: true };
  if ((await readHidden('Again: ')) !== password) throw new CliError('The two passwords differ; nothing was created.');
  return { password, generated: false };
}

/**
 * A user who can log in to the web app, member of one workspace with `role`. An existing user
 * (same email) only gains the membership: their password is not touched.
 */
async function createUser(db: PrismaClient, email: string, options: TCreateUserOptions, password: string | null) {
  const workspace = await findWorkspace(db, options.workspace);
  const existing = await db.user.findUnique({ where: { email }, include: { memberships: { where: { workspaceId: workspace.id } } } });
  if (existing && existing.memberships.length > 0) {
    throw new CliError(`${email} is already a member of ${workspace.slug} (role ${existing.memberships[0]!.role}).`);
  }
  const passwordHash = existing || password === null ? null : await hashPassword(password);
  return db.$transaction(async (tx) => {
    const user = existing ?? (await tx.user.create({ data: { email, name: options.name ?? null, passwordHash } }));
    await tx.membership.create({ data: { workspaceId: workspace.id, userId: user.id, role: options.role } });
    const ctx = systemContext(db, workspace.id, ADMIN_ACTOR);
    await recordAudit(tx, ctx, { action: 'membership.create', targetType: 'user', targetId: user.id, details: { email, role: options.role } });
    return { user, workspace, created: existing === null };
  });
}

/** `admin create-user <email> --workspace <slug> --role <role> [--password P]` */
export async function createUserCommand(emailInput: string, options: TCreateUserOptions): Promise<number> {
  const out = createOutput(options);
  const email = ZEmailSchema.safeParse(emailInput.trim().toLowerCase());
  if (!email.success) throw new CliError(`'${emailInput}' is not an email address.`);
  // One connection for the whole command, prompt included: starting the embedded server twice costs seconds.
  const { result, generated } = await withAdminDatabase(async (db) => {
    const existing = await db.user.findUnique({ where: { email: email.data }, select: { id: true } });
    const chosen = existing ? null : await choosePassword(options.password);
    if (chosen && chosen.password.length < MIN_PASSWORD) throw new CliError(`The password must have at least ${MIN_PASSWORD} characters.`);
    const created = await createUser(db, email.data, options, chosen?.password ?? null);
    return { result: created, generated: chosen?.generated ? chosen.password : null };
  });
  out.result({ id: result.user.id, email: result.user.email, workspace: result.workspace.slug, role: options.role, created: result.created, generated_password: generated }, () => {
    out.say(`${result.created ? 'Created user' : 'Existing user'} ${result.user.email}, ${options.role} of workspace ${result.workspace.slug}.`);
    if (generated) out.say(`Generated password (shown only this once): ${generated}`);
    if (!result.created && options.password !== undefined) out.warn('The user already existed: their password was not changed.');
  });
  return 0;
}
