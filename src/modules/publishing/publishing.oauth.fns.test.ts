import { describe, expect, test } from 'vitest';
import {
  authorizationUrl,
  canonicalInstance,
  challengeOf,
  landing,
  newState,
  newVerifier,
  oauthSettingsFromEnv,
  parseState,
  parseTokenAnswer,
  pickOne,
  PROVIDERS,
  redirectError,
  tokenError,
  tokenRequest,
  type OAuthApp,
  type OAuthPlatform,
} from './publishing.oauth.fns.ts';

const ENTE = '0b6f6c2e-6a8b-4c1e-9a7e-3f1f6b1f2c3d';
const REDIRECT = 'https://redazione.comune.example.it/api/v1/oauth/callback';
const app: OAuthApp = { clientId: 'cid', clientSecret: 'csecret' };

describe('PKCE and state', () => {
  test('S256 matches the RFC 7636 appendix B vector', () => {
    expect(challengeOf('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe('E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM');
    expect(newVerifier()).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(newVerifier()).not.toBe(newVerifier());
  });

  test('a state carries the Ente; anything else is refused', () => {
    const s = newState(ENTE);
    const parsed = parseState(s);
    expect(parsed?.enteId).toBe(ENTE);
    expect(parsed?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(parseState(newState(ENTE))?.hash).not.toBe(parsed?.hash);
    for (const bad of [undefined, '', 'abc', `${ENTE}.short`, `not-a-uuid.${'a'.repeat(43)}`, `${s}.extra`, `${ENTE}.${'a'.repeat(42)}!`]) expect(parseState(bad)).toBeNull();
  });
});

describe('authorization URLs', () => {
  const cases: Array<[OAuthPlatform, string, Record<string, string | null>]> = [
    ['mastodon', 'https://esempio.social/oauth/authorize', { scope: 'read write', code_challenge_method: 'S256' }],
    ['x', 'https://twitter.com/i/oauth2/authorize', { scope: 'tweet.read tweet.write users.read offline.access media.write', code_challenge_method: 'S256' }],
    ['linkedin', 'https://www.linkedin.com/oauth/v2/authorization', { scope: 'w_organization_social r_organization_social rw_organization_admin', code_challenge: null }],
    ['facebook_page', 'https://www.facebook.com/v21.0/dialog/oauth', { scope: 'pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement,pages_read_user_content', code_challenge: null }],
    ['instagram', 'https://www.facebook.com/v21.0/dialog/oauth', { scope: 'instagram_basic,instagram_content_publish,instagram_manage_comments,pages_show_list,pages_read_engagement' }],
    ['youtube', 'https://accounts.google.com/o/oauth2/v2/auth', { access_type: 'offline', prompt: 'consent', code_challenge_method: 'S256' }],
  ];
  test.each(cases)('%s', (platform, endpoint, params) => {
    const verifier = newVerifier();
    const url = new URL(authorizationUrl(PROVIDERS[platform], { app, redirectUri: REDIRECT, state: 'st', verifier, instance: 'https://esempio.social' }));
    expect(`${url.origin}${url.pathname}`).toBe(endpoint);
    expect(url.searchParams.get('response_type')).toBe('code');
    expect(url.searchParams.get('client_id')).toBe('cid');
    expect(url.searchParams.get('redirect_uri')).toBe(REDIRECT);
    expect(url.searchParams.get('state')).toBe('st');
    expect(url.searchParams.has('client_secret')).toBe(false);
    for (const [k, v] of Object.entries(params)) expect(url.searchParams.get(k), k).toBe(v);
    if (PROVIDERS[platform].pkce) expect(url.searchParams.get('code_challenge')).toBe(challengeOf(verifier));
  });

  test('the authorization server can be pointed elsewhere (tests, proxies)', () => {
    const url = authorizationUrl(PROVIDERS.x, { app, redirectUri: REDIRECT, state: 's', verifier: newVerifier(), oauthBase: 'http://127.0.0.1:9/' });
    expect(url.startsWith('http://127.0.0.1:9/i/oauth2/authorize?')).toBe(true);
  });
});

describe('token requests', () => {
  const req = (p: OAuthPlatform, a = app, apiBase?: string) => tokenRequest(PROVIDERS[p], { app: a, code: 'the-code', redirectUri: REDIRECT, verifier: 'v'.repeat(43), apiBase, instance: 'https://esempio.social' });

  test('X: Basic for a confidential client, client_id in the body, the verifier', () => {
    const r = req('x');
    expect(r).toMatchObject({ method: 'POST', url: 'https://api.x.com/2/oauth2/token' });
    expect(r.headers.authorization).toBe(`Basic ${Buffer.from('cid:csecret').toString('base64')}`);
    const body = new URLSearchParams(r.body);
    expect(Object.fromEntries(body)).toEqual({ grant_type: 'authorization_code', code: 'the-code', redirect_uri: REDIRECT, client_id: 'cid', code_verifier: 'v'.repeat(43) });
    expect(req('x', { clientId: 'pub', clientSecret: null }).headers.authorization).toBeUndefined();
  });

  test.each([
    ['mastodon', 'https://esempio.social/oauth/token', true],
    ['linkedin', 'https://www.linkedin.com/oauth/v2/accessToken', false],
    ['youtube', 'https://oauth2.googleapis.com/token', true],
  ] as const)('%s: secret in the form', (p, url, pkce) => {
    const r = req(p);
    expect(r.url).toBe(url);
    const body = new URLSearchParams(r.body);
    expect(body.get('client_secret')).toBe('csecret');
    expect(body.has('code_verifier')).toBe(pkce);
    expect(r.headers.authorization).toBeUndefined();
  });

  test('Meta: a GET on the pinned Graph version; the same host as the connector when overridden', () => {
    const r = req('facebook_page');
    expect(r.method).toBe('GET');
    const u = new URL(r.url);
    expect(`${u.origin}${u.pathname}`).toBe('https://graph.facebook.com/v21.0/oauth/access_token');
    expect(Object.fromEntries(u.searchParams)).toEqual({ code: 'the-code', redirect_uri: REDIRECT, client_id: 'cid', client_secret: 'csecret' });
    expect(req('youtube', app, 'http://127.0.0.1:7').url).toBe('http://127.0.0.1:7/token');
    expect(req('instagram', app, 'http://127.0.0.1:7').url.startsWith('http://127.0.0.1:7/v21.0/oauth/access_token?')).toBe(true);
  });

  test('answers: expiry from expires_in; none for tokens that do not expire', () => {
    const now = new Date('2026-05-01T10:00:00Z');
    expect(parseTokenAnswer({ access_token: 'a', refresh_token: 'r', expires_in: 7200, scope: 's' }, now)).toEqual({ accessToken: 'a', refreshToken: 'r', expiresAt: '2026-05-01T12:00:00.000Z', scope: 's' });
    expect(parseTokenAnswer({ access_token: 'a', token_type: 'Bearer', created_at: 1 }, now)).toMatchObject({ refreshToken: null, expiresAt: null });
    expect(parseTokenAnswer({ error: 'invalid_grant' }, now)).toBeNull();
    expect(parseTokenAnswer('oops', now)).toBeNull();
  });
});

describe('messages', () => {
  test.each([
    ['access_denied', 'negato'],
    ['user_cancelled_authorize', 'negato'],
    ['user_denied', 'negato'],
    ['invalid_scope', 'errore_piattaforma'],
    ['redirect_uri_mismatch', 'indirizzo_di_ritorno'],
    ['server_error', 'errore_piattaforma'],
  ])('at the redirect: %s → %s', (error, code) => {
    const f = redirectError('X', error, undefined, REDIRECT);
    expect(f.code).toBe(code);
    expect(f.it).toBeTruthy();
    expect(f.en).toBeTruthy();
    if (code === 'indirizzo_di_ritorno') expect(f.it).toContain(REDIRECT);
  });

  test.each([
    [400, { error: 'invalid_grant', error_description: 'code expired' }, 'codice_non_valido'],
    [401, { error: 'invalid_client' }, 'app_non_valida'],
    [400, { error: 'redirect_uri_mismatch' }, 'indirizzo_di_ritorno'],
    [400, { error: { message: 'This authorization code has been used.', type: 'OAuthException', code: 100, error_subcode: 36009 } }, 'codice_non_valido'],
    [400, { error: { message: 'Error validating client secret.', type: 'OAuthException', code: 1 } }, 'app_non_valida'],
    [500, 'Internal Server Error', 'errore_piattaforma'],
  ] as const)('at the token endpoint: %s %j → %s', (status, body, code) => {
    const f = tokenError('Meta', status, body, REDIRECT);
    expect(f.code).toBe(code);
    expect(f.it).toMatch(/^Meta /);
  });

  test('landing on the channel page, or home when the flow is unknown', () => {
    expect(landing({ slug: 'comune-di-esempio', channelId: 'c1' }, { ok: true })).toBe('/enti/comune-di-esempio/canali/c1?oauth=ok#channel-connect');
    expect(landing(null, { ok: false, code: 'stato_non_valido' })).toBe('/?oauth=errore&motivo=stato_non_valido');
  });
});

describe('settings and choices', () => {
  test('environment: authorization bases per platform and installation apps per app group', () => {
    const s = oauthSettingsFromEnv({ REDAZIONE_OAUTH_BASE_X: 'http://127.0.0.1:1/', REDAZIONE_OAUTH_META_CLIENT_ID: 'm', REDAZIONE_OAUTH_META_CLIENT_SECRET: 'ms', REDAZIONE_OAUTH_X_CLIENT_ID: 'x' });
    expect(s.oauthBases).toEqual({ x: 'http://127.0.0.1:1' });
    expect(s.installationApps).toEqual({ meta: { clientId: 'm', clientSecret: 'ms' }, x: { clientId: 'x', clientSecret: null } });
  });

  test('instances are canonical origins', () => {
    expect(canonicalInstance('esempio.social')).toBe('https://esempio.social');
    expect(canonicalInstance('https://Esempio.social/@comune')).toBe('https://esempio.social');
    expect(canonicalInstance('http://127.0.0.1:4000')).toBe('http://127.0.0.1:4000');
    expect(canonicalInstance('::')).toBeNull();
  });

  const pages = [
    { id: '1', username: 'comune' },
    { id: '2', username: 'biblioteca' },
  ];
  const keys = (p: { id: string; username: string }) => [p.id, p.username];
  test.each([
    [{ explicit: '2' }, '2'],
    [{ explicit: '9', handle: 'comune' }, null], // an explicit id must exist
    [{ handle: '@Comune' }, '1'],
    [{ handle: 'altro' }, null], // several and none matches: the office must choose
    [{}, null],
  ])('pick %j → %s', (o, id) => {
    expect(pickOne(pages, keys, o)?.id ?? null).toBe(id);
  });
  test('the only candidate is taken when nothing is named', () => {
    expect(pickOne([pages[0]!], keys, { handle: 'altro' })?.id).toBe('1');
  });
});
