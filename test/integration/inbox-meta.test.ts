/**
 * Meta's other webhooks into the community inbox, on PGlite and PostgreSQL, with the production
 * Instagram, WhatsApp and Facebook Page connectors answering through a fake Graph API that records
 * every call (test/fakes/graph-inbox.ts):
 * - a signed Instagram comment delivered several times lands once and is answered with
 *   `POST /{ig-comment-id}/replies`; hiding it calls `POST /{ig-comment-id}?hide=true`;
 * - an Instagram Direct message is answered through `POST /{ig-user-id}/messages`;
 * - a signed WhatsApp message (plus a status-only delivery and a re-delivery) lands once and is
 *   answered with a text message quoting it as context; outside the 24-hour window nothing is sent
 *   and the office is told a template is needed; hiding is left to the office;
 * - a Messenger message on the Page's webhook is answered through the Send API.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, SYSTEM, type Client, type TestApp, startTestApp } from '../support/app.ts';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-inbox.ts';
import { metaSignature } from '../../src/modules/inbox/index.ts';

const APP_SECRET = 'segreto-app-meta-2';
const PAGE = '104000000000042';
const IG = '17841400000000042';
const PHONE_ID = '106540352242942';
const BASES = ['REDAZIONE_API_BASE_INSTAGRAM', 'REDAZIONE_API_BASE_WHATSAPP', 'REDAZIONE_API_BASE_FACEBOOK_PAGE'];

type Item = { id: string; platformId: string; text: string; status: string; kind: string; author: { name: string; platformId: string }; manualAction: string | null; channel: { id: string } };

describe.each(backends())('Meta webhooks (Instagram, WhatsApp, Messenger) into the inbox on %s', (kind) => {
  let app: TestApp;
  let graph: FakeGraph;
  let smm: Client;
  let enteId: string;
  const ch = { ig: '', wa: '', fb: '' };
  const base = '/api/v1/enti/meta-inbox/inbox';
  let seq = 0;

  const rows = async (q: ReturnType<typeof sql>) => ((await app.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
  const deliver = (platform: string, channel: string, payload: unknown, secret = APP_SECRET) => {
    const body = JSON.stringify(payload);
    return app.server.inject({ method: 'POST', url: `/api/v1/webhooks/${platform}/${channel}`, payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, secret) } });
  };
  const drain = async () => {
    for (let i = 0; i < 200; i++) {
      await app.services.inbox.worker.drain();
      const [r] = await rows(sql`select (select count(*)::int from inbox_items where moderated_at is null and direction = 'in') + (select count(*)::int from inbox_events where status = 'pending') as n`);
      if (r!.n === 0) return;
      await new Promise((res) => setTimeout(res, 25));
    }
  };
  const items = async (channelId: string) => (await smm.get(`${base}/items?channelId=${channelId}`)).json<{ items: Item[] }>().items;
  const callsTo = (path: string) => graph.calls.filter((c) => c.path === path);

  const igComment = (text: string) => {
    const id = `1786579934808${String(++seq).padStart(4, '0')}`;
    return {
      id,
      payload: { object: 'instagram', entry: [{ id: IG, time: Math.floor(Date.now() / 1000), changes: [{ field: 'comments', value: { from: { id: '17841455555555555', username: 'giulia.rossi' }, media: { id: '17900000000000777', media_product_type: 'FEED' }, id, text } }] }] },
    };
  };
  const waMessage = (text: string, secondsAgo = 60) => {
    const id = `wamid.HBgMMzkzMzMxMTEyMjIzFQIAEhgU${String(++seq).padStart(6, '0')}`;
    return {
      id,
      payload: {
        object: 'whatsapp_business_account',
        entry: [{
          id: '102290129340398',
          changes: [{
            field: 'messages',
            value: {
              messaging_product: 'whatsapp',
              metadata: { display_phone_number: '390612345678', phone_number_id: PHONE_ID },
              contacts: [{ profile: { name: 'Giulia Bianchi' }, wa_id: '393331112223' }],
              messages: [{ from: '393331112223', id, timestamp: String(Math.floor(Date.now() / 1000) - secondsAgo), type: 'text', text: { body: text } }],
            },
          }],
        }],
      },
    };
  };

  beforeAll(async () => {
    graph = await startFakeGraph({ tokens: ['ig-token', 'wa-token', 'page-token'], pageId: PAGE, igUserId: IG, phoneNumberId: PHONE_ID });
    for (const k of BASES) process.env[k] = graph.url;
    app = await startTestApp(kind, { REDAZIONE_INBOX_POLL_MS: '60000' });
    const { ente } = await createEnte(app, 'meta-inbox');
    enteId = ente.id;
    smm = await login(app, 'social_media_manager@meta-inbox.test');
    const create = async (handle: string, platform: string, url: string) => (await smm.post('/api/v1/enti/meta-inbox/channels', { ...channelBody(handle, platform), url })).json<{ id: string }>().id;
    ch.ig = await create('comune.esempio', 'instagram', 'https://www.instagram.com/comune.esempio/');
    ch.wa = await create('comune-wa', 'whatsapp', 'https://wa.me/390612345678');
    ch.fb = await create('comune-fb', 'facebook_page', 'https://www.facebook.com/comune');
    const creds = { ig: { accessToken: 'ig-token', account: { igUserId: IG, appSecret: APP_SECRET } }, wa: { accessToken: 'wa-token', account: { phoneNumberId: PHONE_ID, appSecret: APP_SECRET } }, fb: { accessToken: 'page-token', account: { pageId: PAGE, appSecret: APP_SECRET } } };
    for (const k of ['ig', 'wa', 'fb'] as const) await app.services.channels.setCredentials(SYSTEM, enteId, ch[k], JSON.stringify(creds[k]));
  });
  afterAll(async () => {
    await app?.close();
    await graph?.close();
    for (const k of BASES) delete process.env[k];
  });

  test('a signed Instagram comment delivered three times lands once; the reply goes out with POST /{ig-comment-id}/replies', async () => {
    const c = igComment('Quando riapre la piscina comunale?');
    for (let i = 0; i < 3; i++) expect((await deliver('instagram', ch.ig, c.payload)).statusCode).toBe(200);
    expect((await deliver('instagram', ch.ig, c.payload, 'segreto-sbagliato')).statusCode).toBe(401);
    await drain();
    const mine = (await items(ch.ig)).filter((i) => i.platformId === c.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ kind: 'comment', text: 'Quando riapre la piscina comunale?', author: { name: 'giulia.rossi' }, status: 'new' });

    const res = await smm.post(`${base}/items/${mine[0]!.id}/reply`, { text: 'Riapre lunedì 9 marzo alle 7.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ delivery: 'sent', reply: { direction: 'out', text: 'Riapre lunedì 9 marzo alle 7.' } });
    const calls = callsTo(`/${c.id}/replies`);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', version: 'v21.0', body: { message: 'Riapre lunedì 9 marzo alle 7.' }, token: 'ig-token' });
    const thread = (await smm.get(`${base}/items/${mine[0]!.id}/thread`)).json<{ threadRef: string; items: { direction: string; platformId: string }[] }>();
    expect(thread.threadRef).toBe('17900000000000777');
    expect(thread.items.find((i) => i.direction === 'out')!.platformId).toMatch(/^reply_/);
  });

  test('hiding an Instagram comment with a clause calls POST /{ig-comment-id}?hide=true', async () => {
    const c = igComment('Commento da nascondere per prova');
    await deliver('instagram', ch.ig, c.payload);
    await drain();
    const item = (await items(ch.ig)).find((i) => i.platformId === c.id)!;
    const clause = (await app.services.moderation.rulebookFor(SYSTEM, enteId)).clauses[0]!.number;
    const res = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'hide', clause });
    expect(res.json()).toMatchObject({ onPlatform: 'done', item: { status: 'hidden', platformState: 'hidden' } });
    expect(callsTo(`/${c.id}`)).toEqual([expect.objectContaining({ method: 'POST', query: { hide: 'true' }, token: 'ig-token' })]);
    expect(graph.hidden.get(c.id)).toBe(true);
  });

  test('an Instagram Direct message is a conversation, answered through POST /{ig-user-id}/messages', async () => {
    const mid = `aWdfZAG1faXRlbToxOklHTWVzc2FnZA${++seq}`;
    const payload = { object: 'instagram', entry: [{ id: IG, time: Date.now(), messaging: [{ sender: { id: '987654321098765' }, recipient: { id: IG }, timestamp: Date.now() - 1000, message: { mid, text: 'Posso portare il cane al parco giochi?' } }] }] };
    await deliver('instagram', ch.ig, payload);
    await deliver('instagram', ch.ig, payload);
    await drain();
    const mine = (await items(ch.ig)).filter((i) => i.platformId === mid);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.kind).toBe('message');
    const res = await smm.post(`${base}/items/${mine[0]!.id}/reply`, { text: 'No, nelle aree gioco i cani non sono ammessi.' });
    expect(res.json().delivery).toBe('sent');
    expect(callsTo(`/${IG}/messages`).at(-1)).toMatchObject({ method: 'POST', body: { recipient: { id: '987654321098765' }, message: { text: 'No, nelle aree gioco i cani non sono ammessi.' } }, token: 'ig-token' });
  });

  test('a signed WhatsApp message lands once (re-delivery and status-only deliveries ignored); the reply quotes it as context', async () => {
    const m = waMessage('Buongiorno, quando passa il camion del vetro?');
    expect((await deliver('whatsapp', ch.wa, m.payload)).statusCode).toBe(200);
    expect((await deliver('whatsapp', ch.wa, m.payload)).statusCode).toBe(200);
    const status = { object: 'whatsapp_business_account', entry: [{ id: '102290129340398', changes: [{ field: 'messages', value: { messaging_product: 'whatsapp', metadata: { phone_number_id: PHONE_ID }, statuses: [{ id: 'wamid.nostro', status: 'delivered', timestamp: '1772441990', recipient_id: '393331112223' }] } }] }] };
    expect((await deliver('whatsapp', ch.wa, status)).statusCode).toBe(200);
    expect((await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/whatsapp/${ch.wa}`, payload: JSON.stringify(m.payload), headers: { 'content-type': 'application/json' } })).statusCode).toBe(401);
    await drain();
    const all = await items(ch.wa);
    expect(all.map((i) => i.platformId)).toEqual([m.id]);
    expect(all[0]).toMatchObject({ kind: 'message', author: { name: 'Giulia Bianchi', platformId: '393331112223' }, text: 'Buongiorno, quando passa il camion del vetro?' });

    const res = await smm.post(`${base}/items/${all[0]!.id}/reply`, { text: 'Il vetro si raccoglie il martedì mattina.' });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ delivery: 'sent', reply: { platformId: expect.stringMatching(/^wamid\.reply_/) } });
    expect(callsTo(`/${PHONE_ID}/messages`)).toEqual([
      expect.objectContaining({
        method: 'POST',
        token: 'wa-token',
        body: { messaging_product: 'whatsapp', recipient_type: 'individual', to: '393331112223', type: 'text', text: { body: 'Il vetro si raccoglie il martedì mattina.', preview_url: false }, context: { message_id: m.id } },
      }),
    ]);
  });

  test('WhatsApp: outside the 24-hour window nothing is sent and the office is told a template is needed; hiding is left to the office', async () => {
    const m = waMessage('Messaggio di due giorni fa', 2 * 86_400);
    await deliver('whatsapp', ch.wa, m.payload);
    await drain();
    const item = (await items(ch.wa)).find((i) => i.platformId === m.id)!;
    const before = graph.calls.length;
    const res = await smm.post(`${base}/items/${item.id}/reply`, { text: 'Risposta tardiva' });
    expect(res.statusCode).toBe(502);
    expect(res.json().code).toBe('reply_failed');
    expect(res.json().detail).toMatch(/24 ore.*modello approvato/);
    expect(graph.calls.length).toBe(before);
    const clause = (await app.services.moderation.rulebookFor(SYSTEM, enteId)).clauses[0]!.number;
    const hide = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'hide', clause });
    expect(hide.json()).toMatchObject({ onPlatform: 'manual', item: { manualAction: 'hide' } });
    expect(graph.calls.length).toBe(before);
  });

  test('a Messenger message on the Page’s webhook is answered through the Send API (RESPONSE)', async () => {
    const mid = `m_AbCdEfGhIj${++seq}`;
    const payload = { object: 'page', entry: [{ id: PAGE, time: Date.now(), messaging: [{ sender: { id: '6254518274631891' }, recipient: { id: PAGE }, timestamp: Date.now() - 1000, message: { mid, text: 'Come rinnovo la carta d’identità?' } }] }] };
    await deliver('facebook_page', ch.fb, payload);
    await drain();
    const item = (await items(ch.fb)).find((i) => i.platformId === mid)!;
    expect(item.kind).toBe('message');
    const res = await smm.post(`${base}/items/${item.id}/reply`, { text: 'Prenoti un appuntamento sull’Agenda CIE.' });
    expect(res.json().delivery).toBe('sent');
    expect(callsTo(`/${PAGE}/messages`).at(-1)).toMatchObject({ method: 'POST', token: 'page-token', body: { recipient: { id: '6254518274631891' }, messaging_type: 'RESPONSE', message: { text: 'Prenoti un appuntamento sull’Agenda CIE.' } } });
  });
});
