import { z } from 'zod';
import { hashPassword } from '../../auth/password';
import { Prisma, type PrismaClient } from '../../db/client';
import { AppError } from '../app-error';
import { createWorkspace } from '../workspaces/create-workspace';

export const ZSignUpSchema = z.object({
  email: z.string().trim().toLowerCase().email('Enter a valid email address.').max(320),
  password: z.string().min(10, 'The password needs at least 10 characters.').max(1024),
  name: z.string().trim().min(1, 'Enter your name.').max(100),
});
export type TSignUpInput = z.input<typeof ZSignUpSchema>;

// Same words whether the email is taken or the insert lost a race: no account enumeration.
const SIGN_UP_REFUSED = 'Could not create an account with these details. If you already have one, log in.';

/**
 * A new user with a password, their personal workspace (slug from the email's local part,
 * made unique) and their owner membership. Returns the user and the workspace slug.
 */
export async function signUp(db: PrismaClient, input: TSignUpInput) {
  const parsed = ZSignUpSchema.safeParse(input);
  if (!parsed.success) {
    throw new AppError('invalid_input', parsed.error.issues.map((issue) => issue.message).join(' '));
  }
  const { email, password, name } = parsed.data;
  // Hash before looking the email up, so a taken email answers no faster than a free one.
  const passwordHash = await hashPassword(password);
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    throw new AppError('conflict', SIGN_UP_REFUSED);
  }
  const workspace = await createPersonalWorkspace(db, email, name);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({ data: { email, name, passwordHash } });
      await tx.membership.create({ data: { workspaceId: workspace.id, userId: created.id, role: 'owner' } });
      return created;
    });
    return { user: { id: user.id, email: user.email, name: user.name }, workspaceSlug: workspace.slug };
  } catch (error) {
    // The workspace was made outside the transaction (createWorkspace runs its own): undo it.
    await db.workspace.delete({ where: { id: workspace.id } });
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', SIGN_UP_REFUSED);
    }
    throw error;
  }
}

/** `Ada.Lovelace+x@example.com` → `ada-lovelace-x`; at least 2 characters, room for a suffix. */
export function slugBase(email: string): string {
  const local = email.split('@')[0] ?? '';
  const slug = local.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 50).replace(/-+$/, '');
  return slug.length >= 2 ? slug : `ws-${slug || 'user'}`;
}

async function createPersonalWorkspace(db: PrismaClient, email: string, name: string) {
  const base = slugBase(email);
  const taken = new Set(
    (await db.workspace.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((w) => w.slug),
  );
  for (let suffix = 1; ; suffix++) {
    const slug = suffix === 1 ? base : `${base}-${suffix}`;
    if (taken.has(slug)) continue;
    try {
      return await createWorkspace(db, { slug, name: `${name}'s workspace` });
    } catch (error) {
      // Another sign-up took this slug between our read and our insert: try the next one.
      if (error instanceof AppError && error.code === 'conflict' && suffix < 20) continue;
      throw error;
    }
  }
}
