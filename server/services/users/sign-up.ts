import { z } from 'zod';
import { hashPassword } from '../../auth/password';
import { Prisma, type PrismaClient } from '../../db/client';
import { AppError } from '../app-error';
import { createUserWithWorkspace } from './create-user-with-workspace';

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
  try {
    const { user, workspace } = await createUserWithWorkspace(db, { email, name, passwordHash });
    return { user: { id: user.id, email: user.email, name: user.name }, workspaceSlug: workspace.slug };
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002') {
      throw new AppError('conflict', SIGN_UP_REFUSED);
    }
    throw error;
  }
}
