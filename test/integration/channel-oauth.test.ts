/**
 * "Collega con <piattaforma>": the OAuth 2.0 authorization-code connection of channels (ADR 0008),
 * on PGlite and PostgreSQL, against fake authorization servers on loopback that follow each
 * platform's documented shapes (test/fakes/oauth-provider.ts): Mastodon with per-instance app
 * registration, X with PKCE and a confidential client, Meta with the long-lived exchange and the
 * Page token, YouTube (offline access, PKCE), LinkedIn (choosing the organisation). The state works
 * once, only for the person who started it, in its Ente; provider errors become clear messages;
 * secrets stay sealed; a stored refresh token later renews the access. The pending flow is a row of
 * `oauth_flows` (state as a hash, secrets sealed, taken once, swept); the Ente's apps live in
 * `oauth_apps`, managed through listOAuthApps / putOAuthApp / deleteOAuthApp.
 */
import crypto from 'node:crypto';
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
  let smmB: Client;
  let adminB: Client;
  const base = '/api/v1/enti/oauth-a';
  const envKeys: string[] = [];

  const setEnv = (k: string, v: string) => {
    process.env[k] = v;
    envKeys.push(k);
  };

  async function newChannel(platform: string, handle: string, cl: Client = smm, at: string = base): Promise<string> {
    const res = await cl.post(`${at}/channels`, { ...channelBody(handle, platform), url: `https://example.org/${handle}` });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  /** Start, let the fake authorization server answer as the browser would, and return the callback to call. */
  async function begin(cl: Client, channelId: string, fake: OAuthFake, body: Record<string, unknown> = {}, at: string = base) {
    const start = await cl.post(`${at}/channels/${channelId}/oauth/start`, body);
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
  const options = async (cl: Client, channelId: string, at: string = base) => (await cl.get(`${at}/channels/${channelId}/oauth`)).json<{ needsApp: boolean; redirectUri: string; app: { source: string; clientId: string | null } | null; lastOutcome: { ok: boolean; via: string; account: { handle: string } | null; reason: { code: string; it: string; en: string } | null } | null }>();

  /** Everything an attacker with a database dump would see, as text. */
  async function databaseText(): Promise<string> {
    const secrets = (await app.database.db.execute(sql`select ciphertext, iv, tag from channel_secrets`)) as unknown as Rows;
    const audit = (await app.database.db.execute(sql`select action, "before"::text as before, "after"::text as after from audit_events`)) as unknown as Rows;
    const flows = (await app.database.db.execute(sql`select * from oauth_flows`)) as unknown as Rows;
    const apps = (await app.database.db.execute(sql`select * from oauth_apps`)) as unknown as Rows;
    return JSON.stringify([secrets.rows, audit.rows, flows.rows, apps.rows]);
  }

  /** The audit trail of one Ente as text. */
  async function auditText(ente: string): Promise<string> {
    const audit = (await app.database.db.execute(sql`select action, entity_type, entity_id, "before"::text as before, "after"::text as after from audit_events where ente_id = ${ente}`)) as unknown as Rows;
    return JSON.stringify(audit.rows);
  }

  const flowRow = async (hash: string) =>
    (((await app.database.db.execute(sql`select * from oauth_flows where state_hash = ${hash}`)) as unknown as Rows).rows[0] ?? null) as Record<string, unknown> | null;
  const hashOf = (state: string) => crypto.createHash('sha256').update(state).digest('hex');

  type AppsList = {
    redirectUri: string;
    groups: Array<{ group: string; platforms: string[]; registration: string; secretRequired: boolean; installationApp: { clientId: string } | null }>;
    apps: Array<{ group: string; instance: string | null; clientId: string; secretSet: boolean; source: string; redirectUri: string | null; updatedAt: string; updatedBy: string | null }>;
  };

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
    smmB = await login(app, 'social_media_manager@oauth-b.test');
    adminB = await login(app, 'amministratore@oauth-b.test');
  });

  afterAll(async () => {
    for (const k of envKeys) delete process.env[k];
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

    // The registration is the Ente's Mastodon app on that instance, with the redirect URI it names.
    const listed = await smm.get(`${base}/oauth-apps`);
    expect(listed.statusCode).toBe(200);
    expect(listed.json<AppsList>().apps).toEqual([
      expect.objectContaining({ group: 'mastodon', instance: m.url, clientId: [...m.clients.keys()][0], secretSet: true, source: 'registered', redirectUri: REDIRECT, updatedBy: 'social_media_manager oauth-a' }),
    ]);
    expect(listed.body).not.toContain(creds.account!.clientSecret!);
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
    // The app entered for this connection worked, and the Ente had none on X: it is now the Ente's X app.
    const apps = (await smm.get(`${base}/oauth-apps`)).json<AppsList>().apps.filter((a) => a.group === 'x');
    expect(apps).toEqual([expect.objectContaining({ clientId: 'x-app', secretSet: true, source: 'entered', instance: null })]);

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
    const { callback: cb, back } = await begin(smm, id, x, { clientId: 'x-app', clientSecret: 'x-app-secret' });
    const hash = hashOf(back.searchParams.get('state')!);
    const outcomes = await Promise.all([callback(smm, cb), callback(smm, cb), callback(smm, cb)]);
    expect(outcomes.filter((l) => l.includes('oauth=ok'))).toHaveLength(1);
    expect(outcomes.filter((l) => l.includes('motivo=gia_usato'))).toHaveLength(2);
    expect(x.received(/^POST \/2\/oauth2\/token$/)).toHaveLength(before + 1);
    // The row was taken once; the audit trail tells one connection and two refused replays.
    expect(await flowRow(hash)).toMatchObject({ used_at: expect.anything(), ciphertext: null });
    const events = JSON.parse(await auditText(enteId)) as Array<{ action: string; after: string | null }>;
    const ofFlow = events.filter((e) => e.after?.includes(hash));
    expect(ofFlow.filter((e) => e.action === 'channel.connect')).toHaveLength(1);
    expect(ofFlow.filter((e) => e.action === 'channel.oauth.refused' && e.after!.includes('gia_usato'))).toHaveLength(2);
  });

  test('platforms without OAuth keep the token form', async () => {
    const id = await newChannel('telegram', 'comunetg');
    expect((await options(smm, id))).toMatchObject({ app: null, needsApp: false });
    const res = await smm.post(`${base}/channels/${id}/oauth/start`, {});
    expect(res.statusCode).toBe(422);
    expect(res.json<{ detail: string }>().detail).toMatch(/incolla il token/);
  });
  test('the pending flow: only the state’s hash is stored, the secrets sealed and wiped by the callback; the audit trail holds facts, no secret', async () => {
    const x = fakes.x;
    const id = await newChannel('x', 'ComuneCinque');
    const { start, back, callback: cb } = await begin(smm, id, x, {});
    expect(start.appSource).toBe('ente'); // the Ente's X app (oauth_apps)
    const state = back.searchParams.get('state')!;
    const hash = hashOf(state);
    const me = (await smm.get('/api/v1/me')).json<{ user: { id: string } }>().user;
    const pending = (await flowRow(hash))!;
    expect(pending).toMatchObject({ ente_id: enteId, channel_id: id, user_id: me.id, platform: 'x', redirect_uri: REDIRECT, used_at: null });
    expect(pending.ciphertext).toEqual(expect.any(String));
    expect(Date.parse(String(pending.expires_at)) - Date.parse(String(pending.created_at))).toBe(10 * 60_000);
    const challenge = new URL(start.authorizationUrl).searchParams.get('code_challenge')!;

    expect(await callback(smm, cb)).toContain('oauth=ok');
    const [tokenCall] = x.received(/^POST \/2\/oauth2\/token$/).slice(-1);
    const verifier = tokenCall!.form!.get('code_verifier') as string;
    expect(crypto.createHash('sha256').update(verifier).digest('base64url')).toBe(challenge);
    // Taken: used, and the sealed verifier and app secret are gone from the row.
    expect(await flowRow(hash)).toMatchObject({ used_at: expect.anything(), key_id: null, iv: null, tag: null, ciphertext: null });

    const creds = await stored(id);
    const trail = await auditText(enteId);
    for (const secret of [state, back.searchParams.get('code')!, verifier, 'x-app-secret', creds.accessToken, creds.refreshToken!]) {
      expect(trail).not.toContain(secret);
      expect(await databaseText()).not.toContain(secret);
    }
    // What is recorded: started (by whom, with which app, until when) and connected, linked by the hash.
    const events = (JSON.parse(trail) as Array<{ action: string; entity_id: string; after: string | null }>).filter((e) => e.entity_id === id);
    expect(events.map((e) => e.action)).toEqual(expect.arrayContaining(['channel.oauth.start', 'channel.connect']));
    const started = JSON.parse(events.find((e) => e.action === 'channel.oauth.start')!.after!) as Record<string, unknown>;
    expect(started).toEqual({ platform: 'x', flow: hash, expiresAt: expect.any(String), redirectUri: REDIRECT, clientId: 'x-app', appSource: 'ente', instance: null });
  });

  test('flows are swept a day after they started', async () => {
    const x = fakes.x;
    const id = await newChannel('x', 'ComuneSei');
    const yesterday = createChannelOAuthService({
      db: app.database.db,
      channels: app.services.channels,
      connectors: CONNECTORS,
      http: loopbackOnly,
      secrets: app.services.secrets,
      publicUrl: PUBLIC,
      apiBases: { x: x.url },
      settings: oauthSettingsFromEnv(process.env),
      now: () => new Date(Date.now() - 25 * 3600_000),
    });
    const me = (await smm.get('/api/v1/me')).json<{ user: { id: string } }>().user;
    const ente = { id: enteId, slug: 'oauth-a', name: 'Comune di oauth-a' };
    const old = await yesterday.start({ userId: me.id, audit: SYSTEM }, ente, id, {}, PUBLIC);
    const oldHash = hashOf(new URL(old.authorizationUrl).searchParams.get('state')!);
    expect(await flowRow(oldHash)).not.toBeNull();
    const { back } = await begin(smm, id, x, {});
    expect(await flowRow(oldHash)).toBeNull();
    expect(await flowRow(hashOf(back.searchParams.get('state')!))).not.toBeNull();
  });

  test('the Ente’s apps: IT staff enter one per platform, the secret is never returned, a flow uses it', async () => {
    const b = '/api/v1/enti/oauth-b';
    const empty = await smmB.get(`${b}/oauth-apps`);
    expect(empty.statusCode).toBe(200);
    const list0 = empty.json<AppsList>();
    expect(list0).toMatchObject({ redirectUri: REDIRECT, apps: [] });
    expect(list0.groups.find((g) => g.group === 'meta')).toMatchObject({ platforms: ['facebook_page', 'instagram'], registration: 'manual', secretRequired: true });
    expect(list0.groups.find((g) => g.group === 'mastodon')).toMatchObject({ registration: 'automatic' });
    expect(list0.groups.find((g) => g.group === 'x')).toMatchObject({ secretRequired: false, installationApp: null });

    // Only people who manage credentials; a secret is needed where the platform needs it, said in Italian and English.
    const red = await login(app, 'redattore@oauth-b.test');
    expect((await red.get(`${b}/oauth-apps`)).statusCode).toBe(403);
    expect((await red.put(`${b}/oauth-apps/youtube`, { clientId: 'a', clientSecret: 'b' })).statusCode).toBe(403);
    const noSecret = await smmB.put(`${b}/oauth-apps/youtube`, { clientId: 'yt-app.apps.googleusercontent.com' });
    expect(noSecret.statusCode).toBe(400);
    expect(noSecret.headers['content-type']).toContain('application/problem+json');
    expect(noSecret.json<{ code: string; errors: Array<{ field: string; message: string }> }>()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'clientSecret', message: expect.stringMatching(/client secret/) }] });
    const noSecretEn = await smmB.request('PUT', `${b}/oauth-apps/youtube`, { clientId: 'yt-app.apps.googleusercontent.com' }, { 'accept-language': 'en' });
    expect(noSecretEn.json<{ errors: Array<{ message: string }> }>().errors[0]!.message).toMatch(/needs the app's client secret/);
    expect((await smmB.put(`${b}/oauth-apps/meta`, { clientId: '1', clientSecret: '2', instance: 'https://esempio.social' })).statusCode).toBe(400);
    expect((await smmB.put(`${b}/oauth-apps/mastodon`, { clientId: '1', clientSecret: '2' })).json<{ errors: Array<{ field: string }> }>().errors[0]!.field).toBe('instance');
    expect((await smmB.put(`${b}/oauth-apps/tiktok`, { clientId: '1', clientSecret: '2' })).statusCode).toBe(400);

    const put = await smmB.put(`${b}/oauth-apps/youtube`, { clientId: 'yt-app.apps.googleusercontent.com', clientSecret: 'yt-app-secret' });
    expect(put.statusCode, put.body).toBe(200);
    expect(put.json()).toEqual({ group: 'youtube', instance: null, clientId: 'yt-app.apps.googleusercontent.com', secretSet: true, source: 'entered', redirectUri: null, updatedAt: expect.any(String), updatedBy: 'social_media_manager oauth-b' });
    expect(put.body).not.toContain('yt-app-secret');
    // Again without a secret, same client id: the stored secret stays. X may be a public client.
    const again = await smmB.put(`${b}/oauth-apps/youtube`, { clientId: 'yt-app.apps.googleusercontent.com' });
    expect(again.json()).toMatchObject({ secretSet: true });
    expect((await smmB.put(`${b}/oauth-apps/x`, { clientId: 'x-public' })).json()).toMatchObject({ group: 'x', secretSet: false });
    const listed = await adminB.get(`${b}/oauth-apps`);
    expect(listed.json<AppsList>().apps.map((a) => [a.group, a.clientId, a.secretSet])).toEqual([
      ['x', 'x-public', false],
      ['youtube', 'yt-app.apps.googleusercontent.com', true],
    ]);
    expect(listed.body).not.toContain('yt-app-secret');
    expect(await databaseText()).not.toContain('yt-app-secret');
    expect(await auditText(otherEnteId)).toContain('oauth_app.set');

    // A YouTube channel of B connects with B's app: its client id in the authorization, its secret at the token endpoint.
    const g = fakes.google;
    const id = await newChannel('youtube', 'comunebi', smmB, b);
    expect((await options(smmB, id, b)).app).toEqual({ source: 'ente', clientId: 'yt-app.apps.googleusercontent.com' });
    const flow = await begin(smmB, id, g, {}, b);
    expect(flow.start.appSource).toBe('ente');
    expect(new URL(flow.start.authorizationUrl).searchParams.get('client_id')).toBe('yt-app.apps.googleusercontent.com');
    expect(await callback(smmB, flow.callback)).toBe(`/enti/oauth-b/canali/${id}?oauth=ok#channel-connect`);
    const [tokenCall] = g.received(/^POST \/token$/).slice(-1);
    expect(tokenCall!.form?.get('client_secret')).toBe('yt-app-secret');
    const creds = JSON.parse((await app.services.channels.readCredentials(otherEnteId, id))!) as ChannelCredentials;
    expect(creds.account).toMatchObject({ clientId: 'yt-app.apps.googleusercontent.com', clientSecret: 'yt-app-secret' });

    // Deleting the Ente's app: new connections no longer find it; the channel keeps its sealed copy (refresh needs it).
    expect((await smmB.delete(`${b}/oauth-apps/youtube`)).statusCode).toBe(204);
    expect((await smmB.delete(`${b}/oauth-apps/youtube`)).statusCode).toBe(404);
    expect((await smmB.get(`${b}/oauth-apps`)).json<AppsList>().apps.map((a) => a.group)).toEqual(['x']);
    expect((await options(smmB, id, b)).app).toEqual({ source: 'channel', clientId: 'yt-app.apps.googleusercontent.com' });
    const other = await newChannel('youtube', 'comunebi2', smmB, b);
    expect(await options(smmB, other, b)).toMatchObject({ needsApp: true, app: null });
    expect(await auditText(otherEnteId)).toContain('oauth_app.delete');
  });

  test('another Ente can neither see nor change nor use an Ente’s app', async () => {
    const b = '/api/v1/enti/oauth-b';
    expect((await smmB.put(`${b}/oauth-apps/linkedin`, { clientId: 'li-app-b', clientSecret: 'li-b-secret' })).statusCode).toBe(200);
    // A's people get 404 on B's routes, whatever the method.
    for (const res of [await admin.get(`${b}/oauth-apps`), await admin.put(`${b}/oauth-apps/linkedin`, { clientId: 'mine', clientSecret: 'mine' }), await admin.delete(`${b}/oauth-apps/linkedin`)]) {
      expect(res.statusCode).toBe(404);
    }
    expect((await smmB.get(`${b}/oauth-apps`)).json<AppsList>().apps.find((a) => a.group === 'linkedin')).toMatchObject({ clientId: 'li-app-b', secretSet: true });
    // A's own list does not show B's app (A has its own LinkedIn app), and a third Ente without an app is asked for one.
    const mine = await admin.get(`${base}/oauth-apps`);
    expect(mine.json<AppsList>().apps.find((a) => a.group === 'linkedin')).toMatchObject({ clientId: 'li-app' });
    expect(mine.body).not.toContain('li-app-b');
    await createEnte(app, 'oauth-c');
    const smmC = await login(app, 'social_media_manager@oauth-c.test');
    const c = '/api/v1/enti/oauth-c';
    expect((await smmC.get(`${c}/oauth-apps`)).json<AppsList>().apps).toEqual([]);
    const id = await newChannel('linkedin', 'comune-c', smmC, c);
    expect(await options(smmC, id, c)).toMatchObject({ needsApp: true, app: null });
    expect((await smmC.post(`${c}/channels/${id}/oauth/start`, {})).statusCode).toBe(422);
    // B's sealed secret copied into C's row does not open there: it is bound to B and the row.
    const enteC = ((await app.database.db.execute(sql`select id from enti where slug = 'oauth-c'`)) as unknown as Rows).rows[0]!.id as string;
    await app.database.db.execute(
      sql`insert into oauth_apps (ente_id, app_group, instance, client_id, key_id, iv, tag, ciphertext, source) select ${enteC}, app_group, instance, client_id, key_id, iv, tag, ciphertext, source from oauth_apps where ente_id = ${otherEnteId} and app_group = 'linkedin'`,
    );
    const stolen = await smmC.post(`${c}/channels/${id}/oauth/start`, {});
    expect(stolen.statusCode).toBe(422);
    expect(stolen.json<{ detail: string }>().detail).toMatch(/non si apre con la chiave di Redazione/);
  });
});
