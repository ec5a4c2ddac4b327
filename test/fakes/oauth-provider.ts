/**
 * A fake OAuth 2.0 authorization server on loopback, with the resource endpoints each connector
 * reads to find the account, in five dialects that follow the platforms' documented shapes:
 *
 * - `mastodon`: https://docs.joinmastodon.org/methods/apps/#create (POST /api/v1/apps → Application
 *   with client_id/client_secret), https://docs.joinmastodon.org/methods/oauth/ (GET
 *   /oauth/authorize, POST /oauth/token → {access_token, token_type:"Bearer", scope, created_at};
 *   PKCE S256; errors `{error, error_description}` 400 invalid_grant / 401 invalid_client),
 *   https://docs.joinmastodon.org/methods/accounts/#verify_credentials
 * - `x`: https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code and
 *   …/user-access-token (GET /i/oauth2/authorize with mandatory PKCE; POST /2/oauth2/token, Basic
 *   auth for confidential clients → {token_type:"bearer", expires_in:7200, access_token, scope,
 *   refresh_token} with offline.access; refresh tokens rotate), GET /2/users/me
 * - `linkedin`: https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow
 *   (GET /oauth/v2/authorization; POST /oauth/v2/accessToken with client_id/client_secret in the
 *   form → {access_token, expires_in, refresh_token, refresh_token_expires_in, scope}; a refusal is
 *   error=user_cancelled_authorize), "Organization Access Control by Role" (GET
 *   /rest/organizationAcls?q=roleAssignee&role=ADMINISTRATOR&state=APPROVED → {elements:[{organization}]}),
 *   GET /rest/organizations/{id} → {id, localizedName, vanityName}
 * - `meta`: https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow
 *   (GET /v21.0/dialog/oauth; GET /v21.0/oauth/access_token?client_id&redirect_uri&client_secret&code;
 *   refusal: error=access_denied&error_reason=user_denied), …/access-tokens/get-long-lived
 *   (grant_type=fb_exchange_token → long-lived user token; GET /me/accounts → Pages with their
 *   tokens), Graph errors `{error:{message,type:"OAuthException",code,error_subcode,fbtrace_id}}`
 *   (100/36009: code already used)
 * - `google`: https://developers.google.com/identity/protocols/oauth2/web-server (GET
 *   /o/oauth2/v2/auth; POST /token → {access_token, expires_in:3599, refresh_token (offline
 *   access only), scope, token_type:"Bearer"}; `{error:"invalid_grant"}`), YouTube "Channels: list"
 *
 * Every code is single use, bound to its client and redirect URI, expires in one minute, and is
 * checked against its PKCE challenge; every client authenticates as its dialect requires.
 */
import crypto from 'node:crypto';
import { bearer, type FakeRequest, type FakeServer, type Reply, startFake } from './kernel.ts';

export type Dialect = 'mastodon' | 'x' | 'linkedin' | 'meta' | 'google';

export interface FakeClient {
  clientId: string;
  clientSecret: string | null;
  redirectUris: string[];
}

interface Grant {
  clientId: string;
  redirectUri: string;
  scope: string;
  challenge: string | null;
  method: string | null;
  expires: number;
  used: boolean;
}

export interface OAuthFake extends FakeServer {
  dialect: Dialect;
  clients: Map<string, FakeClient>;
  /** What the person at the authorization server does next: approve, or refuse with this error. */
  decision: 'approve' | 'deny';
  /** Access tokens issued, with their kind (Meta: short- and long-lived user tokens, Page tokens). */
  tokens: Map<string, { kind: 'user' | 'user_long' | 'page'; clientId: string }>;
  refreshTokens: Map<string, string>;
  /** Mastodon apps registered through POST /api/v1/apps. */
  registrations: Array<{ clientName: string; redirectUris: string[]; scopes: string }>;
  /** Plays the browser: follows the authorization URL and returns the redirect it answers. */
  authorize(url: string): Promise<URL>;
  register(client: FakeClient): void;
}

const rand = (n = 24) => crypto.randomBytes(n).toString('base64url');
const s256 = (v: string) => crypto.createHash('sha256').update(v, 'ascii').digest('base64url');

/** Basic credentials (RFC 6749 §2.3.1), if present. */
function basic(req: FakeRequest): { id: string; secret: string } | null {
  const h = String(req.headers.authorization ?? '');
  if (!h.startsWith('Basic ')) return null;
  const [id, ...rest] = Buffer.from(h.slice(6), 'base64').toString('utf8').split(':');
  return { id: id ?? '', secret: rest.join(':') };
}

export async function startOAuthFake(dialect: Dialect, opts: { clients?: FakeClient[] } = {}): Promise<OAuthFake> {
  const clients = new Map<string, FakeClient>((opts.clients ?? []).map((c) => [c.clientId, c]));
  const grants = new Map<string, Grant>();
  const tokens: OAuthFake['tokens'] = new Map();
  const refreshTokens = new Map<string, string>();
  const registrations: OAuthFake['registrations'] = [];
  const state = { decision: 'approve' as 'approve' | 'deny' };
  const v = '/v21.0';

  /** The standard error of the token endpoint in this dialect. */
  const oauthError = (status: number, error: string, description: string): Reply => {
    if (dialect === 'meta') {
      const map: Record<string, [number, number | undefined]> = { invalid_grant: [100, 36009], invalid_client: [1, undefined], invalid_request: [100, undefined] };
      const [code, sub] = map[error] ?? [100, undefined];
      return { status: 400, body: { error: { message: description, type: 'OAuthException', code, ...(sub ? { error_subcode: sub } : {}), fbtrace_id: rand(8) } } };
    }
    return { status, body: { error, error_description: description } };
  };

  const fields = (req: FakeRequest): Map<string, string> => {
    const m = new Map<string, string>();
    if (req.method === 'GET') for (const [k, val] of req.query) m.set(k, val);
    else for (const [k, val] of req.form ?? []) if (typeof val === 'string') m.set(k, val);
    return m;
  };

  /** The client of a token request, authenticated as the dialect says, or an error reply. */
  function clientOf(req: FakeRequest, f: Map<string, string>): FakeClient | Reply {
    const b = basic(req);
    const id = b?.id ?? f.get('client_id') ?? '';
    const c = clients.get(id);
    if (!c) return oauthError(401, 'invalid_client', 'Client authentication failed due to unknown client.');
    if (b && f.get('client_id') && f.get('client_id') !== b.id) return oauthError(400, 'invalid_request', 'client_id does not match the authorization header.');
    if (c.clientSecret) {
      // X: confidential clients must use Basic; the others send the secret in the form (Meta: query).
      const secret = dialect === 'x' ? b?.secret : (f.get('client_secret') ?? b?.secret);
      if (dialect === 'x' && !b) return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
      if (secret !== c.clientSecret) return oauthError(401, 'invalid_client', 'Client authentication failed.');
    }
    return c;
  }

  function issue(clientId: string, scope: string, offline: boolean, kind: 'user' | 'user_long' = 'user'): Record<string, unknown> {
    const access = rand();
    tokens.set(access, { kind, clientId });
    const out: Record<string, unknown> = { access_token: access };
    const refresh = offline ? rand() : null;
    if (refresh) refreshTokens.set(refresh, clientId);
    switch (dialect) {
      case 'mastodon':
        return { ...out, token_type: 'Bearer', scope, created_at: Math.floor(Date.now() / 1000) };
      case 'x':
        return { ...out, token_type: 'bearer', expires_in: 7200, scope, ...(refresh ? { refresh_token: refresh } : {}) };
      case 'linkedin':
        return { ...out, expires_in: 5_184_000, scope: scope.replace(/ /g, ','), ...(refresh ? { refresh_token: refresh, refresh_token_expires_in: 31_536_000 } : {}) };
      case 'google':
        return { ...out, expires_in: 3599, scope, token_type: 'Bearer', ...(refresh ? { refresh_token: refresh } : {}) };
      case 'meta':
        return { ...out, token_type: 'bearer', expires_in: kind === 'user_long' ? 5_183_944 : 5_400 };
    }
  }

  /** authorization_code and refresh_token grants (RFC 6749 §4.1.3, §6). */
  function token(req: FakeRequest): Reply {
    const f = fields(req);
    const c = clientOf(req, f);
    if ('status' in c) return c;
    const grantType = f.get('grant_type') ?? (dialect === 'meta' && f.get('code') ? 'authorization_code' : '');
    if (grantType === 'refresh_token') {
      const owner = refreshTokens.get(f.get('refresh_token') ?? '');
      if (owner !== c.clientId) return oauthError(400, 'invalid_grant', 'Invalid refresh token.');
      const rotates = dialect === 'x' || dialect === 'linkedin';
      if (rotates) refreshTokens.delete(f.get('refresh_token')!);
      const body = issue(c.clientId, 'refreshed', rotates);
      return { status: 200, body: rotates ? body : (({ refresh_token: _r, ...rest }) => rest)(body as { refresh_token?: unknown }) };
    }
    if (dialect === 'meta' && f.get('grant_type') === 'fb_exchange_token') {
      const short = tokens.get(f.get('fb_exchange_token') ?? '');
      if (!short || short.kind !== 'user' || short.clientId !== c.clientId) return oauthError(400, 'invalid_request', 'Invalid OAuth access token.');
      return { status: 200, body: issue(c.clientId, '', false, 'user_long') };
    }
    if (grantType !== 'authorization_code') return oauthError(400, 'unsupported_grant_type', `grant_type ${grantType} is not supported`);
    const code = f.get('code') ?? '';
    const g = grants.get(code);
    if (!g) return oauthError(400, 'invalid_grant', 'Invalid verification code format.');
    if (g.used) return oauthError(400, 'invalid_grant', 'This authorization code has been used.');
    g.used = true;
    if (g.expires < Date.now()) return oauthError(400, 'invalid_grant', 'This authorization code has expired.');
    if (g.clientId !== c.clientId) return oauthError(400, 'invalid_grant', 'The code was issued to another client.');
    if (f.get('redirect_uri') !== g.redirectUri) return oauthError(400, dialect === 'google' ? 'redirect_uri_mismatch' : 'invalid_grant', 'redirect_uri does not match the authorization request.');
    if (g.challenge) {
      const verifier = f.get('code_verifier') ?? '';
      if (!verifier || s256(verifier) !== g.challenge) return oauthError(400, 'invalid_grant', 'The code_verifier does not match the code_challenge.');
    }
    const offline = dialect === 'x' ? g.scope.split(' ').includes('offline.access') : dialect === 'linkedin' || dialect === 'google';
    return { status: 200, body: issue(c.clientId, g.scope, offline) };
  }

  /** The authorization endpoint: validates the request, then redirects with a code or an error. */
  function authorizeEndpoint(req: FakeRequest): Reply {
    const q = req.query;
    const c = clients.get(q.get('client_id') ?? '');
    const redirectUri = q.get('redirect_uri') ?? '';
    // RFC 6749 §4.1.2.1: with an unknown client or redirect URI the server must not redirect.
    if (!c || !c.redirectUris.includes(redirectUri)) return { status: 400, body: { error: 'invalid_request', error_description: 'unknown client or redirect_uri' } };
    const back = new URL(redirectUri);
    const st = q.get('state');
    if (st) back.searchParams.set('state', st);
    const fail = (error: string, description: string, extra: Record<string, string> = {}) => {
      back.searchParams.set('error', error);
      back.searchParams.set('error_description', description);
      for (const [k, val] of Object.entries(extra)) back.searchParams.set(k, val);
      return { status: 302, headers: { location: back.toString() } };
    };
    if (q.get('response_type') !== 'code') return fail('unsupported_response_type', 'response_type must be code');
    const challenge = q.get('code_challenge');
    const method = q.get('code_challenge_method');
    if (dialect === 'x' && !challenge) return fail('invalid_request', 'code_challenge is required');
    if (challenge && method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (dialect === 'google' && q.get('access_type') !== 'offline') return fail('invalid_request', 'this fake expects access_type=offline');
    if (state.decision === 'deny') {
      if (dialect === 'meta') return fail('access_denied', 'Permissions error', { error_reason: 'user_denied', error_code: '200' });
      if (dialect === 'linkedin') return fail('user_cancelled_authorize', 'The user cancelled the authorization');
      return fail('access_denied', 'The resource owner or authorization server denied the request.');
    }
    const code = rand();
    const scope = (q.get('scope') ?? '').replace(/,/g, ' ');
    grants.set(code, { clientId: c.clientId, redirectUri, scope, challenge, method, expires: Date.now() + 60_000, used: false });
    back.searchParams.set('code', code);
    return { status: 302, headers: { location: back.toString() } };
  }

  const authed = (req: FakeRequest, kinds: Array<'user' | 'user_long' | 'page'>) => {
    const t = tokens.get(bearer(req) ?? '');
    return t && kinds.includes(t.kind) ? t : null;
  };
  const unauthorized: Reply = dialect === 'meta'
    ? { status: 400, body: { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: rand(8) } } }
    : { status: 401, body: { error: 'The access token is invalid' } };

  /** Pages the Meta user manages: one with an Instagram professional account, one without. */
  const pages = [
    { id: '1010', name: 'Comune di Esempio', username: 'comune.esempio', ig: { id: '17841400000000001', username: 'comune.esempio' } },
    { id: '2020', name: 'Biblioteca civica', username: 'biblioteca.esempio', ig: null },
  ];
  const pageTokens = new Map<string, string>(); // token → page id

  const routes = {
    mastodon: [
      {
        method: 'POST',
        path: /^\/api\/v1\/apps$/,
        handle: (req: FakeRequest): Reply => {
          const f = req.form ?? new Map();
          const name = f.get('client_name');
          const uris = f.get('redirect_uris');
          if (typeof name !== 'string' || !name) return { status: 422, body: { error: "Validation failed: Application name can't be blank" } };
          if (typeof uris !== 'string' || !/^https?:\/\//.test(uris)) return { status: 422, body: { error: 'Validation failed: Redirect URI must be an absolute URI.' } };
          const scopes = typeof f.get('scopes') === 'string' ? (f.get('scopes') as string) : 'read';
          const client: FakeClient = { clientId: rand(), clientSecret: rand(), redirectUris: uris.split(/\s+/) };
          clients.set(client.clientId, client);
          registrations.push({ clientName: name, redirectUris: client.redirectUris, scopes });
          return { status: 200, body: { id: String(registrations.length), name, website: f.get('website') ?? null, scopes: scopes.split(' '), redirect_uri: uris, redirect_uris: client.redirectUris, client_id: client.clientId, client_secret: client.clientSecret, client_secret_expires_at: 0 } };
        },
      },
      { method: 'GET', path: /^\/oauth\/authorize$/, handle: authorizeEndpoint },
      { method: 'POST', path: /^\/oauth\/token$/, handle: token },
      {
        method: 'GET',
        path: /^\/api\/v1\/accounts\/verify_credentials$/,
        handle: (req: FakeRequest): Reply =>
          authed(req, ['user']) ? { status: 200, body: { id: '109000000000000001', username: 'comune', acct: 'comune', display_name: 'Comune di Esempio', url: 'https://esempio.social/@comune' } } : unauthorized,
      },
    ],
    x: [
      { method: 'GET', path: /^\/i\/oauth2\/authorize$/, handle: authorizeEndpoint },
      { method: 'POST', path: /^\/2\/oauth2\/token$/, handle: token },
      {
        method: 'GET',
        path: /^\/2\/users\/me$/,
        handle: (req: FakeRequest): Reply => (authed(req, ['user']) ? { status: 200, body: { data: { id: '1500000000000000001', name: 'Comune di Esempio', username: 'ComuneEsempio' } } } : { status: 401, body: { title: 'Unauthorized', type: 'about:blank', status: 401, detail: 'Unauthorized' } }),
      },
    ],
    linkedin: [
      { method: 'GET', path: /^\/oauth\/v2\/authorization$/, handle: authorizeEndpoint },
      { method: 'POST', path: /^\/oauth\/v2\/accessToken$/, handle: token },
      {
        method: 'GET',
        path: /^\/rest\/organizationAcls$/,
        handle: (req: FakeRequest): Reply => {
          if (!authed(req, ['user'])) return { status: 401, body: { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' } };
          if (req.query.get('q') !== 'roleAssignee' || !req.headers['linkedin-version']) return { status: 400, body: { status: 400, message: 'bad request' } };
          return { status: 200, body: { paging: { count: 10, start: 0 }, elements: ['5550001', '5550002'].map((id) => ({ roleAssignee: 'urn:li:person:abc', state: 'APPROVED', role: 'ADMINISTRATOR', organization: `urn:li:organization:${id}` })) } };
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/organizations\/(\d+)$/,
        handle: (req: FakeRequest, [id]: string[]): Reply => {
          if (!authed(req, ['user'])) return { status: 401, body: { status: 401, serviceErrorCode: 65600, code: 'INVALID_ACCESS_TOKEN', message: 'Invalid access token' } };
          const names: Record<string, [string, string]> = { '5550001': ['Comune di Esempio', 'comune-di-esempio'], '5550002': ['Biblioteca civica', 'biblioteca-esempio'] };
          const n = names[id!];
          return n ? { status: 200, body: { id: Number(id), localizedName: n[0], vanityName: n[1] } } : { status: 404, body: { status: 404, message: 'Not found' } };
        },
      },
    ],
    meta: [
      { method: 'GET', path: new RegExp(`^${v}/dialog/oauth$`), handle: authorizeEndpoint },
      { method: 'GET', path: new RegExp(`^${v}/oauth/access_token$`), handle: token },
      {
        method: 'GET',
        path: new RegExp(`^${v}/me/accounts$`),
        handle: (req: FakeRequest): Reply => {
          const t = authed(req, ['user', 'user_long']);
          if (!t) return unauthorized;
          const data = pages.map((p) => {
            // Page tokens from a long-lived user token do not expire; from a short-lived one they do.
            const pageToken = `${t.kind === 'user_long' ? 'PAGE_LL' : 'PAGE_SL'}_${p.id}_${rand(8)}`;
            tokens.set(pageToken, { kind: 'page', clientId: t.clientId });
            pageTokens.set(pageToken, p.id);
            return { id: p.id, name: p.name, username: p.username, access_token: pageToken, category: 'Government organization', tasks: ['CREATE_CONTENT', 'MANAGE', 'MODERATE'], ...(p.ig ? { instagram_business_account: { id: p.ig.id, username: p.ig.username } } : {}) };
          });
          return { status: 200, body: { data, paging: { cursors: { before: 'b', after: 'a' } } } };
        },
      },
      {
        method: 'GET',
        path: new RegExp(`^${v}/(\\d+)$`),
        handle: (req: FakeRequest, [id]: string[]): Reply => {
          const pageOfToken = pageTokens.get(bearer(req) ?? '');
          if (!pageOfToken) return unauthorized;
          const page = pages.find((p) => p.id === id);
          if (page && page.id === pageOfToken) return { status: 200, body: { id: page.id, name: page.name, link: `https://www.facebook.com/${page.username}` } };
          const ig = pages.find((p) => p.ig?.id === id && p.id === pageOfToken)?.ig;
          if (ig) return { status: 200, body: { id: ig.id, username: ig.username, name: 'Comune di Esempio' } };
          return { status: 400, body: { error: { message: 'Unsupported get request.', type: 'GraphMethodException', code: 100, error_subcode: 33, fbtrace_id: rand(8) } } };
        },
      },
    ],
    google: [
      { method: 'GET', path: /^\/o\/oauth2\/v2\/auth$/, handle: authorizeEndpoint },
      { method: 'POST', path: /^\/token$/, handle: token },
      {
        method: 'GET',
        path: /^\/youtube\/v3\/channels$/,
        handle: (req: FakeRequest): Reply =>
          authed(req, ['user'])
            ? { status: 200, body: { kind: 'youtube#channelListResponse', items: [{ kind: 'youtube#channel', id: 'UCcomuneEsempio000000000', snippet: { title: 'Comune di Esempio', customUrl: '@comunediesempio' }, contentDetails: { relatedPlaylists: { uploads: 'UUcomuneEsempio000000000' } } }] } }
            : { status: 401, body: { error: { code: 401, message: 'Request had invalid authentication credentials.', errors: [{ domain: 'global', reason: 'authError' }] } } },
      },
    ],
  } satisfies Record<Dialect, Array<{ method: string; path: RegExp; handle: (req: FakeRequest, params: string[]) => Reply }>>;

  const server = await startFake({ routes: routes[dialect] });
  return {
    ...server,
    dialect,
    clients,
    tokens,
    refreshTokens,
    registrations,
    get decision() {
      return state.decision;
    },
    set decision(d) {
      state.decision = d;
    },
    register: (c) => void clients.set(c.clientId, c),
    async authorize(url: string) {
      const res = await fetch(url, { redirect: 'manual' });
      const location = res.headers.get('location');
      if (res.status !== 302 || !location) throw new Error(`authorization endpoint answered ${res.status}: ${await res.text()}`);
      return new URL(location);
    },
  };
}
