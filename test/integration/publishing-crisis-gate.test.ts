/**
 * The publishing worker's crisis gate and channels without credentials, on PGlite and PostgreSQL,
 * through the worker the app wires (`services.newPublishingWorker`) and a fake Mastodon:
 * - during a crisis an ordinary approved post sent with "publish now", or scheduled and due, is
 *   paused (variant `sospeso_crisi`, listed by listPausedPosts), never published, and not lost: after
 *   the crisis it is rescheduled and goes out once; an alert of the same crisis goes out; a post by
 *   an allow-listed author and a post on a channel outside the crisis go out; without a crisis
 *   publishing is unchanged;
 * - an ActivityPub channel (the Ente's own actor) publishes without stored credentials, while a
 *   Mastodon channel without credentials still fails with "no_credentials".
 */
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, startTestApp, SYSTEM, type Client, type TestApp } from '../support/app.ts';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon.ts';
import { postVariants } from '../../src/modules/editorial/editorial.tables.ts';

const rowsOf = <T,>(r: unknown): T[] => (Array.isArray(r) ? (r as T[]) : (r as { rows: T[] }).rows);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Publication {
  channelId: string;
  state: string;
  platformId: string | null;
  reason: { code: string; it: string; en: string } | null;
}

describe.each(backends())('publishing crisis gate on %s', (kind) => {
  let app: TestApp;
  let fake: FakeMastodon;
  let c: Record<'smm' | 'red' | 'appr', Client>;
  let enteId: string;
  let people: Record<string, string>;
  const base = '/api/v1/enti/varco';
  const ch: Record<'a' | 'b' | 'bare' | 'ap', string> = { a: '', b: '', bare: '', ap: '' };
  let n = 0;

  /** The worker as `redazione start` builds it, run until nothing is due. */
  async function drain() {
    const w = app.services.newPublishingWorker();
    await w.drain();
    await w.stop();
  }

  async function mastodonChannel(handle: string, connected = true) {
    const r = await c.smm.post(`${base}/channels`, { ...channelBody(handle, 'mastodon'), url: `${fake.url}/@${handle}` });
    expect(r.statusCode, r.body).toBe(201);
    const id = r.json().id as string;
    if (connected) {
      const token = `tok-${handle}`;
      const acct = fake.addAccount(token, handle);
      await app.services.channels.setCredentials(SYSTEM, enteId, id, JSON.stringify({ accessToken: token, account: { instance: fake.url, id: acct } }));
    }
    return id;
  }

  /** A post written by `author`, submitted and approved, with one variant per channel. */
  async function approvedPost(text: string, channelIds: string[], author: Client = c.red) {
    const p = (await author.post(`${base}/proposals`, { title: `Avviso ${++n}`, body: 'Testo della proposta' })).json();
    const e = await author.patch(`${base}/posts/${p.id}`, { version: p.version, variants: channelIds.map((channelId) => ({ channelId, text })) });
    expect(e.statusCode, e.body).toBe(200);
    const sub = await author.post(`${base}/posts/${p.id}/submit`, { version: e.json().version });
    expect(sub.statusCode, sub.body).toBe(200);
    const ok = await c.appr.post(`${base}/posts/${p.id}/approve`, {});
    expect(ok.statusCode, ok.body).toBe(200);
    return p.id as string;
  }

  async function publishNow(postId: string) {
    const r = await c.smm.post(`${base}/posts/${postId}/publish-now`, {});
    expect(r.statusCode, r.body).toBe(200);
  }

  async function publications(postId: string): Promise<Publication[]> {
    const r = await c.red.get(`${base}/posts/${postId}/publications`);
    expect(r.statusCode, r.body).toBe(200);
    return r.json().publications as Publication[];
  }

  const sent = (text: string) => fake.statuses.filter((s) => s.text === text).length;
  const variantStatuses = async (postId: string) =>
    (await app.database.db.select({ s: postVariants.status }).from(postVariants).where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId)))).map((v) => v.s);
  const paused = async () =>
    (await c.red.get(`${base}/crisis/paused`)).json().paused as { postId: string; channelId: string; state: string; crisisId: string }[];

  async function declare(body: Record<string, unknown> = {}) {
    const r = await c.smm.post(`${base}/crisis`, { reason: 'Esondazione del torrente', expectedEndAt: new Date(Date.now() + 3_600_000).toISOString(), ...body });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().crisis.id as string;
  }
  async function endCrisis() {
    const r = await c.smm.post(`${base}/crisis/end`, {});
    expect(r.statusCode, r.body).toBe(200);
  }

  beforeAll(async () => {
    // The ActivityPub actor's base URL; nobody follows it here, so nothing is delivered.
    app = await startTestApp(kind, { REDAZIONE_PUBLIC_URL: 'http://127.0.0.1:9' });
    const e = await createEnte(app, 'varco');
    enteId = e.ente.id;
    people = e.people;
    c = { smm: await login(app, e.email('social_media_manager')), red: await login(app, e.email('redattore')), appr: await login(app, e.email('approvatore')) };
    fake = await startFakeMastodon({ idempotency: false });
    ch.a = await mastodonChannel('varco_a');
    ch.b = await mastodonChannel('varco_b');
    ch.bare = await mastodonChannel('varco_bare', false);
    const ap = await c.smm.post(`${base}/channels`, { ...channelBody('varco', 'activitypub'), url: 'http://127.0.0.1:9/ap/enti/varco' });
    expect(ap.statusCode, ap.body).toBe(201);
    ch.ap = ap.json().id;
  });
  afterAll(async () => {
    await fake?.close();
    await app?.close();
  });

  test('without a crisis "publish now" goes out once, as before', async () => {
    const text = 'Sportello anagrafe: da lunedì aperto anche il pomeriggio.';
    const postId = await approvedPost(text, [ch.a]);
    await publishNow(postId);
    await drain();
    const [p] = await publications(postId);
    expect(p!.state).toBe('pubblicato');
    expect(sent(text)).toBe(1);
  });

  test('during a crisis an ordinary post (publish now, or due) is paused, not published, and listed; an alert goes out; after the crisis it is rescheduled and goes out once', async () => {
    const crisisId = await declare();
    const now = 'Mercato settimanale spostato in piazza Garibaldi.';
    const urgentOrdinary = await approvedPost(now, [ch.a, ch.b]);
    await publishNow(urgentOrdinary);

    // Scheduled after the declaration (the crisis tick, not running here, would catch it up to 5 s later).
    const due = 'Visite guidate al museo civico sabato mattina.';
    const scheduled = await approvedPost(due, [ch.a]);
    const s = await c.red.post(`${base}/posts/${scheduled}/schedule`, { schedules: [{ channelId: ch.a, at: new Date(Date.now() + 800).toISOString() }] });
    expect(s.statusCode, s.body).toBe(200);
    await sleep(1_000);

    // An alert of the same crisis: approved, handed to the queue with "publish now".
    const alert = await c.red.post(`${base}/alerts`, {
      code: 'arancione',
      risks: ['idraulico'],
      zones: [{ name: 'Zona A – Pianura', code: 'EMR-A' }],
      validFrom: new Date(Date.now() + 600_000).toISOString(),
      validTo: new Date(Date.now() + 6 * 3_600_000).toISOString(),
      source: 'Centro Funzionale della Regione',
      measures: ['Attivato il COC'],
      behaviour: ['Evita sottopassi e scantinati'],
      ordinanceUrl: 'https://www.comune.example.it/ordinanze/2026/7',
      infoUrl: 'https://allertameteo.example.it',
      channelIds: [ch.a],
    });
    expect(alert.statusCode, alert.body).toBe(201);
    const approved = await c.appr.post(`${base}/alerts/${alert.json().id}/approve`, {});
    expect(approved.statusCode, approved.body).toBe(200);
    const alertPost = approved.json().postId as string;

    const before = fake.statuses.length;
    await drain();

    // Ordinary posts: nothing went out, the variants are paused and listed, the reason is shown.
    expect(sent(now)).toBe(0);
    expect(sent(due)).toBe(0);
    expect(await variantStatuses(urgentOrdinary)).toEqual(['sospeso_crisi', 'sospeso_crisi']);
    expect(await variantStatuses(scheduled)).toEqual(['sospeso_crisi']);
    for (const postId of [urgentOrdinary, scheduled]) {
      for (const p of await publications(postId)) {
        expect(p.state).toBe('annullato');
        expect(p.reason?.code).toBe('crisis_paused');
        expect(p.reason?.it).toContain('modalità crisi');
      }
    }
    const list = await paused();
    expect(list.filter((x) => x.crisisId === crisisId && x.state === 'sospeso').map((x) => `${x.postId}:${x.channelId}`).sort()).toEqual(
      [`${urgentOrdinary}:${ch.a}`, `${urgentOrdinary}:${ch.b}`, `${scheduled}:${ch.a}`].sort(),
    );
    const audit = rowsOf<{ entity_id: string }>(await app.database.db.execute(sql`select entity_id from audit_events where ente_id = ${enteId} and action = 'publication.held_crisis'`));
    expect(audit.map((a) => a.entity_id).sort()).toEqual([urgentOrdinary, urgentOrdinary, scheduled].sort());

    // The alert went out, once; it is the only thing that did.
    const [ap] = await publications(alertPost);
    expect(ap!.state).toBe('pubblicato');
    expect(fake.statuses.length - before).toBe(1);
    expect(fake.statuses.at(-1)!.text).toContain('Arancione');

    // Not lost: after the crisis a person reschedules it and it goes out once.
    await endCrisis();
    const at = new Date(Date.now() + 600).toISOString();
    const r = await c.red.post(`${base}/crisis/paused/${scheduled}/${ch.a}/reschedule`, { at });
    expect(r.statusCode, r.body).toBe(200);
    await sleep(800);
    await drain();
    expect((await publications(scheduled))[0]!.state).toBe('pubblicato');
    expect(sent(due)).toBe(1);
  });

  test('an allow-listed author and a channel outside the crisis are not held', async () => {
    await declare({ channelIds: [ch.a], allowedUserIds: [people.social_media_manager!] });
    const byAllowed = 'Aggiornamento del sindaco sulla viabilità.';
    const allowedPost = await approvedPost(byAllowed, [ch.a], c.smm);
    const elsewhere = 'Orari estivi della biblioteca.';
    const outside = await approvedPost(elsewhere, [ch.b]);
    const held = 'Concerto in piazza rinviato a data da destinarsi.';
    const heldPost = await approvedPost(held, [ch.a]);
    for (const id of [allowedPost, outside, heldPost]) await publishNow(id);
    await drain();
    expect(sent(byAllowed)).toBe(1);
    expect(sent(elsewhere)).toBe(1);
    expect(sent(held)).toBe(0);
    expect(await variantStatuses(heldPost)).toEqual(['sospeso_crisi']);
    await endCrisis();
  });

  test('during a crisis a row left by a dead worker is looked up first, then paused, not published', async () => {
    await declare();
    const text = 'Chiusura estiva degli uffici tributi.';
    const postId = await approvedPost(text, [ch.a]);
    await publishNow(postId);
    // A worker claimed it and died: the row is still in_pubblicazione, its lease ran out, its attempt is open.
    const past = new Date(Date.now() - 60_000);
    await app.database.db.execute(sql`update publications set state = 'in_pubblicazione', claim_token = gen_random_uuid(), claimed_by = 'dead', lease_until = ${past.toISOString()}::timestamptz,
      next_attempt_at = ${past.toISOString()}::timestamptz, attempts = 1, first_attempt_at = ${past.toISOString()}::timestamptz where ente_id = ${enteId} and post_id = ${postId}`);
    await app.database.db.execute(sql`insert into publication_attempts (ente_id, publication_id, n, worker, started_at)
      select ente_id, id, 1, 'dead', ${past.toISOString()}::timestamptz from publications where ente_id = ${enteId} and post_id = ${postId}`);
    await drain();
    expect(sent(text)).toBe(0);
    const [p] = await publications(postId);
    expect(p!.state).toBe('annullato');
    expect(p!.reason?.code).toBe('crisis_paused');
    const attempts = (await c.red.get(`${base}/posts/${postId}/publications`)).json().publications[0].attempts as { outcome: string; errorKind: string | null; detail: { it: string } | null }[];
    expect(attempts.map((a) => a.outcome)).toEqual(['interrupted', 'error']);
    expect(attempts[1]!.errorKind).toBe('crisis_paused');
    expect(attempts[1]!.detail?.it).toContain('nulla era uscito');
    expect(await variantStatuses(postId)).toEqual(['sospeso_crisi']);
    expect((await paused()).some((x) => x.postId === postId && x.state === 'sospeso')).toBe(true);
    await endCrisis();
  });

  test('an ActivityPub channel publishes without credentials; a Mastodon channel without them still fails', async () => {
    const text = 'La biblioteca comunale ora è anche nel fediverso.';
    const onAp = await approvedPost(text, [ch.ap]);
    await publishNow(onAp);
    const bareText = 'Questo canale non è collegato.';
    const onBare = await approvedPost(bareText, [ch.bare]);
    await publishNow(onBare);
    await drain();
    const [ap] = await publications(onAp);
    expect(ap!.state, JSON.stringify(ap)).toBe('pubblicato');
    expect(ap!.platformId).toMatch(/^http:\/\/127\.0\.0\.1:9\/ap\/enti\/varco\//);
    const notes = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from ap_outbox where ente_id = ${enteId}`));
    expect(notes[0]!.n).toBe(1);
    const [bare] = await publications(onBare);
    expect(bare!.state).toBe('fallito');
    expect(bare!.reason?.code).toBe('no_credentials');
    expect(sent(bareText)).toBe(0);
  });
});
