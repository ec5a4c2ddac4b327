/**
 * Sanctions proposed by the policy (warning, block) on PGlite and PostgreSQL: proposed by the batch
 * as an author's violations of a clause reach its thresholds, then accepted (a warning recorded; a
 * block carried out through a connector that can block, else left "da fare a mano") or dismissed,
 * each once, audited, by people with `inbox.moderate` only, within their own Ente, with
 * problem+json errors.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, SYSTEM, type Client, type TestApp, startTestApp } from '../support/app.ts';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-inbox.ts';
import { startTelegramBotFake, type TelegramBotFake } from '../fakes/telegram-bot.ts';
import { metaSignature } from '../../src/modules/inbox/index.ts';
import { inboxSanctions } from '../../src/modules/inbox/inbox.tables.ts';

const APP_SECRET = 'segreto-sanzioni';

interface Sanction {
  id: string;
  channelId: string;
  authorPlatformId: string;
  kind: 'warning' | 'block';
  clauseNumber: string;
  violations: number;
  status: string;
}

describe.each(backends())('sanctions of the inbox on %s', (kind) => {
  let app: TestApp;
  let graph: FakeGraph;
  let telegram: TelegramBotFake;
  let smm: Client;
  let enteId: string;
  let fb: string;
  let tg: string;
  let seq = 0;
  const savedWorker = process.env.REDAZIONE_INBOX_WORKER;
  const base = '/api/v1/enti/sanzioni/inbox';

  async function insult(author: string, message: string) {
    const body = JSON.stringify({
      object: 'page',
      entry: [{ id: 'page1', time: 1, changes: [{ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: `s_c${++seq}`, post_id: 'page1_p', from: { id: author, name: `Autore ${author}` }, message, created_time: Math.floor(Date.now() / 1000) } }] }],
    });
    const res = await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/facebook_page/${fb}`, payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, APP_SECRET) } });
    expect(res.statusCode).toBe(200);
    await app.services.inbox.ingest.processBatch(50);
  }
  const sanctions = async () => (await smm.get(`${base}/sanctions`)).json<{ sanctions: Sanction[] }>().sanctions;
  const auditOf = async (id: string) =>
    ((await app.database.db.execute(sql`select action, after, actor_label from audit_events where ente_id = ${enteId} and entity_id = ${id} order by seq`)) as unknown as { rows: { action: string; after: Record<string, unknown>; actor_label: string }[] }).rows;

  beforeAll(async () => {
    graph = await startFakeGraph();
    // The production Facebook Page connector blocks with Graph's `POST /{page-id}/blocked` (user), on the fake Graph API.
    process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE = graph.url;
    process.env.REDAZIONE_INBOX_WORKER = '0';
    // Telegram's Bot API methods the block needs (getChat, banChatMember), on a fake of the documented contract.
    telegram = await startTelegramBotFake();
    process.env.REDAZIONE_API_BASE_TELEGRAM = telegram.url;
    app = await startTestApp(kind);
    const { ente } = await createEnte(app, 'sanzioni');
    enteId = ente.id;
    smm = await login(app, 'social_media_manager@sanzioni.test');
    fb = (await app.services.channels.create(SYSTEM, enteId, { ...channelBody('sanzioni-fb', 'facebook_page'), platform: 'facebook_page' as const, url: 'https://facebook.com/sanzioni' })).id;
    tg = (await app.services.channels.create(SYSTEM, enteId, { ...channelBody('sanzioni-tg'), platform: 'telegram' as const })).id;
    await app.services.channels.setCredentials(SYSTEM, enteId, fb, JSON.stringify({ accessToken: 'page-token', account: { pageId: 'page1', appSecret: APP_SECRET } }));
  });
  afterAll(async () => {
    await app?.close();
    await graph?.close();
    await telegram?.close();
    delete process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE;
    delete process.env.REDAZIONE_API_BASE_TELEGRAM;
    if (savedWorker === undefined) delete process.env.REDAZIONE_INBOX_WORKER;
    else process.env.REDAZIONE_INBOX_WORKER = savedWorker;
  });

  test('the policy proposes a warning, then a block, as one author keeps insulting (insulti: warning at 2, block at 3)', async () => {
    await insult('mario', 'Sei proprio un idiota, assessore');
    expect((await sanctions()).filter((s) => s.authorPlatformId === 'mario')).toEqual([]);
    await insult('mario', 'Sei proprio un cretino, sindaco');
    const one = (await sanctions()).filter((s) => s.authorPlatformId === 'mario');
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({ kind: 'warning', status: 'proposta', violations: 2, channelId: fb });
    await insult('mario', 'Sei proprio un imbecille, consigliere');
    const two = (await sanctions()).filter((s) => s.authorPlatformId === 'mario');
    expect(two.map((s) => s.kind).sort()).toEqual(['block', 'warning']);
    expect(two.find((s) => s.kind === 'block')).toMatchObject({ violations: 3, clauseNumber: one[0]!.clauseNumber });
    // Another insult does not propose the same block again within the window.
    await insult('mario', 'Sei proprio un deficiente, assessore');
    expect((await sanctions()).filter((s) => s.authorPlatformId === 'mario')).toHaveLength(2);
    const proposed = await auditOf(one[0]!.id);
    expect(proposed[0]).toMatchObject({ action: 'inbox.sanction.propose', actor_label: 'Redazione (posta in arrivo)' });
  });

  test('accepting a warning records it; accepting a block blocks through the connector; each only once', async () => {
    const list = (await sanctions()).filter((s) => s.authorPlatformId === 'mario');
    const warning = list.find((s) => s.kind === 'warning')!;
    const block = list.find((s) => s.kind === 'block')!;

    const w = await smm.post(`${base}/sanctions/${warning.id}/accept`);
    expect(w.statusCode).toBe(200);
    expect(w.json()).toMatchObject({ onPlatform: 'recorded', sanction: { id: warning.id, status: 'applicata' } });
    expect(w.json().message.it).toContain(warning.clauseNumber);
    const again = await smm.post(`${base}/sanctions/${warning.id}/accept`);
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toContain('application/problem+json');
    expect(again.json().code).toBe('invalid_state');

    const b = await smm.post(`${base}/sanctions/${block.id}/accept`);
    expect(b.json()).toMatchObject({ onPlatform: 'done', message: null, sanction: { status: 'applicata' } });
    expect(graph.calls.filter((c) => c.path === '/page1/blocked')).toEqual([expect.objectContaining({ method: 'POST', body: { user: 'mario' }, token: 'page-token' })]);
    expect((await auditOf(block.id)).map((e) => e.action)).toEqual(['inbox.sanction.propose', 'inbox.sanction.accept', 'inbox.sanction.block']);
    expect((await auditOf(block.id))[2]!.after).toMatchObject({ status: 'applicata', onPlatform: 'done' });
    expect((await smm.post(`${base}/sanctions/${block.id}/dismiss`, {})).statusCode).toBe(409);
  });

  test('a block on Telegram bans the author in the discussion group their comments came from', async () => {
    const group = (await app.services.channels.create(SYSTEM, enteId, { ...channelBody('sanzioni-gruppo'), platform: 'telegram' as const })).id;
    await app.services.channels.setCredentials(SYSTEM, enteId, group, JSON.stringify({ accessToken: telegram.token, account: { chatId: '@sanzioni_canale', webhookSecret: 'tg-segreto' } }));
    telegram.addChat({ id: -1009876, type: 'supergroup', title: 'Discussione del Comune', botCanRestrict: true });
    const update = { update_id: 31, message: { message_id: 7, date: Math.floor(Date.now() / 1000), chat: { id: -1009876, type: 'supergroup', title: 'Discussione del Comune' }, from: { id: 777, first_name: 'Ugo' }, text: 'Siete dei buffoni' } };
    const res = await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/telegram/${group}`, payload: JSON.stringify(update), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': 'tg-segreto' } });
    expect(res.statusCode).toBe(200);
    await app.services.inbox.ingest.processBatch(50);
    const [row] = await app.database.db
      .insert(inboxSanctions)
      .values({ enteId, channelId: group, authorPlatformId: '777', authorName: 'Ugo', clauseNumber: '1', kind: 'block', violations: 3, windowDays: 90 })
      .returning();
    const accepted = await smm.post(`${base}/sanctions/${row!.id}/accept`);
    expect(accepted.json()).toMatchObject({ onPlatform: 'done', sanction: { status: 'applicata' } });
    // The inbox handed the author's latest items to the connector: the ban went to the group they wrote in.
    expect([...(telegram.bans.get(-1009876) ?? [])]).toEqual([777]);
  });

  test('where the connector cannot block, the accepted block stays "da fare a mano" with the reason', async () => {
    const [row] = await app.database.db
      .insert(inboxSanctions)
      .values({ enteId, channelId: tg, authorPlatformId: '4242', authorName: 'Ugo', clauseNumber: '1', kind: 'block', violations: 3, windowDays: 90 })
      .returning();
    const res = await smm.post(`${base}/sanctions/${row!.id}/accept`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ onPlatform: 'manual', sanction: { status: 'da_fare_a_mano' } });
    expect(res.json().message.it).toMatch(/a mano/);
  });

  test('dismissing records the reason; roles, tenants and bad ids are refused with problem+json', async () => {
    await insult('lucia', 'Sei proprio un idiota, assessore');
    await insult('lucia', 'Sei proprio un cretino, sindaco');
    const p = (await sanctions()).find((s) => s.authorPlatformId === 'lucia' && s.status === 'proposta')!;

    const oss = await login(app, 'osservatore@sanzioni.test');
    expect((await oss.get(`${base}/sanctions`)).statusCode).toBe(200);
    const denied = await oss.post(`${base}/sanctions/${p.id}/dismiss`, {});
    expect(denied.statusCode).toBe(403);
    expect(denied.headers['content-type']).toContain('application/problem+json');
    expect((await oss.post(`${base}/sanctions/${p.id}/accept`)).statusCode).toBe(403);

    await createEnte(app, 'vicini');
    const otherSmm = await login(app, 'social_media_manager@vicini.test');
    expect((await otherSmm.post(`/api/v1/enti/vicini/inbox/sanctions/${p.id}/accept`)).statusCode).toBe(404);
    expect((await otherSmm.post(`/api/v1/enti/vicini/inbox/sanctions/${p.id}/dismiss`, {})).statusCode).toBe(404);
    expect((await otherSmm.post(`${base}/sanctions/${p.id}/dismiss`, {})).statusCode).toBe(404); // not a member of this Ente: it does not exist for them
    expect((await smm.post(`${base}/sanctions/00000000-0000-4000-8000-000000000000/accept`)).statusCode).toBe(404);
    expect((await smm.post(`${base}/sanctions/non-un-id/accept`)).statusCode).toBe(400);

    const red = await login(app, 'redattore@sanzioni.test'); // the redattore may moderate
    const d = await red.post(`${base}/sanctions/${p.id}/dismiss`, { reason: 'Critica dura ma legittima' });
    expect(d.statusCode).toBe(200);
    expect(d.json()).toMatchObject({ id: p.id, status: 'respinta' });
    expect((await auditOf(p.id)).at(-1)).toMatchObject({ action: 'inbox.sanction.dismiss', after: { status: 'respinta', reason: 'Critica dura ma legittima' } });
    expect((await red.post(`${base}/sanctions/${p.id}/accept`)).statusCode).toBe(409);
    expect((await sanctions()).find((s) => s.id === p.id)!.status).toBe('respinta');
  });
});
