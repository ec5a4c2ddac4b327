/**
 * The community inbox on PGlite and PostgreSQL: signed webhooks land once (duplicates, out of
 * order), unsigned ones are refused and stored nowhere, bad input never crashes or loses a valid
 * item, replies and hiding go through the channel's connector (a fake Graph API records them) or
 * are marked "da fare a mano", and the office's routes (assign, notes, close, survey, saved
 * replies, search, late, summary, privacy) behave as the office expects.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { anonymous, channelBody, createEnte, login, SYSTEM, type Client, type TestApp, startTestApp } from '../support/app.ts';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-inbox.ts';
import { CONNECTORS } from '../../src/connectors/index.ts';
import { metaSignature } from '../../src/modules/inbox/index.ts';

const APP_SECRET = 'segreto-app-meta';
const TG_SECRET = 'segreto-telegram-123';

const rows = async (app: TestApp, q: ReturnType<typeof sql>) => (await app.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] };

describe.each(backends())('community inbox on %s', (kind) => {
  let app: TestApp;
  let graph: FakeGraph;
  let smm: Client;
  let fb: string;
  let tg: string;
  let enteId: string;
  const savedTelegram = CONNECTORS.telegram;
  const base = '/api/v1/enti/posta/inbox';
  let seq = 0;

  function fbComment(over: Record<string, unknown> = {}) {
    const id = `post1_c${++seq}`;
    return {
      object: 'page',
      entry: [{ id: 'page1', time: 1, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: id, post_id: 'page1_post1', from: { id: `u${seq}`, name: `Cittadino ${seq}` }, message: 'Quando apre l’anagrafe?', created_time: 1767225600, ...over } }] }],
    };
  }
  const post = (path: string, body: string, headers: Record<string, string>) =>
    app.server.inject({ method: 'POST', url: path, payload: body, headers: { 'content-type': 'application/json', ...headers } });
  const signed = (channel: string, payload: unknown, secret = APP_SECRET) => {
    const body = JSON.stringify(payload);
    return post(`/api/v1/webhooks/facebook_page/${channel}`, body, { 'x-hub-signature-256': metaSignature(body, secret) });
  };
  /** Processes the queue, and waits for the app's own worker if it took part of it. */
  // The app's own background worker may hold an event (SKIP LOCKED) while this drain finds nothing:
  // wait until no event is pending and every incoming item is moderated.
  const drain = async () => {
    for (let i = 0; i < 200; i++) {
      await app.services.inbox.worker.drain();
      const r = await rows(
        app,
        sql`select (select count(*)::int from inbox_items where moderated_at is null and direction = 'in') + (select count(*)::int from inbox_events where status = 'pending') as n`,
      );
      if (r.rows[0]!.n === 0) return;
      await new Promise((res) => setTimeout(res, 25));
    }
  };
  const items = async (query = '') => (await smm.get(`${base}/items${query}`)).json<{ items: { id: string; text: string; platformId: string; status: string; author: { name: string; platformId: string }; moderation: { decision: string; decisionId: string; clauseNumber: string | null }; manualAction: string | null; platformState: string; channel: { id: string } }[] }>().items;
  const count = async (table: string) => Number((await rows(app, sql`select count(*)::int as n from ${sql.identifier(table)}`)).rows[0]!.n);

  beforeAll(async () => {
    graph = await startFakeGraph();
    process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE = graph.url;
    // The production Facebook Page connector replies and hides against the fake Graph API.
    // Here the Telegram channel stands for one whose connector cannot reply or hide (Telegram's
    // own round trip, through the emulator, is in inbox-peers.test.ts).
    CONNECTORS.telegram = { ...savedTelegram!, interactionCapabilities: { reply: false, hide: false, unhide: false, delete: false, poll: false } } as typeof savedTelegram;
    app = await startTestApp(kind, { REDAZIONE_INBOX_POLL_MS: '60000' });
    const { ente } = await createEnte(app, 'posta');
    enteId = ente.id;
    smm = await login(app, 'social_media_manager@posta.test');
    fb = (await smm.post('/api/v1/enti/posta/channels', { ...channelBody('comune-fb', 'facebook_page'), url: 'https://facebook.com/comune' })).json().id;
    tg = (await smm.post('/api/v1/enti/posta/channels', channelBody('comune-tg'))).json().id;
    await app.services.channels.setCredentials(SYSTEM, enteId, fb, JSON.stringify({ accessToken: 'page-token', account: { pageId: 'page1', appSecret: APP_SECRET, verifyToken: 'verifica-123' } }));
    await app.services.channels.setCredentials(SYSTEM, enteId, tg, JSON.stringify({ accessToken: 'bot-token', account: { chatId: '@comune', webhookSecret: TG_SECRET } }));
  });
  afterAll(async () => {
    await app?.close();
    await graph?.close();
    CONNECTORS.telegram = savedTelegram;
    delete process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE;
  });

  test('a signed comment lands once, threaded, moderated and recorded with source inbox', async () => {
    const payload = fbComment();
    const res = await signed(fb, payload);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ received: true });
    for (let i = 0; i < 3; i++) expect((await signed(fb, payload)).statusCode).toBe(200); // the platform re-sends
    await drain();
    const mine = (await items()).filter((i) => i.platformId === `post1_c${seq}`);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ text: 'Quando apre l’anagrafe?', status: 'new', author: { name: `Cittadino ${seq}` }, channel: { id: fb } });
    expect(mine[0]!.moderation.decision).toBe('allow');
    const d = await rows(app, sql`select source, item_ref from moderation_decisions where id = ${mine[0]!.moderation.decisionId}`);
    expect(d.rows[0]).toEqual({ source: 'inbox', item_ref: mine[0]!.id });
  });

  test('an unsigned or badly signed delivery is refused with 401 and stored nowhere', async () => {
    const before = { events: await count('inbox_events'), items: await count('inbox_items') };
    const body = JSON.stringify(fbComment({ message: 'non firmato' }));
    expect((await post(`/api/v1/webhooks/facebook_page/${fb}`, body, {})).statusCode).toBe(401);
    const bad = await post(`/api/v1/webhooks/facebook_page/${fb}`, body, { 'x-hub-signature-256': metaSignature(body, 'altro-segreto') });
    expect(bad.statusCode).toBe(401);
    expect(bad.json().code).toBe('webhook_unauthorized');
    // A signature over different bytes (the body re-serialised) does not verify either.
    expect((await post(`/api/v1/webhooks/facebook_page/${fb}`, body + ' ', { 'x-hub-signature-256': metaSignature(body, APP_SECRET) })).statusCode).toBe(401);
    await drain();
    expect({ events: await count('inbox_events'), items: await count('inbox_items') }).toEqual(before);
  });

  test('the Meta GET handshake answers the challenge only with the verify token', async () => {
    const ok = await app.server.inject({ method: 'GET', url: `/api/v1/webhooks/facebook_page/${fb}?hub.mode=subscribe&hub.verify_token=verifica-123&hub.challenge=1158201444` });
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toBe('1158201444');
    const ko = await app.server.inject({ method: 'GET', url: `/api/v1/webhooks/facebook_page/${fb}?hub.mode=subscribe&hub.verify_token=sbagliato&hub.challenge=1` });
    expect(ko.statusCode).toBe(403);
  });

  test('a reply that arrives before its parent joins the thread and links to it', async () => {
    const parent = fbComment({ message: 'Il parcheggio di via Roma è chiuso?' });
    const parentId = parent.entry[0]!.changes[0]!.value.comment_id;
    const child = fbComment({ message: 'Anche io vorrei saperlo', parent_id: parentId });
    expect((await signed(fb, child)).statusCode).toBe(200);
    await drain();
    expect((await signed(fb, parent)).statusCode).toBe(200);
    await drain();
    const all = await items();
    const c = all.find((i) => i.platformId === child.entry[0]!.changes[0]!.value.comment_id)!;
    const thread = (await smm.get(`${base}/items/${c.id}/thread`)).json<{ threadRef: string; items: { platformId: string; id: string; parentId: string | null }[] }>();
    expect(thread.threadRef).toBe('page1_post1');
    const p = thread.items.find((i) => i.platformId === parentId)!;
    expect(thread.items.find((i) => i.id === c.id)!.parentId).toBe(p.id);
  });

  test('bad input: malformed JSON, odd shapes, unknown channels and huge bodies never crash or lose a valid item', async () => {
    const junk = '{"object":"page","entry":[';
    expect((await post(`/api/v1/webhooks/facebook_page/${fb}`, junk, { 'x-hub-signature-256': metaSignature(junk, APP_SECRET) })).statusCode).toBe(400);
    expect((await signed(fb, { object: 'page', entry: [{ changes: [{ field: 'feed', value: { item: 'comment', verb: 'add' } }] }, null, 3] })).statusCode).toBe(200);
    expect((await signed(fb, [1, 2, 3])).statusCode).toBe(200);
    expect((await signed('00000000-0000-4000-8000-000000000000', fbComment())).statusCode).toBe(404);
    expect((await signed('non-un-uuid', fbComment())).statusCode).toBe(404);
    expect((await signed(tg, fbComment())).statusCode).toBe(404); // a Telegram channel is not a Facebook one
    const huge = JSON.stringify(fbComment({ message: 'x'.repeat(2 * 1024 * 1024) }));
    expect((await post(`/api/v1/webhooks/facebook_page/${fb}`, huge, { 'x-hub-signature-256': metaSignature(huge, APP_SECRET) })).statusCode).toBe(413);
    const good = fbComment({ message: 'Dopo tutto questo, il mio commento arriva?' });
    expect((await signed(fb, good)).statusCode).toBe(200);
    await drain();
    expect((await items()).some((i) => i.platformId === good.entry[0]!.changes[0]!.value.comment_id)).toBe(true);
    expect(Number((await rows(app, sql`select count(*)::int as n from inbox_events where status = 'pending'`)).rows[0]!.n)).toBe(0);
  });

  test('Telegram updates authenticate with the secret token header', async () => {
    const update = { update_id: 9001, message: { message_id: 77, date: 1767225600, chat: { id: 4242, type: 'private' }, from: { id: 4242, first_name: 'Maria', last_name: 'Rossi' }, text: 'Buongiorno, come rinnovo la carta d’identità?' } };
    const body = JSON.stringify(update);
    expect((await post(`/api/v1/webhooks/telegram/${tg}`, body, { 'x-telegram-bot-api-secret-token': 'sbagliato' })).statusCode).toBe(401);
    expect((await post(`/api/v1/webhooks/telegram/${tg}`, body, { 'x-telegram-bot-api-secret-token': TG_SECRET })).statusCode).toBe(200);
    await drain();
    const item = (await items(`?channelId=${tg}`)).find((i) => i.platformId === '4242:77');
    expect(item).toMatchObject({ author: { name: 'Maria Rossi' }, text: 'Buongiorno, come rinnovo la carta d’identità?' });
  });

  test('a reply goes out through the connector (fake Graph API) and appears in the thread', async () => {
    const c = fbComment({ message: 'Quali sono gli orari della biblioteca?' });
    await signed(fb, c);
    await drain();
    const item = (await items()).find((i) => i.platformId === c.entry[0]!.changes[0]!.value.comment_id)!;
    const res = await smm.post(`${base}/items/${item.id}/reply`, { text: 'La biblioteca è aperta dal lunedì al venerdì, 9–18.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ delivery: 'sent', message: null, reply: { direction: 'out', text: 'La biblioteca è aperta dal lunedì al venerdì, 9–18.' } });
    const call = graph.calls.find((k) => k.path === `/${item.platformId}/comments`);
    expect(call).toMatchObject({ method: 'POST', body: { message: 'La biblioteca è aperta dal lunedì al venerdì, 9–18.' }, token: 'page-token' });
    const thread = (await smm.get(`${base}/items/${item.id}/thread`)).json<{ items: { direction: string; platformId: string; parentId: string | null }[] }>();
    const out = thread.items.find((i) => i.direction === 'out')!;
    expect(out.platformId).toMatch(/^reply_/);
    expect(out.parentId).toBe(item.id);
    expect((await smm.get(`${base}/items?status=answered`)).json().items.map((i: { id: string }) => i.id)).toContain(item.id);
    // The office presses "Invia" again (a retry after a timeout): the same reply is not sent twice.
    const again = await smm.post(`${base}/items/${item.id}/reply`, { text: 'La biblioteca è aperta dal lunedì al venerdì, 9–18. ' });
    expect(again.statusCode).toBe(201);
    expect(again.json().reply.id).toBe(res.json().reply.id);
    expect(graph.calls.filter((k) => k.path === `/${item.platformId}/comments`)).toHaveLength(1);
    const after = (await smm.get(`${base}/items/${item.id}/thread`)).json<{ items: { direction: string }[] }>();
    expect(after.items.filter((i) => i.direction === 'out')).toHaveLength(1);
  });

  test('without a connector that can reply, the reply is kept "da fare a mano" and the office is told', async () => {
    const item = (await items(`?channelId=${tg}`))[0]!;
    const res = await smm.post(`${base}/items/${item.id}/reply`, { text: 'Può prenotare sul sito del Comune.' });
    expect(res.statusCode).toBe(201);
    expect(res.json().delivery).toBe('manual');
    expect(res.json().message.it).toMatch(/a mano/);
    expect((await items(`?channelId=${tg}`)).find((i) => i.id === item.id)!.manualAction).toBe('reply');
  });

  test('hiding with a clause is carried out on the platform (fake Graph API) and recorded', async () => {
    const c = fbComment({ message: 'Questo commento va nascosto' });
    await signed(fb, c);
    await drain();
    const item = (await items()).find((i) => i.platformId === c.entry[0]!.changes[0]!.value.comment_id)!;
    const noClause = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'hide' });
    expect(noClause.statusCode).toBe(400);
    const clauses = (await app.services.moderation.rulebookFor(SYSTEM, enteId)).clauses;
    const res = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'hide', clause: clauses[0]!.number, reason: 'Prova' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ onPlatform: 'done', item: { status: 'hidden', platformState: 'hidden' } });
    expect(graph.calls.find((k) => k.path === `/${item.platformId}`)).toMatchObject({ method: 'POST', body: { is_hidden: true } });
    const audit = await rows(app, sql`select after from audit_events where ente_id = ${enteId} and action = 'inbox.hide' and entity_id = ${item.id}`);
    expect((audit.rows[0]!.after as { clause: { number: string } }).clause.number).toBe(clauses[0]!.number);
    // On a channel whose connector cannot hide, the item is marked to be done by hand.
    const tgItem = (await items(`?channelId=${tg}`))[0]!;
    const manual = await smm.post(`${base}/items/${tgItem.id}/moderation`, { action: 'hide', clause: clauses[0]!.number });
    expect(manual.json()).toMatchObject({ onPlatform: 'manual', item: { manualAction: 'hide' } });
  });

  test('an insulting comment is hidden by the engine on arrival, on the platform too', async () => {
    const c = fbComment({ message: 'Siete degli idioti e dei ladri, vergognatevi bastardi' });
    await signed(fb, c);
    await drain();
    const item = (await items()).find((i) => i.platformId === c.entry[0]!.changes[0]!.value.comment_id)!;
    expect(['hide', 'review']).toContain(item.moderation.decision);
    if (item.moderation.decision === 'hide') {
      expect(item.status).toBe('hidden');
      expect(graph.calls.some((k) => k.path === `/${item.platformId}` && k.body.is_hidden === true)).toBe(true);
    } else {
      expect((await items())[0]!.moderation.decision).toBe('review'); // the review queue comes first
    }
  });

  test('assign, note, close, survey (public page, no login), saved replies', async () => {
    const item = (await items()).find((i) => i.status === 'new')!;
    const desk = (await smm.get('/api/v1/enti/posta/desks')).json().desks[0];
    const a = await smm.post(`${base}/items/${item.id}/assign`, { deskId: desk.id });
    expect(a.json()).toMatchObject({ status: 'assigned', deskId: desk.id });
    expect((await smm.post(`${base}/items/${item.id}/assign`, { deskId: '00000000-0000-4000-8000-000000000000' })).statusCode).toBe(400);
    expect((await smm.post(`${base}/items/${item.id}/notes`, { text: 'Chiedere all’URP' })).statusCode).toBe(201);
    expect((await smm.post(`${base}/items/${item.id}/survey`, { service: 'Anagrafe' })).statusCode).toBe(409); // not closed yet
    expect((await smm.post(`${base}/items/${item.id}/close`)).json().status).toBe('closed');
    const s = await smm.post(`${base}/items/${item.id}/survey`, { service: 'Anagrafe', cartaUrl: 'https://comune.example.it/carta-servizi' });
    expect(s.statusCode).toBe(201);
    const path = new URL(s.json().url, 'http://x').pathname;
    const page = await anonymous(app).get(path);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<legend');
    expect(page.body).toContain('Carta dei Servizi');
    const answer = await app.server.inject({ method: 'POST', url: path, payload: 'score=4&comment=Risposta+chiara', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(answer.statusCode).toBe(200);
    expect((await rows(app, sql`select score, comment from inbox_surveys where id = ${s.json().surveyId}`)).rows[0]).toEqual({ score: 4, comment: 'Risposta chiara' });
    expect((await anonymous(app).get(path.replace(/[^/]+$/, 'token-sbagliato-xyz'))).statusCode).toBe(404);

    const replies = (await smm.get(`${base}/saved-replies`)).json().replies;
    expect(replies.length).toBeGreaterThanOrEqual(5);
    const upd = await smm.patch(`${base}/saved-replies/${replies[0].id}`, { body: 'Testo aggiornato', version: replies[0].version });
    expect(upd.json()).toMatchObject({ body: 'Testo aggiornato', version: replies[0].version + 1 });
    expect((await smm.patch(`${base}/saved-replies/${replies[0].id}`, { body: 'Vecchia', version: replies[0].version })).statusCode).toBe(409);
    expect((await smm.get(`${base}/saved-replies`)).json().replies).toHaveLength(replies.length); // seeded once
  });

  test('Italian full-text search, filters, summary and the late list', async () => {
    await signed(fb, fbComment({ message: 'Ho già effettuato i pagamenti della mensa scolastica' }));
    await drain();
    const found = await items('?q=pagamento');
    expect(found.map((i) => i.text)).toContain('Ho già effettuato i pagamenti della mensa scolastica');
    expect((await items('?q=inesistentissimo')).length).toBe(0);
    expect((await items(`?channelId=${tg}&status=new`)).every((i) => i.channel.id === tg)).toBe(true);
    const summary = (await smm.get(`${base}/summary`)).json();
    expect(summary.text.it).toMatch(/Posta in arrivo/);
    expect(summary.open).toBeGreaterThan(0);
    const late = await smm.get(`${base}/late`);
    expect(late.statusCode).toBe(200);
    expect(late.json()).toHaveProperty('late');
    await app.services.inbox.worker.housekeeping();
    expect(await count('inbox_digests')).toBe(1);
  });

  test('privacy: export, erase (audit without content), retention purge', async () => {
    const person = { channelId: tg, authorPlatformId: '4242' };
    const exp = await smm.post(`${base}/privacy/export`, person);
    expect(exp.json().items.length).toBeGreaterThan(0);
    expect(exp.json().subject.names).toEqual(['Maria Rossi']);
    const erased = await smm.post(`${base}/privacy/erase`, person);
    expect(erased.json().erased).toBeGreaterThan(0);
    expect((await smm.post(`${base}/privacy/export`, person)).json().items).toEqual([]);
    const left = await rows(app, sql`select count(*)::int as n from inbox_items where text like '%carta d’identità%'`);
    expect(left.rows[0]!.n).toBe(0);
    const decisions = await rows(app, sql`select count(*)::int as n from moderation_decisions where text like '%carta d’identità%'`);
    expect(decisions.rows[0]!.n).toBe(0);
    // Crisis listening kept a copy of each incoming text: erased too, the hourly counts kept.
    const copies = await rows(app, sql`select count(*) filter (where text like '%carta d’identità%')::int as n, count(*)::int as total from crisis_signal_messages`);
    expect(copies.rows[0]!.n).toBe(0);
    expect(copies.rows[0]!.total).toBeGreaterThan(0);
    const audit = await rows(app, sql`select after from audit_events where action = 'inbox.privacy.erase'`);
    expect(JSON.stringify(audit.rows)).not.toMatch(/Maria|4242|carta/);
    // Retention: the Ente keeps items 30 days; an old one is purged.
    expect((await smm.patch(`${base}/settings`, { retentionDays: 30 })).json().retentionDays).toBe(30);
    await signed(fb, fbComment({ message: 'Commento vecchio', created_time: Math.floor(Date.now() / 1000) - 90 * 86_400 }));
    await drain();
    const purged = await app.services.inbox.worker.purge();
    expect(purged).toBeGreaterThan(0);
    expect((await items()).some((i) => i.text === 'Commento vecchio')).toBe(false);
    const oldCopies = await rows(app, sql`select count(*)::int as n from crisis_signal_messages where text = 'Commento vecchio'`);
    expect(oldCopies.rows[0]!.n).toBe(0);
  });

  test('ActivityPub replies handed over with ingest() land like any other item; an osservatore cannot reply', async () => {
    await app.services.inbox.ingestItems(enteId, tg, [
      { platformId: 'https://mastodon.example/notes/1', kind: 'comment', threadRef: 'https://comune.example/notes/9', author: { platformId: 'https://mastodon.example/users/ada', name: 'Ada' }, text: 'Quando riapre la piscina?', receivedAt: new Date() },
    ]);
    await drain();
    const item = (await items(`?channelId=${tg}`)).find((i) => i.platformId === 'https://mastodon.example/notes/1')!;
    expect(item.author.name).toBe('Ada');
    const obs = await login(app, 'osservatore@posta.test');
    expect((await obs.get(`${base}/items`)).statusCode).toBe(200);
    expect((await obs.post(`${base}/items/${item.id}/reply`, { text: 'no' })).statusCode).toBe(403);
    expect((await (await login(app, 'proponente@posta.test')).get(`${base}/items`)).statusCode).toBe(403);
  });
});
