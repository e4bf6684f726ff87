import { initTRPC, TRPCError, type TRPC_ERROR_CODE_KEY } from '@trpc/server';
import { z } from 'zod';
import type { PrismaClient } from '../db/client';
import { AppError, type TAppErrorCode } from '../services/app-error';
import { hasRole, type TRole } from '../services/context';
import { resolveWorkspaceMember } from '../services/workspaces/resolve-workspace-member';

export type TSessionUser = { id: string; email: string; name: string | null };

/**
 * What every call starts from: the signed-in user (null without a session) and the workspace
 * slug of the page that made the call (from its `/w/[workspace]/...` URL), not yet trusted.
 */
export type TTRPCContext = {
  db: PrismaClient;
  user: TSessionUser | null;
  workspaceSlug: string | null;
  /** Where the call came from (`https://host[:port]`), for links in mail; absent in-process. */
  origin?: string | null;
};

function trpcCodeOf(code: TAppErrorCode): TRPC_ERROR_CODE_KEY {
  switch (code) {
    case 'not_found':
      return 'NOT_FOUND';
    case 'forbidden':
      return 'FORBIDDEN';
    case 'unauthenticated':
      return 'UNAUTHORIZED';
    case 'invalid_input':
      return 'BAD_REQUEST';
    case 'conflict':
      return 'CONFLICT';
    case 'rate_limited':
      return 'TOO_MANY_REQUESTS';
  }
}

const t = initTRPC.context<TTRPCContext>().create({
  // Shapes every error the client sees: field problems of an AppError, zod issues of bad input.
  errorFormatter({ shape, error }) {
    const cause = error.cause;
    return {
      ...shape,
      data: {
        ...shape.data,
        problems: cause instanceof AppError ? cause.problems : [],
        zodIssues: cause instanceof z.ZodError ? cause.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) : [],
      },
    };
  },
});

/**
 * The one place an AppError becomes a TRPCError. It has to be a middleware rather than the
 * formatter: the formatter only shapes the JSON, while the code (and with it the HTTP status
 * and what `createCaller` throws) is fixed when the error is raised.
 */
const appErrors = t.middleware(async ({ next }) => {
  const result = await next();
  if (!result.ok && result.error.cause instanceof AppError) {
    const cause = result.error.cause;
    throw new TRPCError({ code: trpcCodeOf(cause.code), message: cause.message, cause });
  }
  return result;
});

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;
export const publicProcedure = t.procedure.use(appErrors);

export const authedProcedure = publicProcedure.use(({ ctx, next }) => {
  if (!ctx.user) throw new AppError('unauthenticated', 'Sign in to continue.');
  return next({ ctx: { ...ctx, user: ctx.user } });
});

/** A member of the URL's workspace; `ctx.service` is the context every service takes. */
export const workspaceProcedure = authedProcedure.use(async ({ ctx, next }) => {
  if (!ctx.workspaceSlug) throw new AppError('not_found', 'No workspace was named.');
  const { workspace, ...service } = await resolveWorkspaceMember(ctx.db, ctx.user, ctx.workspaceSlug);
  return next({ ctx: { ...ctx, workspace, service } });
});

/** A member with at least this role. Services check again: this makes the refusal early and uniform. */
export function roleProcedure(min: TRole) {
  return workspaceProcedure.use(({ ctx, next }) => {
    if (!hasRole(ctx.service.role, min)) {
      throw new AppError('forbidden', `This needs the ${min} role; you are ${ctx.service.role} in this workspace.`);
    }
    return next();
  });
}
