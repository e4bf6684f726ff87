import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type TGitHubUser = {
  id: number;
  login: string;
  name: string | null;
  emails: { email: string; primary: boolean; verified: boolean }[];
};

export type TGitHubStandIn = {
  /** The base URL to give the product as AUTH_GITHUB_ENTERPRISE_URL. */
  baseUrl: string;
  /** The user who "is signed in to GitHub" and authorizes the app; change it between tests. */
  user: TGitHubUser;
  /** Successful code-for-token exchanges so far. */
  tokensIssued: number;
  /** Requests the stand-in refused (wrong client, code, PKCE verifier or token), for assertions. */
  refusals: string[];
  close(): Promise<void>;
};

type TGrant = { clientId: string; redirectUri: string; codeChallenge: string | null; user: TGitHubUser };

/**
 * A GitHub Enterprise Server stand-in on 127.0.0.1: the OAuth app flow (authorize page, code
 * for token with client secret and PKCE) and the two API endpoints Auth.js's GitHub provider
 * reads, as https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps
 * describes them. It checks what GitHub checks, so a product that sends the wrong thing fails.
 */
export async function startGitHubStandIn(client: { id: string; secret: string }, user: TGitHubUser): Promise<TGitHubStandIn> {
  const grants = new Map<string, TGrant>();
  const tokens = new Map<string, TGitHubUser>();
  const standIn: Omit<TGitHubStandIn, 'baseUrl' | 'close'> = { user, tokensIssued: 0, refusals: [] };

  const refuse = (response: ServerResponse, status: number, reason: string) => {
    standIn.refusals.push(reason);
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: reason }));
  };
  const json = (response: ServerResponse, body: unknown) =>
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));

  function authorize(url: URL, response: ServerResponse) {
    const clientId = url.searchParams.get('client_id');
    const redirectUri = url.searchParams.get('redirect_uri');
    if (clientId !== client.id || !redirectUri) return refuse(response, 400, 'authorize: unknown client_id or no redirect_uri');
    const code = randomBytes(10).toString('hex');
    grants.set(code, { clientId, redirectUri, codeChallenge: url.searchParams.get('code_challenge'), user: standIn.user });
    const back = new URL(redirectUri);
    back.searchParams.set('code', code);
    const state = url.searchParams.get('state');
    if (state) back.searchParams.set('state', state);
    const href = back.toString().replace(/&/g, '&amp;').replace(/"/g, '&quot;');
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(
      `<!doctype html><title>Authorize application</title><h1>Authorize Tributary</h1>` +
        `<p>Signed in as ${standIn.user.login}</p><a href="${href}">Authorize</a>`,
    );
  }

  function accessToken(request: IncomingMessage, body: string, response: ServerResponse) {
    const form = new URLSearchParams(body);
    // Auth.js authenticates with HTTP Basic (client_secret_basic); GitHub also accepts the form fields.
    const basic = /^Basic (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    const [basicId, basicSecret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [];
    const clientId = basicId ?? form.get('client_id');
    const clientSecret = basicSecret ?? form.get('client_secret');
    if (clientId !== client.id || clientSecret !== client.secret) return refuse(response, 401, 'token: bad client credentials');
    const code = form.get('code') ?? '';
    const grant = grants.get(code);
    grants.delete(code); // a code is good once
    if (!grant || grant.clientId !== clientId) return refuse(response, 400, 'token: unknown or used code');
    if (form.get('redirect_uri') !== grant.redirectUri) return refuse(response, 400, 'token: redirect_uri differs from authorize');
    if (grant.codeChallenge) {
      const verifier = form.get('code_verifier') ?? '';
      if (createHash('sha256').update(verifier).digest('base64url') !== grant.codeChallenge) return refuse(response, 400, 'token: PKCE verifier mismatch');
    }
    if (!/application\/json/.test(request.headers.accept ?? '')) return refuse(response, 406, 'token: client did not ask for JSON');
    const token = `gho_${randomBytes(12).toString('hex')}`;
    tokens.set(token, grant.user);
    standIn.tokensIssued++;
    json(response, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
  }

  function api(path: string, request: IncomingMessage, response: ServerResponse) {
    const token = /^Bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1] ?? '';
    const owner = tokens.get(token);
    if (!owner) return refuse(response, 401, `${path}: bad or missing bearer token`);
    if (path === '/api/v3/user') {
      // No public email, like most GitHub users: the provider has to ask /user/emails.
      return json(response, { id: owner.id, login: owner.login, name: owner.name, email: null, avatar_url: `${baseUrl}/avatars/${owner.login}.png` });
    }
    return json(response, owner.emails);
  }

  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://stand-in');
      const route = `${request.method} ${url.pathname}`;
      if (route === 'GET /login/oauth/authorize') return authorize(url, response);
      if (route === 'POST /login/oauth/access_token') return accessToken(request, body, response);
      if (route === 'GET /api/v3/user' || route === 'GET /api/v3/user/emails') return api(url.pathname, request, response);
      // Not part of the protocol (the browser's favicon request, say): not a refusal.
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return Object.assign(standIn, {
    baseUrl,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
