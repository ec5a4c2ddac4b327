/**
 * "Collega con <piattaforma>": the OAuth 2.0 authorization-code connection of channels (ADR 0008),
 * on PGlite and PostgreSQL, against fake authorization servers on loopback that follow each
 * platform's documented shapes (test/fakes/oauth-provider.ts): Mastodon with per-instance app
 * registration, X with PKCE and a confidential client, Meta with the long-lived exchange and the
 * Page token, YouTube (offline access, PKCE), LinkedIn (choosing the organisation). The state works
 * once, only for the person who started it, in its Ente; provider errors become clear messages;
 * secrets stay sealed; a stored refresh token later renews the access.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { anonymous, channelBody, createEnte, login, SYSTEM, startTestApp, type Client, type TestApp } from '../support/app.ts';
import { startOAuthFake, type OAuthFake } from '../fakes/oauth-provider.ts';
import type { ChannelCredentials } from '../../src/connectors/contract.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import { xConnector } from '../../src/connectors/x/index.ts';
import { youtubeConnector } from '../../src/connectors/youtube/index.ts';
import { CONNECTORS } from '../../src/connectors/index.ts';
import { createChannelOAuthService } from '../../src/modules/publishing/index.ts';
import { oauthSettingsFromEnv } from '../../src/modules/publishing/publishing.oauth.fns.ts';

const PUBLIC = 'http://redazione.test';
const REDIRECT = `${PUBLIC}/api/v1/oauth/callback`;
const loopbackOnly = createConnectorHttp({ defaultTimeoutMs: 3_000, allow: (u) => u.hostname === '127.0.0.1' });

type Rows = { rows: Array<Record<string, unknown>> };

describe.each(backends())('channel OAuth on %s', (kind) => {
  let app: TestApp;
  const fakes = {} as Record<'mastodon' | 'x' | 'meta' | 'google' | 'linkedin', OAuthFake>;
  let smm: Client;
  let admin: Client;
  let enteId: string;
  let otherEnteId: string;
  const base = '/api/v1/enti/oauth-a';
  const envKeys: string[] = [];

  const setEnv = (k: string, v: string) => {
    process.env[k] = v;
    envKeys.push(k);
  };

  async function newChannel(platform: string, handle: string): Promise<string> {
    const res = await smm.post(`${base}/channels`, { ...channelBody(handle, platform), url: `https://example.org/${handle}` });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  /** Start, let the fake authorization server answer as the browser would, and return the callback to call. */
  async function begin(cl: Client, channelId: string, fake: OAuthFake, body: Record<string, unknown> = {}) {
    const start = await cl.post(`${base}/channels/${channelId}/oauth/start`, body);
    expect(start.statusCode, start.body).toBe(200);
    const { authorizationUrl } = start.json<{ authorizationUrl: string; appSource: string }>();
    const back = await fake.authorize(authorizationUrl);
    expect(`${back.origin}${back.pathname}`).toBe(REDIRECT);
    return { start: start.json<{ authorizationUrl: string; appSource: string; expiresAt: string }>(), callback: `${back.pathname}${back.search}`, back };
  }

  async function callback(cl: Client, path: string) {
    const res = await cl.get(path);
    expect(res.statusCode, res.body).toBe(303);
    return String(res.headers.location);
  }

  const stored = async (channelId: string) => JSON.parse((await app.services.channels.readCredentials(enteId, channelId))!) as ChannelCredentials;
  const options = async (cl: Client, channelId: string) => (await cl.get(`${base}/channels/${channelId}/oauth`)).json<{ needsApp: boolean; redirectUri: string; app: { source: string; clientId: string | null } | null; lastOutcome: { ok: boolean; via: string; account: { handle: string } | null; reason: { code: string; it: string; en: string } | null } | null }>();

  /** Everything an attacker with a database dump would see, as text. */
  async function databaseText(): Promise<string> {
    const secrets = (await app.database.db.execute(sql`select ciphertext, iv, tag from channel_secrets`)) as unknown as Rows;
    const audit = (await app.database.db.execute(sql`select action, "after"::text as after from audit_events`)) as unknown as Rows;
    return JSON.stringify([secrets.rows, audit.rows]);
  }

  beforeAll(async () => {
    fakes.mastodon = await startOAuthFake('mastodon');
    fakes.x = await startOAuthFake('x', { clients: [{ clientId: 'x-app', clientSecret: 'x-app-secret', redirectUris: [REDIRECT] }] });
    fakes.meta = await startOAuthFake('meta', { clients: [{ clientId: '7000000001', clientSecret: 'meta-app-secret', redirectUris: [REDIRECT] }] });
    fakes.google = await startOAuthFake('google', { clients: [{ clientId: 'yt-app.apps.googleusercontent.com', clientSecret: 'yt-app-secret', redirectUris: [REDIRECT] }] });
    fakes.linkedin = await startOAuthFake('linkedin', { clients: [{ clientId: 'li-app', clientSecret: 'li-app-secret', redirectUris: [REDIRECT] }] });
    for (const [platform, fake] of [['X', fakes.x], ['FACEBOOK_PAGE', fakes.meta], ['INSTAGRAM', fakes.meta], ['YOUTUBE', fakes.google], ['LINKEDIN', fakes.linkedin]] as const) {
      // The browser-facing authorization server and the token/API server, both on the fake.
      setEnv(`REDAZIONE_OAUTH_BASE_${platform}`, fake.url);
      setEnv(`REDAZIONE_API_BASE_${platform}`, fake.url);
    }
    app = await startTestApp(kind, { REDAZIONE_PUBLIC_URL: PUBLIC });
    enteId = (await createEnte(app, 'oauth-a')).ente.id;
    otherEnteId = (await createEnte(app, 'oauth-b')).ente.id;
    smm = await login(app, 'social_media_manager@oauth-a.test');
    admin = await login(app, 'amministratore@oauth-a.test');
  });

  afterAll(async () => {
    for (const k of envKeys) delete process.env[k];
    app?.database.pool?.on('error', () => {});
    await app?.close();
    await Promise.all(Object.values(fakes).map((f) => f.close()));
  });

  test('Mastodon: registers the app on the instance, PKCE, stores the token sealed; a second channel reuses the app', async () => {
    const m = fakes.mastodon;
    const id = await newChannel('mastodon', 'comune');
    const { start, callback: cb } = await begin(smm, id, m, { account: { instance: m.url } });
    expect(start.appSource).toBe('registered');
    expect(m.registrations).toEqual([{ clientName: 'Redazione – Comune di oauth-a', redirectUris: [REDIRECT], scopes: 'read write' }]);
    const authorize = new URL(start.authorizationUrl);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${m.url}/oauth/authorize`);
    expect(Object.fromEntries(authorize.searchParams)).toMatchObject({ response_type: 'code', scope: 'read write', redirect_uri: REDIRECT, code_challenge_method: 'S256' });

    const location = await callback(smm, cb);
    expect(location).toBe(`/enti/oauth-a/canali/${id}?oauth=ok#channel-connect`);
    const [tokenCall] = m.received(/^POST \/oauth\/token$/);
    expect(tokenCall!.form?.get('code_verifier')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(tokenCall!.form?.get('redirect_uri')).toBe(REDIRECT);

    const creds = await stored(id);
    expect(m.tokens.has(creds.accessToken)).toBe(true);
    expect(creds.account).toMatchObject({ instance: m.url, id: '109000000000000001', clientId: [...m.clients.keys()][0], appRedirectUri: REDIRECT });
    expect(creds.account?.clientSecret).toBe([...m.clients.values()][0]!.clientSecret);
    const channel = (await smm.get(`${base}/channels/${id}`)).json<{ status: string; credentials: { configured: boolean } }>();
    expect(channel).toMatchObject({ status: 'attivo', credentials: { configured: true } });

    const opts = await options(smm, id);
    expect(opts.lastOutcome).toMatchObject({ ok: true, via: 'oauth', account: { handle: '@comune' } });

    // Sealed at rest and never returned: not the token, not the app secret, not the PKCE verifier.
    const dump = await databaseText();
    const listing = (await smm.get(`${base}/channels`)).body + JSON.stringify(opts) + (await smm.get(`${base}/channels/${id}`)).body;
    for (const secret of [creds.accessToken, creds.account!.clientSecret!, tokenCall!.form!.get('code_verifier') as string]) {
      expect(dump).not.toContain(secret);
      expect(listing).not.toContain(secret);
    }

    // Another channel of the Ente on the same instance: the registered app is reused, not registered again.
    const second = await newChannel('mastodon', 'biblioteca');
    const again = await begin(smm, second, m, { account: { instance: m.url } });
    expect(again.start.appSource).toBe('ente');
    expect(m.registrations).toHaveLength(1);
    expect(await callback(smm, again.callback)).toContain('oauth=ok');
  });

  test('X: PKCE with a confidential client; the state works once; the stored refresh token later renews the access', async () => {
    const x = fakes.x;
    const id = await newChannel('x', 'ComuneEsempio');
    // No app yet: the office is told what IT staff must register, with the redirect URI.
    const opts = await options(smm, id);
    expect(opts).toMatchObject({ needsApp: true, redirectUri: REDIRECT, app: null });
    const missing = await smm.post(`${base}/channels/${id}/oauth/start`, {});
    expect(missing.statusCode).toBe(422);
    expect(missing.json<{ detail: string }>().detail).toContain(REDIRECT);

    const { start, callback: cb } = await begin(smm, id, x, { clientId: 'x-app', clientSecret: 'x-app-secret' });
    expect(start.appSource).toBe('request');
    const authorize = new URL(start.authorizationUrl);
    expect(authorize.pathname).toBe('/i/oauth2/authorize');
    expect(authorize.searchParams.get('scope')).toBe('tweet.read tweet.write users.read offline.access media.write');
    expect(authorize.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);

    expect(await callback(smm, cb)).toBe(`/enti/oauth-a/canali/${id}?oauth=ok#channel-connect`);
    const [tokenCall] = x.received(/^POST \/2\/oauth2\/token$/);
    expect(tokenCall!.headers.authorization).toBe(`Basic ${Buffer.from('x-app:x-app-secret').toString('base64')}`);
    const creds = await stored(id);
    expect(creds.refreshToken).toBeTruthy();
    expect(Date.parse(creds.expiresAt!) - Date.now()).toBeGreaterThan(7100_000);
    expect(creds.account).toMatchObject({ clientId: 'x-app', clientSecret: 'x-app-secret', userId: '1500000000000000001' });

    // Replay of the same callback: refused, the credentials stay as they are.
    expect(await callback(smm, cb)).toBe(`/enti/oauth-a/canali/${id}?oauth=errore&motivo=gia_usato#channel-connect`);
    expect(x.received(/^POST \/2\/oauth2\/token$/)).toHaveLength(1);
    expect((await stored(id)).accessToken).toBe(creds.accessToken);

    // Later, the worker's refresh path: the connector renews with what the callback stored.
    const ctx = { channel: { enteId, id, platform: 'x' as const, handle: 'ComuneEsempio', url: '' }, credentials: creds, http: loopbackOnly, apiBase: x.url, now: () => new Date() };
    const fresh = await xConnector.refresh!(ctx);
    expect(fresh.accessToken).not.toBe(creds.accessToken);
    expect(fresh.refreshToken).not.toBe(creds.refreshToken);
    expect((await xConnector.identity({ ...ctx, credentials: fresh })).handle).toBe('ComuneEsempio');
    const [refreshCall] = x.received(/^POST \/2\/oauth2\/token$/).slice(1);
    expect(refreshCall!.form?.get('grant_type')).toBe('refresh_token');
  });

  test('Meta: code → long-lived user token → the Page token from /me/accounts; Instagram reuses the Ente’s Meta app', async () => {
    const meta = fakes.meta;
    const fb = await newChannel('facebook_page', 'comune.esempio');
    const { start, callback: cb } = await begin(smm, fb, meta, { clientId: '7000000001', clientSecret: 'meta-app-secret' });
    const authorize = new URL(start.authorizationUrl);
    expect(authorize.pathname).toBe('/v21.0/dialog/oauth');
    expect(authorize.searchParams.get('scope')).toBe('pages_show_list,pages_read_engagement,pages_manage_posts,pages_manage_engagement,pages_read_user_content');
    expect(await callback(smm, cb)).toContain('oauth=ok');

    const exchanges = meta.received(/^GET \/v21\.0\/oauth\/access_token$/);
    expect(exchanges.map((r) => r.query.get('grant_type'))).toEqual([null, 'fb_exchange_token']);
    expect(exchanges[0]!.query.get('redirect_uri')).toBe(REDIRECT);
    const creds = await stored(fb);
    expect(creds.accessToken).toMatch(/^PAGE_LL_1010_/); // a Page token obtained with the long-lived user token
    expect(creds).toMatchObject({ refreshToken: null, expiresAt: null });
    expect(creds.account).toMatchObject({ pageId: '1010', clientId: '7000000001', appSecret: 'meta-app-secret' });

    const ig = await newChannel('instagram', 'comune.esempio');
    const noMedia = await smm.post(`${base}/channels/${ig}/oauth/start`, {});
    expect(noMedia.statusCode).toBe(422);
    const igFlow = await begin(smm, ig, meta, { account: { mediaBaseUrl: 'https://media.comune.esempio.it' } });
    expect(igFlow.start.appSource).toBe('ente');
    expect(new URL(igFlow.start.authorizationUrl).searchParams.get('scope')).toContain('instagram_content_publish');
    expect(await callback(smm, igFlow.callback)).toContain('oauth=ok');
    expect((await stored(ig)).account).toMatchObject({ igUserId: '17841400000000001', pageId: '1010', mediaBaseUrl: 'https://media.comune.esempio.it' });
    expect((await options(smm, ig)).lastOutcome?.account?.handle).toBe('comune.esempio');
  });

  test('YouTube: offline access with PKCE; the refresh token renews the access later', async () => {
    const g = fakes.google;
    const id = await newChannel('youtube', 'comunediesempio');
    const { start, callback: cb } = await begin(smm, id, g, { clientId: 'yt-app.apps.googleusercontent.com', clientSecret: 'yt-app-secret' });
    expect(Object.fromEntries(new URL(start.authorizationUrl).searchParams)).toMatchObject({ access_type: 'offline', prompt: 'consent', code_challenge_method: 'S256' });
    expect(await callback(smm, cb)).toContain('oauth=ok');
    const creds = await stored(id);
    expect(creds.refreshToken).toBeTruthy();
    const fresh = await youtubeConnector.refresh!({ channel: { enteId, id, platform: 'youtube', handle: 'x', url: '' }, credentials: creds, http: loopbackOnly, apiBase: g.url, now: () => new Date() });
    expect(g.tokens.has(fresh.accessToken)).toBe(true);
    expect(fresh.refreshToken).toBe(creds.refreshToken);
  });

  test('LinkedIn: of the organisations the person administers, the one matching the channel is connected', async () => {
    const li = fakes.linkedin;
    const id = await newChannel('linkedin', 'comune-di-esempio');
    const { start, callback: cb } = await begin(smm, id, li, { clientId: 'li-app', clientSecret: 'li-app-secret' });
    expect(new URL(start.authorizationUrl).searchParams.has('code_challenge')).toBe(false);
    expect(await callback(smm, cb)).toContain('oauth=ok');
    expect((await stored(id)).account).toMatchObject({ organizationId: '5550001', clientId: 'li-app' });
    expect((await options(smm, id)).lastOutcome?.account?.handle).toBe('comune-di-esempio');
  });

  test('the provider’s refusal and an invalid grant become clear messages, in Italian and English', async () => {
    const x = fakes.x;
    const id = await newChannel('x', 'ComuneDue');
    x.decision = 'deny';
    try {
      const { callback: cb } = await begin(smm, id, x, { clientId: 'x-app', clientSecret: 'x-app-secret' });
      expect(await callback(smm, cb)).toBe(`/enti/oauth-a/canali/${id}?oauth=errore&motivo=negato#channel-connect`);
    } finally {
      x.decision = 'approve';
    }
    const denied = await options(smm, id);
    expect(denied.lastOutcome).toMatchObject({ ok: false, reason: { code: 'negato' } });
    expect(denied.lastOutcome!.reason!.it).toMatch(/negata su X/);
    expect(denied.lastOutcome!.reason!.en).toMatch(/refused on X/);
    expect(await app.services.channels.readCredentials(enteId, id)).toBeNull();

    const { callback: cb2 } = await begin(smm, id, x, {});
    x.failNext(/^POST \/2\/oauth2\/token$/, { status: 400, body: { error: 'invalid_request', error_description: 'Value passed for the authorization code was invalid.' } });
    // X answers invalid_request for a bad code; our message still says what happened and what to do.
    expect(await callback(smm, cb2)).toContain('motivo=errore_piattaforma');
    const { callback: cb3 } = await begin(smm, id, x, {});
    x.failNext(/^POST \/2\/oauth2\/token$/, { status: 400, body: { error: 'invalid_grant', error_description: 'authorization code expired' } });
    expect(await callback(smm, cb3)).toContain('motivo=codice_non_valido');
    const reason = (await options(admin, id)).lastOutcome!.reason!;
    expect(reason.it).toMatch(/ripeti il collegamento/);
    expect(reason.it).toContain('authorization code expired');
  });

  test('the state is bound to the person, the Ente and a short expiry', async () => {
    const x = fakes.x;
    const id = await newChannel('x', 'ComuneTre');
    const { callback: cb, back } = await begin(smm, id, x, {});
    // Someone else of the same Ente, nobody, or a state moved to another Ente: refused, nothing exchanged.
    expect(await callback(admin, cb)).toContain('motivo=utente_diverso');
    expect(await callback(anonymous(app), cb)).toContain('motivo=sessione');
    const moved = new URL(back);
    moved.searchParams.set('state', back.searchParams.get('state')!.replace(enteId, otherEnteId));
    expect(await callback(smm, `${moved.pathname}${moved.search}`)).toBe('/?oauth=errore&motivo=stato_non_valido');
    const before = x.received(/^POST \/2\/oauth2\/token$/).length;
    // The refusals did not use the state up: its owner still completes it.
    expect(await callback(smm, cb)).toContain('oauth=ok');
    expect(x.received(/^POST \/2\/oauth2\/token$/)).toHaveLength(before + 1);

    // Eleven minutes later the state is no good, and it is used up.
    const late = createChannelOAuthService({
      db: app.database.db,
      channels: app.services.channels,
      connectors: CONNECTORS,
      http: loopbackOnly,
      secrets: app.services.secrets,
      publicUrl: PUBLIC,
      apiBases: { x: x.url },
      settings: oauthSettingsFromEnv(process.env),
      now: () => new Date(Date.now() + 11 * 60_000),
    });
    const stale = await begin(smm, id, x, {});
    const me = (await smm.get('/api/v1/me')).json<{ user: { id: string } }>().user;
    const q = Object.fromEntries(stale.back.searchParams);
    const out = await late.complete(q, { userId: me.id, audit: SYSTEM }, async () => ({ id: enteId }));
    expect(out).toMatchObject({ ok: false, code: 'scaduto' });
    expect(await callback(smm, stale.callback)).toContain('motivo=gia_usato');

    // Only people who may manage credentials can start.
    const red = await login(app, 'redattore@oauth-a.test');
    expect((await red.post(`${base}/channels/${id}/oauth/start`, {})).statusCode).toBe(403);
  });

  test('two callbacks with one state at the same time: one connects, the other is refused, the code is exchanged once', async () => {
    const x = fakes.x;
    const id = await newChannel('x', 'ComuneQuattro');
    const before = x.received(/^POST \/2\/oauth2\/token$/).length;
    const { callback: cb } = await begin(smm, id, x, { clientId: 'x-app', clientSecret: 'x-app-secret' });
    const outcomes = await Promise.all([callback(smm, cb), callback(smm, cb), callback(smm, cb)]);
    expect(outcomes.filter((l) => l.includes('oauth=ok'))).toHaveLength(1);
    expect(outcomes.filter((l) => l.includes('motivo=gia_usato'))).toHaveLength(2);
    expect(x.received(/^POST \/2\/oauth2\/token$/)).toHaveLength(before + 1);
  });

  test('platforms without OAuth keep the token form', async () => {
    const id = await newChannel('telegram', 'comunetg');
    expect((await options(smm, id))).toMatchObject({ app: null, needsApp: false });
    const res = await smm.post(`${base}/channels/${id}/oauth/start`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: string }>().detail).toMatch(/incolla il token/);
  });
});
