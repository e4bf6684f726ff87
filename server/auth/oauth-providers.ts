import GitHub from 'next-auth/providers/github';
import Google from 'next-auth/providers/google';
import type { Provider } from 'next-auth/providers';
import { z } from 'zod';
import type { TEnv } from '../env';

type TOAuthEnv = Pick<
  TEnv,
  'AUTH_GITHUB_ID' | 'AUTH_GITHUB_SECRET' | 'AUTH_GITHUB_ENTERPRISE_URL' | 'AUTH_GOOGLE_ID' | 'AUTH_GOOGLE_SECRET'
>;

export type TOAuthProviderId = 'github' | 'google';

/**
 * The Auth.js OAuth providers whose two keys are set. With AUTH_GITHUB_ENTERPRISE_URL the GitHub
 * provider talks to that GitHub Enterprise Server (`<base>/login/oauth/*`, `<base>/api/v3/*`)
 * instead of github.com. No provider enables `allowDangerousEmailAccountLinking`: an OAuth
 * sign-in whose email belongs to an existing user is refused (OAuthAccountNotLinked), because
 * the provider's word about an email must not hand over an account that proved it otherwise.
 */
export function oauthProviderConfigs(config: TOAuthEnv): Provider[] {
  const list: Provider[] = [];
  if (config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET) {
    const baseUrl = config.AUTH_GITHUB_ENTERPRISE_URL?.replace(/\/+$/, '');
    const apiUrl = baseUrl ? `${baseUrl}/api/v3` : 'https://api.github.com';
    list.push(
      GitHub({
        clientId: config.AUTH_GITHUB_ID,
        clientSecret: config.AUTH_GITHUB_SECRET,
        ...(baseUrl ? { enterprise: { baseUrl } } : {}),
        // The stock profile takes the public or primary address whether or not GitHub verified it.
        profile: async (profile, tokens) => ({
          id: String(profile.id),
          name: profile.name ?? profile.login,
          email: tokens.access_token ? await verifiedGitHubEmail(apiUrl, tokens.access_token) : null,
          image: profile.avatar_url,
        }),
      }),
    );
  }
  if (config.AUTH_GOOGLE_ID && config.AUTH_GOOGLE_SECRET) {
    list.push(Google({ clientId: config.AUTH_GOOGLE_ID, clientSecret: config.AUTH_GOOGLE_SECRET }));
  }
  return list;
}

const ZGitHubEmailsSchema = z.array(z.object({ email: z.string(), primary: z.boolean(), verified: z.boolean() }));

/** The user's primary address if GitHub verified it, else another verified one, else null. */
async function verifiedGitHubEmail(apiUrl: string, accessToken: string): Promise<string | null> {
  const response = await fetch(`${apiUrl}/user/emails`, {
    headers: { Authorization: `Bearer ${accessToken}`, Accept: 'application/vnd.github+json', 'User-Agent': 'tributary' },
  });
  if (!response.ok) return null;
  const parsed = ZGitHubEmailsSchema.safeParse(await response.json());
  if (!parsed.success) return null;
  const verified = parsed.data.filter((entry) => entry.verified);
  return (verified.find((entry) => entry.primary) ?? verified[0])?.email ?? null;
}

/** The OAuth sign-in buttons of the login and sign-up pages: the same providers, by id and name. */
export function oauthButtons(config: TOAuthEnv): { id: TOAuthProviderId; name: string }[] {
  return [
    ...(config.AUTH_GITHUB_ID && config.AUTH_GITHUB_SECRET ? [{ id: 'github' as const, name: 'GitHub' }] : []),
    ...(config.AUTH_GOOGLE_ID && config.AUTH_GOOGLE_SECRET ? [{ id: 'google' as const, name: 'Google' }] : []),
  ];
}
