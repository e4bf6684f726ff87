import { PrismaAdapter } from '@auth/prisma-adapter';
import type { Adapter, AdapterUser } from 'next-auth/adapters';
import type { PrismaClient } from '../db/client';
import { createUserWithWorkspace } from '../services/users/create-user-with-workspace';

/**
 * Auth.js's Prisma adapter, except that creating a user (a first OAuth sign-in) also creates
 * their personal workspace and owner membership, as password sign-up does.
 *
 * This is done in the adapter and not in `events.createUser`: Auth.js logs and swallows an
 * event's error, which would leave a user without a workspace; an adapter error fails the
 * sign-in instead, and createUserWithWorkspace leaves no half-made user or workspace behind.
 */
export function authAdapter(db: PrismaClient): Adapter {
  const base = PrismaAdapter(db);
  return {
    ...base,
    async createUser(data: AdapterUser): Promise<AdapterUser> {
      // Auth.js's own random id is dropped (as PrismaAdapter does): the database assigns ids.
      const { user } = await createUserWithWorkspace(db, {
        email: data.email,
        name: data.name ?? null,
        emailVerified: data.emailVerified,
        image: data.image ?? null,
      });
      return { id: user.id, email: user.email, name: user.name, image: user.image, emailVerified: user.emailVerified };
    },
  };
}
