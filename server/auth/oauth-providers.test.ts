import type { OAuthConfig } from 'next-auth/providers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { oauthButtons, oauthProviderConfigs } from './oauth-providers';

const GITHUB = { AUTH_GITHUB_ID: 'gh-client', AUTH_GITHUB_SECRET: 'gh-secret' };
const GOOGLE = { AUTH_GOOGLE_ID: 'google-client.apps.googleusercontent.com', AUTH_GOOGLE_SECRET: 'google-secret' };

function oauth(config: Parameters<typeof oauthProviderConfigs>[0], id: string) {
  const provider = oauthProviderConfigs(config).find((entry) => (entry as OAuthConfig<unknown>).id === id);
  return provider as OAuthConfig<Record<string, unknown>> | undefined;
}

const urlOf = (endpoint: unknown) => (typeof endpoint === 'string' ? endpoint : (endpoint as { url: string }).url);

describe('oauthProviderConfigs and oauthButtons', () => {
  afterEach(() => vi.unstubAllGlobals());

  it('offers no OAuth provider, and no button, without both keys of a provider', () => {
    for (const config of [{}, { AUTH_GITHUB_ID: 'only-id' }, { AUTH_GOOGLE_SECRET: 'only-secret' }]) {
      expect(oauthProviderConfigs(config)).toEqual([]);
      expect(oauthButtons(config)).toEqual([]);
    }
  });

  it('points GitHub at github.com by default', () => {
    const github = oauth(GITHUB, 'github');
    expect(github?.options?.clientId).toBe('gh-client');
    expect(urlOf(github?.authorization)).toBe('https://github.com/login/oauth/authorize');
    expect(urlOf(github?.token)).toBe('https://github.com/login/oauth/access_token');
    expect(urlOf(github?.userinfo)).toBe('https://api.github.com/user');
  });

  it('points GitHub at a GitHub Enterprise Server when AUTH_GITHUB_ENTERPRISE_URL is set (trailing slash or not)', () => {
    for (const base of ['https://github.example.com', 'https://github.example.com/']) {
      const github = oauth({ ...GITHUB, AUTH_GITHUB_ENTERPRISE_URL: base }, 'github');
      expect(urlOf(github?.authorization)).toBe('https://github.example.com/login/oauth/authorize');
      expect(urlOf(github?.token)).toBe('https://github.example.com/login/oauth/access_token');
      expect(urlOf(github?.userinfo)).toBe('https://github.example.com/api/v3/user');
    }
  });

  it('configures Google (OIDC, accounts.google.com) with its client id and offers its button after GitHub', () => {
    const google = oauth({ ...GITHUB, ...GOOGLE }, 'google');
    expect(google?.options?.clientId).toBe(GOOGLE.AUTH_GOOGLE_ID);
    expect(google?.type).toBe('oidc');
    expect(google?.issuer).toBe('https://accounts.google.com');
    expect(oauthButtons({ ...GITHUB, ...GOOGLE })).toEqual([
      { id: 'github', name: 'GitHub' },
      { id: 'google', name: 'Google' },
    ]);
    expect(oauthButtons(GOOGLE)).toEqual([{ id: 'google', name: 'Google' }]);
  });

  it.each([
    ['the verified primary address', [{ email: 'ada@corp.example', primary: true, verified: true }, { email: 'x@y.example', primary: false, verified: true }], 'ada@corp.example'],
    ['a verified address when the primary one is not verified', [{ email: 'new@corp.example', primary: true, verified: false }, { email: 'old@corp.example', primary: false, verified: true }], 'old@corp.example'],
    ['no address when none is verified (the sign-in is then refused)', [{ email: 'new@corp.example', primary: true, verified: false }], null],
  ])('takes from GitHub %s', async (_label, emails, expected) => {
    const fetchMock = vi.fn(async () => Response.json(emails));
    vi.stubGlobal('fetch', fetchMock);
    const github = oauth({ ...GITHUB, AUTH_GITHUB_ENTERPRISE_URL: 'https://github.example.com' }, 'github');
    // Auth.js merges the options over the provider's defaults: ours replace the stock profile.
    const user = await github?.options?.profile?.(
      { id: 42, login: 'ada', name: null, email: 'public@unverified.example', avatar_url: 'https://github.example.com/a.png' },
      { access_token: 'token-1', token_type: 'bearer' },
    );
    expect(user).toEqual({ id: '42', name: 'ada', email: expected, image: 'https://github.example.com/a.png' });
    expect(fetchMock).toHaveBeenCalledWith('https://github.example.com/api/v3/user/emails', expect.objectContaining({
      headers: expect.objectContaining({ Authorization: 'Bearer token-1' }),
    }));
  });
});
