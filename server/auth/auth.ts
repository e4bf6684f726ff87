import { PrismaAdapter } from '@auth/prisma-adapter';
import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import type { Provider } from 'next-auth/providers';
import { prisma } from '../db/client';
import { env } from '../env';
import { clientIpOf, verifyCredentials } from './verify-credentials';

/** Too many failed sign-ins for this email or from this address; the URL carries `code=rate_limited`. */
class RateLimitedSignin extends CredentialsSignin {
  code = 'rate_limited';
}

function providers(): Provider[] {
  const config = env();
  const list: Provider[] = [
    Credentials({
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, request) {
        const outcome = await verifyCredentials(prisma(), credentials, clientIpOf(request.headers));
        if (outcome.ok) return outcome.user;
        if (outcome.reason === 'rate_limited') throw new RateLimitedSignin();
        return null;
      },
    }),
  ];
  if (config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET) {
    list.push(GitHub({ clientId: config.AUTH_GITHUB_ID, clientSecret: config.AUTH_GITHUB_SECRET }));
  }
  if (config.AUTH_GOOGLE_ID && config.AUTH_GOOGLE_SECRET) {
    list.push(Google({ clientId: config.AUTH_GOOGLE_ID, clientSecret: config.AUTH_GOOGLE_SECRET }));
  }
  return list;
}

/** The OAuth providers offered on the login page (ids and names), from the same env keys. */
export function oauthProviders(): { id: 'github' | 'google'; name: string }[] {
  const config = env();
  return [
    ...(config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET ? [{ id: 'github' as const, name: 'GitHub' }] : []),
    ...(config.AUTH_GOOGLE_ID && config.AUTH_GOOGLE_SECRET ? [{ id: 'google' as const, name: 'Google' }] : []),
  ];
}

// Built per request (the function form), not at import: `next build` imports this module
// without a database or secrets.
function config(): NextAuthConfig {
  return {
    adapter: PrismaAdapter(prisma()),
    // JWT sessions: the Credentials provider cannot create database sessions.
    session: { strategy: 'jwt' },
    secret: env().AUTH_SECRET,
    // Self-hosted: the Host header is the app's own (set AUTH_URL to pin it behind a proxy).
    trustHost: true,
    providers: providers(),
    pages: { signIn: '/login' },
    callbacks: {
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

export const { handlers, auth, signIn, signOut } = NextAuth(() => config());

/** The signed-in user's id, or null. */
export async function currentUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
