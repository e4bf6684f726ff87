import NextAuth, { CredentialsSignin, type NextAuthConfig } from 'next-auth';
import Credentials from 'next-auth/providers/credentials';
import { NextRequest } from 'next/server';
import type { Provider } from 'next-auth/providers';
import { prisma } from '../db/client';
import { env } from '../env';
import { authAdapter } from './auth-adapter';
import { oauthButtons, oauthProviderConfigs, type TOAuthProviderId } from './oauth-providers';
import { clientIpOf, verifyCredentials } from './verify-credentials';

/** Too many failed sign-ins for this email or from this address; the URL carries `code=rate_limited`. */
class RateLimitedSignin extends CredentialsSignin {
  code = 'rate_limited';
}

function providers(): Provider[] {
  return [
    Credentials({
      credentials: { email: { type: 'email' }, password: { type: 'password' } },
      async authorize(credentials, request) {
        const outcome = await verifyCredentials(prisma(), credentials, clientIpOf(request.headers));
        if (outcome.ok) return outcome.user;
        if (outcome.reason === 'rate_limited') throw new RateLimitedSignin();
        return null;
      },
    }),
    ...oauthProviderConfigs(env()),
  ];
}

/** The OAuth providers offered on the login page (ids and names), from the same env keys. */
export function oauthProviders(): { id: TOAuthProviderId; name: string }[] {
  return oauthButtons(env());
}

// Built per request (the function form), not at import: `next build` imports this module
// without a database or secrets.
function config(): NextAuthConfig {
  return {
    // Creates a first OAuth user's personal workspace with the user (auth-adapter.ts).
    adapter: authAdapter(prisma()),
    // JWT sessions: the Credentials provider cannot create database sessions. For OAuth users
    // too, the token's `sub` is the database user's id (Auth.js sets it from the adapter's user).
    session: { strategy: 'jwt' },
    secret: env().AUTH_SECRET,
    // Self-hosted: the Host header is the app's own (set AUTH_URL to pin it behind a proxy).
    trustHost: true,
    providers: providers(),
    // Every sign-in failure (OAuthAccountNotLinked, AccessDenied, a provider's error) comes back
    // to the login page as `?error=<type>`, which says what happened, instead of Auth.js's page.
    pages: { signIn: '/login', error: '/login' },
    callbacks: {
      signIn({ account, profile, user }) {
        if (!account || account.type === 'credentials') return true;
        // A user row needs an email, and only a verified one may name the user: the GitHub
        // provider keeps only a verified address (oauth-providers.ts), Google says so itself.
        if (!user.email) return false;
        if (account.provider === 'google' && profile?.email_verified !== true) return false;
        return true;
      },
      session({ session, token }) {
        if (token.sub) session.user.id = token.sub;
        return session;
      },
    },
  };
}

const nextAuth = NextAuth(() => config());
export const { auth, signIn, signOut } = nextAuth;

/**
 * Auth.js's route handlers, given the request under the exact address the browser used.
 * Without AUTH_URL, Next hands a route handler its listening address (`http://0.0.0.0:3000/...`
 * under `npm start`) and renames a loopback host (127.0.0.1) to `localhost`; Auth.js would build
 * the OAuth callback's redirect_uri and its redirects on that, unlike the authorization request,
 * which the login page's server action builds from the Host header: the provider then refuses
 * the code exchange. `trustHost` already trusts that header (and X-Forwarded-Host/-Proto).
 */
export const handlers = {
  GET: (request: NextRequest) => nextAuth.handlers.GET(withBrowserOrigin(request)),
  POST: (request: NextRequest) => nextAuth.handlers.POST(withBrowserOrigin(request)),
};

function withBrowserOrigin(request: NextRequest): NextRequest {
  // With AUTH_URL, next-auth puts that origin on the request itself.
  if (env().AUTH_URL) return request;
  const host = (request.headers.get('x-forwarded-host') ?? request.headers.get('host'))?.split(',')[0]?.trim();
  const protocol = request.headers.get('x-forwarded-proto')?.split(',')[0]?.trim() ?? request.nextUrl.protocol;
  if (!host) return request;
  let url: string;
  try {
    url = new URL(`${request.nextUrl.pathname}${request.nextUrl.search}`, `${protocol.replace(/:?$/, ':')}//${host}`).href;
  } catch {
    return request;
  }
  const forwarded = new NextRequest(url, request);
  // A new NextRequest renames 127.0.0.1 to localhost again; Auth.js reads only `url`, so that
  // one property carries the exact address.
  Object.defineProperty(forwarded, 'url', { value: url });
  return forwarded;
}

/** The signed-in user's id, or null. */
export async function currentUserId(): Promise<string | null> {
  const session = await auth();
  return session?.user?.id ?? null;
}
