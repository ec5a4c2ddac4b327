/**
 * The publishing queue on PGlite and PostgreSQL: a scheduled, approved variant goes out at its
 * time exactly once with the platform's link (Telegram emulator, fake Mastodon); 429 waits the
 * indicated time; 503 is retried with backoff; an unknown outcome is looked up and not published
 * twice; without lookup a person decides; an expired token is refreshed or the channel goes
 * "da_ricollegare" with a notification to its desk; nothing is retried forever.
 */
import { sql } from 'drizzle-orm';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, startTestApp, type Client, type TestApp } from '../support/app.ts';
import { freePort } from '../support/processes.ts';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import { CONNECTORS, type ConnectorRegistry } from '../../src/connectors/index.ts';
import { mastodon } from '../../src/connectors/mastodon/index.ts';
import { createPublishingWorker, type PublishingWorker } from '../../src/modules/publishing/index.ts';

const loopbackOnly = createConnectorHttp({ defaultTimeoutMs: 3_000, allow: (u) => u.hostname === '127.0.0.1' || u.hostname === 'localhost' });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(backends())('publishing on %s', (kind) => {
  let app: TestApp;
  let fake: FakeMastodon;
  let tg: TelegramServer;
  let tgUrl: string;
  let c: Record<'smm' | 'red' | 'appr' | 'admin', Client>;
  let deskId: string;
  const workers: PublishingWorker[] = [];
  const base = '/api/v1/enti/pubblica';
  let n = 0;

  function startWorker(connectors: ConnectorRegistry = CONNECTORS, maxFailures = 3, pollMs = 100) {
    const w = createPublishingWorker({
      db: app.database.db,
      channels: app.services.channels,
      connectors,
      http: loopbackOnly,
      apiBases: { telegram: tgUrl },
      options: { pollMs, concurrency: 4, leaseMs: 10_000, retry: { baseMs: 300, capMs: 2_000, maxFailures }, tokenCheckMs: 200, refreshHorizonMs: 3_600_000, workerId: `test-${workers.length}` },
    });
    w.start();
    workers.push(w);
    return w;
  }
  async function stopWorkers() {
    await Promise.all(workers.splice(0).map((w) => w.stop()));
  }

  beforeAll(async () => {
    const port = await freePort();
    tgUrl = `http://127.0.0.1:${port}`;
    // The service checks connections at the configured API base (REDAZIONE_API_BASE_<PLATFORM>).
    process.env.REDAZIONE_API_BASE_TELEGRAM = tgUrl;
    tg = new TelegramServer({ port, host: '127.0.0.1' });
    await tg.start();
    app = await startTestApp(kind);
    await createEnte(app, 'pubblica');
    c = {
      smm: await login(app, 'social_media_manager@pubblica.test'),
      red: await login(app, 'redattore@pubblica.test'),
      appr: await login(app, 'approvatore@pubblica.test'),
      admin: await login(app, 'amministratore@pubblica.test'),
    };
    const r = await app.database.db.execute(sql`select d.id from desks d join enti e on e.id = d.ente_id where e.slug = 'pubblica' order by d.key limit 1`);
    deskId = (r as unknown as { rows: { id: string }[] }).rows[0]!.id;
    fake = await startFakeMastodon();
    startWorker();
  });
  afterAll(async () => {
    await stopWorkers();
    await tg?.stop();
    await fake?.close();
    await app?.close();
  });

  async function mastodonChannel(token = `tok-${++n}`, extra: Record<string, unknown> = {}) {
    const handle = `comune${++n}`;
    fake.addAccount(token, handle);
    const ch = await c.smm.post(`${base}/channels`, { ...channelBody(handle, 'mastodon'), url: `${fake.url}/@${handle}`, ownerDeskId: deskId });
    expect(ch.statusCode, ch.body).toBe(201);
    const res = await c.smm.post(`${base}/channels/${ch.json().id}/connect`, { accessToken: token, account: { instance: fake.url }, ...extra });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().channel.status).toBe('attivo');
    return ch.json().id as string;
  }

  /** A post written, submitted and approved for one channel. */
  async function approvedPost(channelId: string, text: string) {
    const p = (await c.red.post(`${base}/proposals`, { title: `Avviso ${++n}`, body: 'Testo della proposta' })).json();
    const edited = await c.red.patch(`${base}/posts/${p.id}`, { version: p.version, variants: [{ channelId, text }] });
    expect(edited.statusCode, edited.body).toBe(200);
    const sub = await c.red.post(`${base}/posts/${p.id}/submit`, { version: edited.json().version });
    expect(sub.statusCode, sub.body).toBe(200);
    const ok = await c.appr.post(`${base}/posts/${p.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    return p.id as string;
  }

  async function publications(postId: string) {
    const r = await c.red.get(`${base}/posts/${postId}/publications`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().publications as { state: string; url: string | null; platformId: string | null; reason: { it: string; en: string } | null; attempts: { outcome: string | null; errorKind: string | null; startedAt: string; detail: { it: string } | null }[] }[];
  }

  async function waitFor(postId: string, states: string[], ms = 20_000) {
    const end = Date.now() + ms;
    for (;;) {
      const [p] = await publications(postId);
      if (p && states.includes(p.state)) return p;
      if (Date.now() > end) throw new Error(`publication still ${p?.state}: ${JSON.stringify(p)}`);
      await sleep(100);
    }
  }

  const countText = (text: string) => fake.statuses.filter((s) => s.text === text).length;

  test('a scheduled Telegram variant goes out at its time, once, with its link', async () => {
    const ch = await c.smm.post(`${base}/channels`, { ...channelBody('AvvisiPubblica'), ownerDeskId: deskId });
    const bad = await c.smm.post(`${base}/channels/${ch.json().id}/connect`, { accessToken: 'x' });
    expect(bad.statusCode).toBe(422); // no chat id: the connection check refuses it
    const conn = await c.smm.post(`${base}/channels/${ch.json().id}/connect`, { accessToken: '123:bot-token', account: { chatId: '@AvvisiPubblica' } });
    expect(conn.statusCode, conn.body).toBe(200);
    expect(conn.json().account.handle).toBe('@TestNameBot');
    const text = 'Domani la biblioteca comunale resta chiusa per lavori di manutenzione.';
    const postId = await approvedPost(ch.json().id, text);
    const at = new Date(Date.now() + 2_000);
    const s = await c.red.post(`${base}/posts/${postId}/schedule`, { schedules: [{ channelId: ch.json().id, at: at.toISOString() }] });
    expect(s.statusCode, s.body).toBe(200);
    await sleep(800);
    expect((await publications(postId))[0]!.state).toBe('programmato'); // not before its time
    const p = await waitFor(postId, ['pubblicato']);
    const sent = tg.storage.botMessages.filter((m) => (m.message as { text?: string }).text === text);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.time).toBeGreaterThanOrEqual(at.getTime());
    expect(p.url).toBe(`https://t.me/AvvisiPubblica/${sent[0]!.messageId}`);
    expect(p.attempts.map((a) => a.outcome)).toEqual(['published']);
    expect((await c.red.get(`${base}/posts/${postId}`)).json().status).toBe('pubblicato');
    await sleep(500);
    expect(tg.storage.botMessages.filter((m) => (m.message as { text?: string }).text === text)).toHaveLength(1);
    // Publishing again is refused: it went out.
    expect((await c.red.post(`${base}/posts/${postId}/publish-now`, {})).statusCode).toBe(409);
  });

  test('429: published after the wait the platform asked for, not dropped', async () => {
    const channelId = await mastodonChannel();
    const text = 'Raccolta differenziata: da lunedì cambia il calendario del ritiro della carta.';
    const postId = await approvedPost(channelId, text);
    fake.next({ kind: 'rate_limit', resetInMs: 1_500 });
    expect((await c.red.post(`${base}/posts/${postId}/publish-now`, {})).statusCode).toBe(200);
    const p = await waitFor(postId, ['pubblicato']);
    expect(p.attempts.map((a) => a.errorKind ?? a.outcome)).toEqual(['rate_limited', 'published']);
    const gap = Date.parse(p.attempts[1]!.startedAt) - Date.parse(p.attempts[0]!.startedAt);
    expect(gap).toBeGreaterThanOrEqual(1_300);
    expect(countText(text)).toBe(1);
    expect(p.url).toMatch(new RegExp(`^${fake.url}/@`));
  });

  test('503: retried with growing backoff, then published once', async () => {
    const channelId = await mastodonChannel();
    const text = 'Lavori in via Roma: strada chiusa dalle 8 alle 18 fino a venerdì.';
    const postId = await approvedPost(channelId, text);
    fake.next({ kind: 'status', status: 503, error: 'Service Unavailable' }, { kind: 'status', status: 503, error: 'Service Unavailable' });
    await c.red.post(`${base}/posts/${postId}/publish-now`, {});
    const p = await waitFor(postId, ['pubblicato']);
    expect(p.attempts.map((a) => a.errorKind ?? a.outcome)).toEqual(['transient', 'transient', 'published']);
    const t = p.attempts.map((a) => Date.parse(a.startedAt));
    expect(t[1]! - t[0]!).toBeGreaterThanOrEqual(140); // base 300 ms with jitter: ≥ 150
    expect(t[2]! - t[1]!).toBeGreaterThanOrEqual(290); // doubled: ≥ 300
    expect(countText(text)).toBe(1);
  });

  test('unknown outcome (accepted, then the connection drops): lookup finds it, no duplicate', async () => {
    const channelId = await mastodonChannel();
    const text = 'Vaccinazioni antinfluenzali: prenotazioni aperte in farmacia e dal medico.';
    const postId = await approvedPost(channelId, text);
    fake.next({ kind: 'drop_after_accept' });
    await c.red.post(`${base}/posts/${postId}/publish-now`, {});
    const p = await waitFor(postId, ['pubblicato']);
    expect(p.attempts.map((a) => a.errorKind ?? a.outcome)).toEqual(['unknown_outcome', 'lookup_found']);
    expect(countText(text)).toBe(1);
    expect(p.platformId).toBe(fake.statuses.find((s) => s.text === text)!.id);
  });

  test('unknown outcome on a connector without lookup: a person decides, then it goes out', async () => {
    const channelId = await mastodonChannel();
    await stopWorkers();
    startWorker({ ...CONNECTORS, mastodon: { ...mastodon, capabilities: { ...mastodon.capabilities, lookup: false } } });
    const text = 'Consiglio comunale convocato giovedì alle 18 nella sala consiliare.';
    const postId = await approvedPost(channelId, text);
    fake.next({ kind: 'status', status: 500, error: 'Internal' }); // 500: may have gone through
    await c.red.post(`${base}/posts/${postId}/publish-now`, {});
    const p = await waitFor(postId, ['da_verificare']);
    expect(p.reason!.it).toMatch(/Controlla il canale/);
    await sleep(400);
    expect((await publications(postId))[0]!.state).toBe('da_verificare'); // never retried on its own
    const queue = (await c.admin.get(`${base}/publishing/queue`)).json();
    expect(queue.totals.toVerify).toBeGreaterThanOrEqual(1);
    const pubId = queue.items.find((i: { postId: string }) => i.postId === postId).publicationId;
    expect((await c.red.post(`${base}/publications/${pubId}/resolve`, { published: false })).statusCode).toBe(403);
    expect((await c.smm.post(`${base}/publications/${pubId}/resolve`, { published: false })).statusCode).toBe(200);
    await waitFor(postId, ['pubblicato']);
    expect(countText(text)).toBe(1);
    await stopWorkers();
    startWorker();
  });

  test('a revoked token: channel da_ricollegare, its desk notified, the publication failed with what to do', async () => {
    const token = `tok-revoked-${++n}`;
    const channelId = await mastodonChannel(token);
    const postId = await approvedPost(channelId, 'Mercato settimanale spostato in piazza Garibaldi per la fiera.');
    fake.revoke(token);
    await c.red.post(`${base}/posts/${postId}/publish-now`, {});
    const p = await waitFor(postId, ['fallito']);
    expect(p.reason!.it).toMatch(/Ricollega il canale/);
    expect((await c.smm.get(`${base}/channels/${channelId}`)).json().status).toBe('da_ricollegare');
    const notes = await app.services.publishing.listNotifications((await app.services.organisation.findEnteBySlug('pubblica'))!.id);
    expect(notes.some((x) => x.channelId === channelId && x.deskId === deskId && x.kind === 'channel_reconnect')).toBe(true);
    const audit = (await c.admin.get(`${base}/audit?entityType=channel&entityId=${channelId}`)).json();
    expect(audit.events.map((e: { action: string }) => e.action)).toContain('channel.needs_reconnect');
  });

  test('a token about to expire is refreshed before publishing; one that cannot be refreshed is flagged before the post is due', async () => {
    // A connector whose tokens expire and refresh (Mastodon's do not; the contract allows it).
    const refreshing = {
      ...mastodon,
      capabilities: { ...mastodon.capabilities, refresh: true },
      async refresh(ctx: Parameters<NonNullable<typeof mastodon.refresh>>[0]) {
        const id = ctx.credentials!.account!.id!;
        fake.addToken(`fresh-${id}`, id);
        return { ...ctx.credentials!, accessToken: `fresh-${id}`, expiresAt: new Date(Date.now() + 3_600_000).toISOString() };
      },
    };
    await stopWorkers();
    startWorker({ ...CONNECTORS, mastodon: refreshing });
    const soon = new Date(Date.now() + 30_000).toISOString();
    const channelId = await mastodonChannel(undefined, { refreshToken: 'r1', expiresAt: soon });
    const text = 'Allerta meteo gialla per temporali: evitare i sottopassi.';
    const postId = await approvedPost(channelId, text);
    await c.red.post(`${base}/posts/${postId}/publish-now`, {});
    await waitFor(postId, ['pubblicato']);
    const enteId = (await app.services.organisation.findEnteBySlug('pubblica'))!.id;
    expect(JSON.parse((await app.services.channels.readCredentials(enteId, channelId))!).accessToken).toMatch(/^fresh-/);

    // No refresh token: flagged ahead of time (the post is due in 10 minutes, the token expires in 5).
    const other = await mastodonChannel(undefined, { expiresAt: new Date(Date.now() + 5 * 60_000).toISOString() });
    const later = await approvedPost(other, 'Iscrizioni al servizio mensa scolastica aperte fino al 30.');
    await c.red.post(`${base}/posts/${later}/schedule`, { schedules: [{ channelId: other, at: new Date(Date.now() + 10 * 60_000).toISOString() }] });
    const end = Date.now() + 10_000;
    while ((await c.smm.get(`${base}/channels/${other}`)).json().status !== 'da_ricollegare') {
      if (Date.now() > end) throw new Error('channel not flagged');
      await sleep(100);
    }
    expect((await publications(later))[0]!.state).toBe('programmato'); // not failed yet: the desk has time
    expect((await app.services.publishing.listNotifications(enteId)).some((x) => x.channelId === other)).toBe(true);
    await stopWorkers();
    startWorker();
  });

  test('nothing is retried forever: after the maximum, failed with the reason in Italian and what to do', async () => {
    const channelId = await mastodonChannel();
    const text = 'Sportello anagrafe chiuso sabato per aggiornamento dei sistemi informatici.';
    const postId = await approvedPost(channelId, text);
    fake.next(...Array.from({ length: 3 }, () => ({ kind: 'status' as const, status: 503, error: 'Service Unavailable' })));
    await c.red.post(`${base}/posts/${postId}/publish-now`, {});
    const p = await waitFor(postId, ['fallito']);
    expect(p.attempts).toHaveLength(3);
    expect(p.reason!.it).toMatch(/Pubblica ora/);
    expect(p.reason!.en).toMatch(/Publish now/);
    expect(countText(text)).toBe(0);
    const q = await c.admin.get(`${base}/publishing/queue`);
    expect(q.statusCode).toBe(200);
    expect(q.json().channels.find((x: { channelId: string }) => x.channelId === channelId).failed).toBe(1);
    expect((await c.red.get(`${base}/publishing/queue`)).statusCode).toBe(403);
    // Publish now re-arms it once the cause is gone.
    expect((await c.red.post(`${base}/posts/${postId}/publish-now`, {})).statusCode).toBe(200);
    await waitFor(postId, ['pubblicato']);
    expect(countText(text)).toBe(1);
  });

  test('NOTIFY wakes an idle worker: "publish now" goes out long before the next poll', async () => {
    const channelId = await mastodonChannel();
    const text = 'Chiusura scuole per neve: avviso della Protezione civile comunale.';
    const postId = await approvedPost(channelId, text);
    await stopWorkers();
    startWorker(CONNECTORS, 3, 60_000); // polls once a minute: only LISTEN/NOTIFY can wake it in time
    await sleep(1_000); // let it look at the queue once and go to sleep
    const t0 = Date.now();
    expect((await c.red.post(`${base}/posts/${postId}/publish-now`, {})).statusCode).toBe(200);
    await waitFor(postId, ['pubblicato'], 10_000);
    const took = Date.now() - t0;
    expect(took).toBeLessThan(5_000);
    expect(countText(text)).toBe(1);
    await stopWorkers();
    startWorker();
  });

  test('an edit after scheduling cancels the pending publication', async () => {
    const channelId = await mastodonChannel();
    const text = 'Festa patronale: programma completo degli eventi in piazza.';
    const postId = await approvedPost(channelId, text);
    await c.red.post(`${base}/posts/${postId}/schedule`, { schedules: [{ channelId, at: new Date(Date.now() + 1_500).toISOString() }] });
    const post = (await c.red.get(`${base}/posts/${postId}`)).json();
    const e = await c.red.patch(`${base}/posts/${postId}`, { version: post.version, variants: [{ channelId, text: `${text} Modificato.` }] });
    expect(e.statusCode, e.body).toBe(200);
    await waitFor(postId, ['annullato'], 8_000);
    expect(countText(text)).toBe(0);
  });
});
