/**
 * Crisis mode and alerts on PGlite and PostgreSQL: declaring a crisis pauses exactly the scheduled
 * ordinary variants (and nothing else) and cannot happen twice; ending it restores nothing; paused
 * posts are rescheduled or dropped one by one; an alert without colour code or validity is refused
 * with field errors; an approved alert reaches every selected channel once, ahead of the queue; its
 * CAP documents validate against the OASIS CAP 1.2 XSD (xmllint); a broadcast to subscribers
 * respects the rate, stops on an expired token and resumes where it stopped; the listening raises
 * exactly the planted spikes; a false claim marks the messages that repeat it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { anonymous, channelBody, createEnte, login, PASSWORD, startTestApp, SYSTEM, type Client, type TestApp } from '../support/app.ts';
import { fakeSender } from '../fakes/broadcast.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import type { Connector } from '../../src/connectors/contract.ts';
import { createPublishingWorker } from '../../src/modules/publishing/index.ts';
import { createCrisis } from '../../src/modules/crisis/index.ts';
import { postVariants } from '../../src/modules/editorial/editorial.tables.ts';
import { publications } from '../../src/modules/publishing/publishing.tables.ts';

const XSD = path.resolve(import.meta.dirname, '..', 'fixtures', 'cap', 'CAP-v1.2.xsd');
const rowsOf = <T,>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : (r as { rows: T[] }).rows);

/** Validates an XML document against the CAP 1.2 schema with Debian's xmllint; returns its report. */
function xmllint(xml: string, schema: string | null = XSD): { ok: boolean; out: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-cap-'));
  const file = path.join(dir, 'doc.xml');
  fs.writeFileSync(file, xml);
  try {
    const out = execFileSync('xmllint', ['--noout', ...(schema ? ['--schema', schema] : []), file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    return { ok: true, out };
  } catch (e) {
    return { ok: false, out: String((e as { stderr?: string }).stderr ?? e) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A connector that records each publish call (platform, channel, text). */
function recordingConnector(platform: 'mastodon' | 'telegram', calls: { channelId: string; text: string; at: number }[]): Connector {
  return {
    platform,
    capabilities: { media: false, altText: false, delete: false, lookup: true, refresh: false },
    rateLimits: { perChannel: { requests: 1000, perMs: 1000 } },
    identity: async () => ({ id: '1', handle: 'x', name: 'x', url: null }),
    async publish(ctx, req) {
      calls.push({ channelId: ctx.channel.id, text: req.text, at: performance.now() });
      return { platformId: `${ctx.channel.id}:${calls.length}`, url: null, publishedAt: new Date() };
    },
    lookup: async () => null,
    delete: async () => {},
  };
}

describe.each(backends())('crisis mode and alerts on %s', (kind) => {
  let app: TestApp;
  let c: Record<'smm' | 'red' | 'appr' | 'admin' | 'oss', Client>;
  let enteId: string;
  let people: Record<string, string>;
  const base = '/api/v1/enti/crisi';
  const ch: Record<string, string> = {};

  /** An approved post with one variant per channel, scheduled at `at` on each. */
  async function scheduledPost(title: string, channelIds: string[], at: string) {
    const p = (await c.red.post(`${base}/proposals`, { title, body: 'Testo' })).json();
    const e = (await c.red.patch(`${base}/posts/${p.id}`, { version: p.version, variants: channelIds.map((id) => ({ channelId: id, text: `${title}: orari dello sportello anagrafe.` })) })).json();
    expect((await c.red.post(`${base}/posts/${p.id}/submit`, { version: e.version })).statusCode).toBe(200);
    expect((await c.appr.post(`${base}/posts/${p.id}/approve`, {})).statusCode).toBe(200);
    const s = await c.red.post(`${base}/posts/${p.id}/schedule`, { schedules: channelIds.map((id) => ({ channelId: id, at })) });
    expect(s.statusCode, s.body).toBe(200);
    return p.id as string;
  }

  const variantStatus = async (postId: string) =>
    (await app.database.db.select({ channelId: postVariants.channelId, status: postVariants.status }).from(postVariants).where(eq(postVariants.postId, postId))).map((v) => v.status).sort();

  const alertBody = (channelIds: string[], over: Record<string, unknown> = {}) => ({
    code: 'gialla',
    risks: ['idrogeologico', 'temporali'],
    zones: [{ name: 'Zona B – Bacino del Reno', code: 'EMR-B' }],
    validFrom: new Date(Date.now() + 3_600_000).toISOString(),
    validTo: new Date(Date.now() + 14 * 3_600_000).toISOString(),
    source: 'Centro Funzionale della Regione Emilia-Romagna',
    measures: ['Attivato il COC', 'Scuole chiuse nella frazione di Borgo Panigale'],
    behaviour: ['Evita sottopassi e scantinati', 'Non attraversare strade allagate', 'Limita gli spostamenti'],
    ordinanceUrl: 'https://www.comune.example.it/ordinanze/2026/123-chiusura-scuole-per-allerta-meteo',
    infoUrl: 'https://allertameteo.regione.emilia-romagna.it',
    channelIds,
    ...over,
  });

  beforeAll(async () => {
    app = await startTestApp(kind);
    const e = await createEnte(app, 'crisi');
    enteId = e.ente.id;
    people = e.people;
    c = {
      smm: await login(app, e.email('social_media_manager')),
      red: await login(app, e.email('redattore')),
      appr: await login(app, e.email('approvatore')),
      admin: await login(app, e.email('amministratore')),
      oss: await login(app, e.email('osservatore')),
    };
    for (const [name, platform] of [
      ['fb', 'facebook_page'],
      ['x', 'x'],
      ['bsky', 'bluesky'],
      ['tg', 'telegram'],
      ['wa', 'whatsapp'],
      ['masto', 'mastodon'],
    ] as const) {
      const r = await c.smm.post(`${base}/channels`, { ...channelBody(`crisi_${name}`, platform), url: `https://example.org/${name}` });
      expect(r.statusCode, r.body).toBe(201);
      ch[name] = r.json().id;
    }
  });
  afterAll(async () => app?.close());

  test('declaring pauses exactly the scheduled ordinary variants, on the chosen channels; twice is 409; ending restores nothing', async () => {
    const later = new Date(Date.now() + 48 * 3_600_000).toISOString();
    const onFb = await scheduledPost('Post A', [ch.fb!, ch.masto!], later);
    const onX = await scheduledPost('Post B', [ch.x!], later);
    const draft = (await c.red.post(`${base}/proposals`, { title: 'Bozza', body: 'Non programmata' })).json().id as string;
    const before = await app.database.db.select().from(postVariants).where(eq(postVariants.enteId, enteId));

    const bad = await c.smm.post(`${base}/crisis`, { reason: 'Esondazione', expectedEndAt: new Date(Date.now() - 1000).toISOString() });
    expect(bad.statusCode).toBe(400);
    expect((await c.red.post(`${base}/crisis`, { reason: 'Esondazione', expectedEndAt: later })).statusCode).toBe(403);

    const d = await c.smm.post(`${base}/crisis`, { reason: 'Esondazione del Reno', expectedEndAt: later, channelIds: [ch.fb!, ch.x!] });
    expect(d.statusCode, d.body).toBe(201);
    expect(d.json().paused).toBe(2); // Post A on Facebook, Post B on X; not Post A on Mastodon, not the draft
    expect(await variantStatus(onFb)).toEqual(['programmato', 'sospeso_crisi']);
    expect(await variantStatus(onX)).toEqual(['sospeso_crisi']);
    const after = await app.database.db.select().from(postVariants).where(eq(postVariants.enteId, enteId));
    // Nothing else changed: same rows, same texts and dates; only those two statuses.
    expect(after).toHaveLength(before.length);
    const changed = after.filter((v) => before.find((b) => b.postId === v.postId && b.channelId === v.channelId)!.status !== v.status);
    expect(changed.map((v) => [v.postId, v.channelId]).sort()).toEqual([[onFb, ch.fb], [onX, ch.x]].sort());
    for (const v of after) {
      const b = before.find((x) => x.postId === v.postId && x.channelId === v.channelId)!;
      expect([v.text, v.scheduledAt?.getTime()]).toEqual([b.text, b.scheduledAt?.getTime()]);
    }
    expect(await variantStatus(draft)).toEqual([]);

    const twice = await c.admin.post(`${base}/crisis`, { reason: 'Altro', expectedEndAt: later });
    expect(twice.statusCode).toBe(409);
    expect(twice.headers['content-type']).toContain('application/problem+json');
    expect(twice.json().code).toBe('crisis_active');

    const state = (await c.oss.get(`${base}/crisis`)).json();
    expect(state.active).toBe(true);
    expect(state.banner.it).toContain('Esondazione del Reno');
    expect(state.paused).toHaveLength(2);
    expect(state.notifications[0].kind).toBe('crisis_declared');

    // Rescheduling waits for the end of the crisis.
    expect((await c.red.post(`${base}/crisis/paused/${onX}/${ch.x}/reschedule`, { at: later })).statusCode).toBe(409);

    const end = await c.smm.post(`${base}/crisis/end`, {});
    expect(end.statusCode, end.body).toBe(200);
    expect(end.json().crisis.endKind).toBe('manuale');
    expect(await variantStatus(onFb)).toEqual(['programmato', 'sospeso_crisi']); // nothing restored
    expect((await c.smm.post(`${base}/crisis/end`, {})).statusCode).toBe(409);

    const r = await c.red.post(`${base}/crisis/paused/${onX}/${ch.x}/reschedule`, { at: later });
    expect(r.statusCode, r.body).toBe(200);
    expect(await variantStatus(onX)).toEqual(['programmato']);
    const pub = await app.database.db.select().from(publications).where(and(eq(publications.enteId, enteId), eq(publications.postId, onX)));
    expect(pub.map((p) => p.state)).toEqual(['programmato']);
    const dropped = await c.red.post(`${base}/crisis/paused/${onFb}/${ch.fb}/drop`, {});
    expect(dropped.statusCode, dropped.body).toBe(200);
    expect(await variantStatus(onFb)).toEqual(['approvato', 'programmato']);
    expect((await c.red.post(`${base}/crisis/paused/${onFb}/${ch.fb}/drop`, {})).statusCode).toBe(404);
    const audit = rowsOf<{ action: string }>(await app.database.db.execute(sql`select action from audit_events where ente_id = ${enteId} and action like 'crisis.%' order by seq`));
    expect(audit.map((a) => a.action)).toEqual(['crisis.declare', 'crisis.end', 'crisis.paused.reschedule', 'crisis.paused.drop']);
  });

  test('a crisis ends by itself at its expected end (at read time)', async () => {
    const soon = new Date(Date.now() + 1500).toISOString();
    expect((await c.smm.post(`${base}/crisis`, { reason: 'Black-out breve', expectedEndAt: soon })).statusCode).toBe(201);
    await new Promise((r) => setTimeout(r, 1700));
    const s = (await c.smm.get(`${base}/crisis`)).json();
    expect(s.active).toBe(false);
    expect(s.lastCrisis.endKind).toBe('scadenza');
  });

  test('an alert without colour code or validity window is refused with field errors', async () => {
    const body = alertBody([ch.x!]) as Record<string, unknown>;
    delete body.code;
    delete body.validFrom;
    delete body.validTo;
    const r = await c.red.post(`${base}/alerts`, body);
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { field: string }) => e.field).sort()).toEqual(['code', 'validFrom', 'validTo']);
    const inverted = await c.red.post(`${base}/alerts`, alertBody([ch.x!], { validTo: new Date(Date.now() + 1000).toISOString(), validFrom: new Date(Date.now() + 7200_000).toISOString() }));
    expect(inverted.statusCode).toBe(400);
    expect(inverted.json().errors[0].field).toBe('validTo');
  });

  test('variants fit each platform, keep code, risk, validity and link; one approval publishes to every channel once, ahead of the queue', async () => {
    const channels = [ch.fb!, ch.x!, ch.bsky!, ch.masto!, ch.tg!];
    const created = await c.red.post(`${base}/alerts`, alertBody(channels));
    expect(created.statusCode, created.body).toBe(201);
    const alert = created.json();
    // Valid from in an hour to in fourteen: within one day, or across midnight (Rome) when the
    // test runs after 10.00 (both wordings are unit-tested in alerts.fns.test.ts).
    expect(alert.headline).toMatch(/^ALLERTA METEO – \S+ \d+ \S+ \d{4}: Codice Giallo per rischio idrogeologico e temporali dalle ore \d\d\.\d\d (di \S+ \d+ \S+ \d{4} )?alle ore \d\d\.\d\d di /);
    const byPlatform = Object.fromEntries(alert.variants.map((v: { platform: string; text: string }) => [v.platform, v.text]));
    expect(byPlatform.x.length).toBeLessThan(alert.text.length);
    for (const t of Object.values(byPlatform) as string[]) {
      expect(t).toMatch(/Codice Giallo/);
      expect(t).toMatch(/idrogeologico/);
      expect(t).toContain('https://www.comune.example.it/ordinanze/2026/123-chiusura-scuole-per-allerta-meteo');
      expect(t).toContain('112');
    }
    // Outside a crisis its author cannot approve it (four eyes), and a redattore never can.
    expect((await c.red.post(`${base}/alerts/${alert.id}/approve`, {})).statusCode).toBe(403);

    // A backlog of ordinary publications already waits in the queue: the alert must overtake it.
    const soon = new Date(Date.now() + 1500).toISOString();
    for (let i = 0; i < 3; i++) await scheduledPost(`Ordinario in coda ${i}`, [ch.masto!, ch.fb!], soon);
    await new Promise((r) => setTimeout(r, 1600));
    const ok = await c.appr.post(`${base}/alerts/${alert.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().status).toBe('pubblicata');
    expect(ok.json().fastPath).toBe(false);
    const pubs = await app.database.db.select().from(publications).where(and(eq(publications.enteId, enteId), eq(publications.postId, ok.json().postId)));
    expect(pubs.map((p) => p.channelId).sort()).toEqual([...channels].sort());
    expect(pubs.every((p) => p.urgent && p.state === 'programmato')).toBe(true);

    // Publish through the queue with recording connectors on every channel.
    const calls: { channelId: string; text: string; at: number }[] = [];
    for (const id of channels) await app.services.channels.setCredentials(SYSTEM, enteId, id, JSON.stringify({ accessToken: 't', account: { chatId: '@c', instance: 'http://127.0.0.1' } }));
    const rec = recordingConnector('mastodon', calls);
    const registry = { facebook_page: rec, x: rec, bluesky: rec, mastodon: rec, telegram: rec };
    const worker = createPublishingWorker({
      db: app.database.db,
      channels: app.services.channels,
      connectors: registry,
      http: createConnectorHttp(),
      options: { pollMs: 50, concurrency: 1, leaseMs: 10_000, retry: { baseMs: 100, capMs: 1000, maxFailures: 3 }, tokenCheckMs: 1e9, refreshHorizonMs: 0, workerId: 'test' },
    });
    await worker.drain();
    const alertCalls = calls.filter((x) => x.text.includes('Codice Giallo'));
    expect(alertCalls.map((x) => x.channelId).sort()).toEqual([...channels].sort());
    // The worker (one slot) may already hold one ordinary row when the alert arrives; then the
    // alert's five go first, ahead of the other five ordinary publications.
    const lastAlert = calls.findLastIndex((x) => x.text.includes('Codice Giallo'));
    const ordinaryBefore = calls.slice(0, lastAlert).filter((x) => x.text.startsWith('Ordinario in coda')).length;
    expect(ordinaryBefore, JSON.stringify(calls.map((x) => x.text.slice(0, 22)))).toBeLessThanOrEqual(1);
    expect(calls.filter((x) => x.text.startsWith('Ordinario in coda'))).toHaveLength(6);

    // CAP: each document and the index are valid; the index links every alert.
    const html = await anonymous(app).get('/enti/crisi/allerte');
    expect(html.statusCode).toBe(200);
    expect(html.body).toContain('<html lang="it">');
    expect(html.body).not.toContain('<script');
    expect(html.body).toContain('Codice Giallo');
    const feed = await anonymous(app).get('/enti/crisi/allerte.cap.xml');
    expect(feed.headers['content-type']).toContain('application/atom+xml');
    expect(xmllint(feed.body, null).ok).toBe(true);
    const capUrl = /href="([^"]+\.cap\.xml)"/.exec(feed.body.split('<entry>')[1]!)![1]!;
    const doc = await anonymous(app).get(new URL(capUrl).pathname);
    expect(doc.headers['content-type']).toContain('application/cap+xml');
    const v = xmllint(doc.body);
    expect(v.ok, v.out + doc.body).toBe(true);
    expect(doc.body).toContain('<severity>Moderate</severity>');
    expect(doc.body).toContain('<language>it-IT</language>');
    expect(doc.body).toContain('<category>Geo</category>');
    expect(doc.body).toContain('<value>EMR-B</value>');
    // A broken document is refused by the schema: the check can fail.
    expect(xmllint(doc.body.replace('<status>Actual</status>', '<status>Vera</status>')).ok).toBe(false);

    // Update and Cancel messages validate too.
    const upd = await c.red.post(`${base}/alerts`, alertBody([ch.x!], { code: 'arancione', updates: alert.id }));
    expect(upd.statusCode, upd.body).toBe(201);
    expect((await c.appr.post(`${base}/alerts/${upd.json().id}/approve`, {})).statusCode).toBe(200);
    expect((await c.appr.post(`${base}/alerts/${alert.id}/cancel`, {})).statusCode).toBe(200);
    for (const id of [alert.id, upd.json().id]) {
      const d2 = await anonymous(app).get(`/enti/crisi/allerte/${id}.cap.xml`);
      const r2 = xmllint(d2.body);
      expect(r2.ok, r2.out + d2.body).toBe(true);
    }
    expect((await anonymous(app).get(`/enti/crisi/allerte/${alert.id}.cap.xml`)).body).toContain('<msgType>Cancel</msgType>');
    const updDoc = (await anonymous(app).get(`/enti/crisi/allerte/${upd.json().id}.cap.xml`)).body;
    expect(updDoc).toContain('<msgType>Update</msgType>');
    // An Update references the original message by its identifier and the time the original was sent.
    const originalSent = /<sent>([^<]+)<\/sent>/.exec(doc.body)![1]!;
    const originalId = /<identifier>([^<]+)<\/identifier>/.exec(doc.body)![1]!;
    expect(updDoc).toContain(`<references>${/<sender>([^<]+)<\/sender>/.exec(doc.body)![1]},${originalId},${originalSent}</references>`);
  });

  test('during a crisis a single approvatore may approve (fast path, recorded); crisis messages are not paused', async () => {
    // A person who both composes and approves (a small Comune's only officer on duty).
    await app.services.organisation.addPerson(SYSTEM, enteId, { email: 'reperibile@crisi.test', name: 'Reperibile', roles: ['redattore', 'approvatore'], password: PASSWORD });
    const solo = await login(app, 'reperibile@crisi.test');
    const own = (await solo.post(`${base}/alerts`, alertBody([ch.x!], { code: 'rossa' }))).json();
    const refused = await solo.post(`${base}/alerts/${own.id}/approve`, {});
    expect(refused.statusCode).toBe(403); // four eyes outside a crisis
    expect(refused.json().code).toBe('self_approval');
    const later = new Date(Date.now() + 24 * 3_600_000).toISOString();
    expect((await c.smm.post(`${base}/crisis`, { reason: 'Alluvione', expectedEndAt: later })).statusCode).toBe(201);
    const ok = await solo.post(`${base}/alerts/${own.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toMatchObject({ fastPath: true, status: 'pubblicata' });
    expect(ok.json().crisisId).not.toBeNull();
    const audit = rowsOf<{ after: { fastPath: boolean } }>(await app.database.db.execute(sql`select after from audit_events where ente_id = ${enteId} and action = 'alert.approve' and entity_id = ${own.id}`));
    expect(audit[0]!.after.fastPath).toBe(true);
    await createCrisis({ db: app.database.db, publisher: null, drafter: null, readCredentials: async () => null, http: createConnectorHttp() }).crisis.sweep();
    expect(await variantStatus(ok.json().postId)).toEqual(['programmato']); // an alert is never paused
    expect((await c.smm.post(`${base}/crisis/end`, {})).statusCode).toBe(200);
  });

  test('broadcast: rate respected, every subscriber once, expired token stops with a reason and resumes where it stopped', async () => {
    const subs = Array.from({ length: 120 }, (_, i) => ({ channel: 'whatsapp', address: `+39333${String(i).padStart(7, '0')}`, source: 'modulo web' }));
    const add = await c.smm.post(`${base}/subscribers`, { subscribers: subs });
    expect(add.statusCode, add.body).toBe(200);
    expect(add.json().whatsapp.active).toBe(120);
    expect((await c.smm.post(`${base}/subscribers/opt-out`, { channel: 'whatsapp', address: subs[0]!.address })).statusCode).toBe(200);
    await app.services.channels.setCredentials(SYSTEM, enteId, ch.wa!, JSON.stringify({ accessToken: 'wa', account: { phoneNumberId: '1', templateName: 'allerta' } }));

    const fake = fakeSender({ platform: 'whatsapp', rate: 80 });
    const crisis = createCrisis({ db: app.database.db, publisher: null, drafter: null, readCredentials: (e, id) => app.services.channels.readCredentials(e, id), http: createConnectorHttp(), senders: { whatsapp: fake.sender } });
    const a = (await c.red.post(`${base}/alerts`, alertBody([ch.wa!], { broadcast: true }))).json();
    const ok = await c.appr.post(`${base}/alerts/${a.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    const progress = async () => (await c.smm.get(`${base}/alerts/${a.id}/broadcast`)).json().broadcasts[0];
    expect(await progress()).toMatchObject({ total: 119, sent: 0, remaining: 119, state: 'in_corso' });

    const w = crisis.worker(undefined, { pollMs: 50, leaseMs: 5_000, concurrency: 8 });
    w.broadcast.start();
    for (let i = 0; i < 200 && fake.total() < 40; i++) await new Promise((r) => setTimeout(r, 25));
    fake.expire(true);
    for (let i = 0; i < 200 && (await progress()).state !== 'sospeso'; i++) await new Promise((r) => setTimeout(r, 25));
    const stopped = await progress();
    expect(stopped.state).toBe('sospeso');
    expect(stopped.stopReason.code).toBe('auth_expired');
    expect(stopped.stopReason.it).toContain('scaduto');
    expect(stopped.sent + stopped.remaining).toBe(119);
    const sentBefore = fake.total();
    expect(stopped.sent).toBe(sentBefore);

    // Reconnecting the channel (new credentials) resumes the broadcast from where it stopped.
    fake.expire(false);
    await app.services.channels.setCredentials(SYSTEM, enteId, ch.wa!, JSON.stringify({ accessToken: 'wa2', account: { phoneNumberId: '1', templateName: 'allerta' } }));
    await w.tick();
    for (let i = 0; i < 400 && (await progress()).state !== 'completato'; i++) await new Promise((r) => setTimeout(r, 25));
    await w.stop();
    const done = await progress();
    expect(done).toMatchObject({ state: 'completato', sent: 119, failed: 0, remaining: 0 });
    expect(fake.received.size).toBe(119);
    expect(fake.duplicates()).toBe(0);
    expect(fake.received.has(subs[0]!.address)).toBe(false); // opted out
    expect(fake.rejected()).toBe(0); // never over the platform's rate
  });

  test('the composer’s ready behaviour rules come from the server; an unknown risk is a field error', async () => {
    const r = await c.red.get(`${base}/alerts/templates?code=arancione&risks=idrogeologico,temporali`);
    expect(r.statusCode, r.body).toBe(200);
    const lines = r.json<{ behaviour: string[] }>().behaviour;
    expect(lines).toContain('Non attraversare strade allagate');
    expect(lines).toContain('Evita spazi aperti e alberi isolati');
    expect(lines.at(-1)).toBe('Segui gli aggiornamenti sui canali ufficiali del Comune');
    const bad = await c.red.get(`${base}/alerts/templates?code=arancione&risks=meteoriti`);
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
  });

  test('listening: the detector raises exactly the planted spikes; a false claim marks the messages repeating it', async () => {
    const now = new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000);
    const messages: { channelId: string; at: string; text: string }[] = [];
    const weeks = 4;
    const start = now.getTime() - weeks * 7 * 24 * 3_600_000;
    const planted = [now.getTime() - 5 * 3_600_000, now.getTime() - 30 * 3_600_000];
    for (let t = start; t < now.getTime(); t += 3_600_000) {
      const n = 2 + ((t / 3_600_000) % 3); // 2–4 messages an hour, every hour
      const spike = planted.includes(t);
      for (let i = 0; i < (spike ? 40 : n); i++) messages.push({ channelId: ch.fb!, at: new Date(t + i * 1000).toISOString(), text: spike ? 'Via Roma è allagata, aiuto!' : 'Quando apre la biblioteca?' });
    }
    for (let i = 0; i < messages.length; i += 5000) {
      const r = await c.smm.post(`${base}/crisis/signals`, { messages: messages.slice(i, i + 5000) });
      expect(r.statusCode, r.body).toBe(200);
    }
    const s = await c.smm.get(`${base}/crisis/signals?since=${new Date(now.getTime() - 7 * 24 * 3_600_000).toISOString()}`);
    expect(s.statusCode, s.body).toBe(200);
    const body = s.json();
    expect(body.spikes.map((x: { hour: string }) => Date.parse(x.hour)).sort()).toEqual([...planted].sort());
    expect(body.suggestion.declareCrisis).toBe(true);
    expect(body.spikes[0].messages[0].text).toContain('allagata');

    const claim = await c.red.post(`${base}/fake-claims`, {
      claim: 'La diga di Suviana sta per crollare, evacuate Bologna',
      sourceUrl: 'https://www.protezionecivile.gov.it/it/comunicato-stampa/diga-suviana',
      sourceTitle: 'Dipartimento della Protezione Civile',
      channelIds: [ch.fb!],
    });
    expect(claim.statusCode, claim.body).toBe(201);
    expect(claim.json().postId).not.toBeNull();
    expect(claim.json().savedReply).toContain('protezionecivile.gov.it');
    const later = await c.smm.post(`${base}/crisis/signals`, {
      messages: [
        { channelId: ch.fb!, at: new Date().toISOString(), text: 'Ho sentito che la diga di Suviana sta per crollare! Bisogna evacuare Bologna?' },
        { channelId: ch.fb!, at: new Date().toISOString(), text: 'A che ora chiude il mercato di piazza Aldrovandi?' },
      ],
    });
    expect(later.json().matched).toBe(1);
    const list = (await c.red.get(`${base}/fake-claims`)).json();
    expect(list.claims[0].matches.map((m: { text: string }) => m.text)).toEqual(['Ho sentito che la diga di Suviana sta per crollare! Bisogna evacuare Bologna?']);
  });
});
