import type { PrismaClient } from '../../db/client';
import { AppError } from '../app-error';
import { createWorkspace } from '../workspaces/create-workspace';

export type TNewUser = {
  email: string;
  name: string | null;
  passwordHash?: string | null;
  emailVerified?: Date | null;
  image?: string | null;
};

/**
 * A new user with their personal workspace (slug from the email's local part, made unique)
 * and their owner membership: what both password sign-up and a first OAuth sign-in create.
 * The user and the membership commit together; if they fail (the email was taken meanwhile:
 * Prisma's P2002), the workspace is removed again and the error goes to the caller.
 */
export async function createUserWithWorkspace(db: PrismaClient, data: TNewUser) {
  const email = data.email.trim().toLowerCase();
  const displayName = data.name?.trim() || email.split('@')[0] || email;
  const workspace = await createPersonalWorkspace(db, email, displayName);
  try {
    const user = await db.$transaction(async (tx) => {
      const created = await tx.user.create({
        data: {
          email,
          name: data.name ?? null,
          passwordHash: data.passwordHash ?? null,
          emailVerified: data.emailVerified ?? null,
          image: data.image ?? null,
        },
      });
      await tx.membership.create({ data: { workspaceId: workspace.id, userId: created.id, role: 'owner' } });
      return created;
    });
    return { user, workspace: { id: workspace.id, slug: workspace.slug } };
  } catch (error) {
    // The workspace was made outside the transaction (createWorkspace runs its own): undo it.
    await db.workspace.delete({ where: { id: workspace.id } });
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
