/**
 * Batch ingestion of the community inbox on PGlite and PostgreSQL: a burst of signed webhooks
 * (duplicates inside the batch, re-deliveries after it, a reply before its parent, one comment in
 * two deliveries) is stored once per item, moderated with recorded and audited decisions in the
 * transaction that marks the events done; a failure leaves the events pending and stores nothing;
 * a poisoned event is set aside after five attempts without blocking the others; two workers
 * sharing a burst store each item once; the engine's hides are carried out after commit (or left
 * "da fare a mano").
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, SYSTEM, type TestApp, startTestApp } from '../support/app.ts';
import { startFakeGraph, type FakeGraph } from '../fakes/graph-inbox.ts';
import { CONNECTORS } from '../../src/connectors/index.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import { listAudit, verifyChain } from '../../src/modules/audit/index.ts';
import { metaSignature } from '../../src/modules/inbox/index.ts';
import { createIngestService } from '../../src/modules/inbox/ingest.service.ts';
import { createPlatformActions } from '../../src/modules/inbox/platform.actions.ts';

const APP_SECRET = 'segreto-batch';
const TG_SECRET = 'segreto-tg-batch';

type Rows = { rows: Record<string, unknown>[] };

describe.each(backends())('inbox batch ingestion on %s', (kind) => {
  let app: TestApp;
  let graph: FakeGraph;
  let enteId: string;
  let fb: string;
  let tg: string;
  const savedTelegram = CONNECTORS.telegram;
  const savedWorker = process.env.REDAZIONE_INBOX_WORKER;
  let seq = 0;

  const q = async (query: ReturnType<typeof sql>) => ((await app.database.db.execute(query)) as unknown as Rows).rows;
  const n = async (query: ReturnType<typeof sql>) => Number((await q(query))[0]!.n);
  const comment = (over: Record<string, unknown> = {}) => ({
    field: 'feed',
    value: { item: 'comment', verb: 'add', comment_id: `b_c${++seq}`, post_id: 'page_post9', from: { id: `bu${seq}`, name: `Persona ${seq}` }, message: `Domanda numero ${seq} sugli orari dello sportello`, created_time: 1767225600 + seq, ...over },
  });
  const hook = (changes: unknown[]) => ({ object: 'page', entry: [{ id: 'page1', time: 1, changes }] });
  async function send(payload: unknown, channel = fb) {
    const body = JSON.stringify(payload);
    const res = await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/facebook_page/${channel}`, payload: body, headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(body, APP_SECRET) } });
    expect(res.statusCode).toBe(200);
  }
  async function sendTelegram(update: unknown) {
    const res = await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/telegram/${tg}`, payload: JSON.stringify(update), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': TG_SECRET } });
    expect(res.statusCode).toBe(200);
  }
  const pending = () => n(sql`select count(*)::int as n from inbox_events where status = 'pending'`);

  beforeAll(async () => {
    graph = await startFakeGraph();
    process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE = graph.url;
    process.env.REDAZIONE_INBOX_WORKER = '0'; // these tests drive the batches themselves
    // The production Page connector hides against the fake Graph API; Telegram stands for a
    // channel whose connector cannot hide.
    CONNECTORS.telegram = { ...savedTelegram!, interactionCapabilities: { reply: false, hide: false, unhide: false, delete: false, poll: false } } as typeof savedTelegram;
    app = await startTestApp(kind);
    const { ente } = await createEnte(app, 'lotti');
    enteId = ente.id;
    fb = (await app.services.channels.create(SYSTEM, enteId, { ...channelBody('lotti-fb', 'facebook_page'), platform: 'facebook_page' as const, url: 'https://facebook.com/lotti' })).id;
    tg = (await app.services.channels.create(SYSTEM, enteId, { ...channelBody('lotti-tg'), platform: 'telegram' as const })).id;
    await app.services.channels.setCredentials(SYSTEM, enteId, fb, JSON.stringify({ accessToken: 'page-token', account: { pageId: 'page1', appSecret: APP_SECRET } }));
    await app.services.channels.setCredentials(SYSTEM, enteId, tg, JSON.stringify({ accessToken: 'bot-token', account: { chatId: '@lotti', webhookSecret: TG_SECRET } }));
  });
  afterAll(async () => {
    await app?.close();
    await graph?.close();
    CONNECTORS.telegram = savedTelegram;
    delete process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE;
    if (savedWorker === undefined) delete process.env.REDAZIONE_INBOX_WORKER;
    else process.env.REDAZIONE_INBOX_WORKER = savedWorker;
  });

  test('a burst with duplicates and out-of-order deliveries lands once per item, moderated, recorded and audited in one batch', async () => {
    const before = {
      items: await n(sql`select count(*)::int as n from inbox_items`),
      decisions: await n(sql`select count(*)::int as n from moderation_decisions where source = 'inbox'`),
      audit: await n(sql`select count(*)::int as n from audit_events where action = 'moderation.decide.batch'`),
    };
    const deliveries: unknown[] = [];
    const unique = new Set<string>();
    for (let h = 0; h < 12; h++) {
      const changes = [comment(), comment(), comment()];
      for (const c of changes) unique.add(c.value.comment_id);
      deliveries.push(hook(changes));
    }
    // A reply delivered before its parent, both in this burst; and one comment in two deliveries.
    const parent = comment({ message: 'Il mercato del sabato è confermato?' });
    const child = comment({ message: 'Me lo chiedo anch’io', parent_id: parent.value.comment_id });
    const twice = comment({ message: 'Commento consegnato due volte' });
    unique.add(parent.value.comment_id).add(child.value.comment_id).add(twice.value.comment_id);
    deliveries.push(hook([child, twice]), hook([parent]), hook([twice]));
    for (const d of deliveries) await send(d);
    for (const d of deliveries.slice(0, 4)) await send(d); // the platform re-sends

    const r = await app.services.inbox.ingest.processBatch(500);
    expect(r).toEqual({ events: deliveries.length + 4, items: unique.size });
    expect(await pending()).toBe(0);
    const items = await q(sql`select id, platform_id, moderated_at, decision, decision_id, thread_id from inbox_items where ente_id = ${enteId} and channel_id = ${fb}`);
    expect(items.length - before.items).toBe(unique.size);
    expect(new Set(items.map((i) => i.platform_id)).size).toBe(items.length);
    for (const i of items) {
      expect(i.moderated_at).not.toBeNull();
      expect(i.decision_id).toBeTruthy();
    }
    // One recorded decision per item, about that item; the batch's audit event lists every one.
    const decisions = await q(sql`select id, item_ref, decision, clause_number from moderation_decisions where ente_id = ${enteId} and source = 'inbox'`);
    expect(decisions.length - before.decisions).toBe(unique.size);
    const byRef = new Map(decisions.map((d) => [d.item_ref, d.id]));
    for (const i of items) expect(byRef.get(i.id)).toBe(i.decision_id);
    expect((await n(sql`select count(*)::int as n from audit_events where action = 'moderation.decide.batch'`)) - before.audit).toBe(1);
    const [batch] = await q(sql`select entity_type, after from audit_events where ente_id = ${enteId} and action = 'moderation.decide.batch' order by seq desc limit 1`);
    const listed = (batch!.after as { count: number; ids: string[]; decisions: { id: string; ref: string; decision: string; clause: string | null }[] });
    expect(batch!.entity_type).toBe('moderation_decision_batch');
    expect(listed.count).toBe(unique.size);
    expect(new Set(listed.ids)).toEqual(new Set(items.map((i) => i.decision_id)));
    const recorded = new Map(decisions.map((d) => [d.id, d]));
    for (const d of listed.decisions) expect({ ref: d.ref, decision: d.decision, clause: d.clause }).toEqual({ ref: recorded.get(d.id)!.item_ref, decision: recorded.get(d.id)!.decision, clause: recorded.get(d.id)!.clause_number });
    expect(await verifyChain(app.database.db, enteId)).toMatchObject({ ok: true });

    // The reply that came first links to its parent when the thread is read.
    const childId = items.find((i) => i.platform_id === child.value.comment_id)!.id as string;
    const thread = await app.services.inbox.service.thread(enteId, childId);
    expect(thread.items.find((i) => i.id === childId)!.parentId).toBe(items.find((i) => i.platform_id === parent.value.comment_id)!.id);

    // Everything delivered again, later: nothing new, nothing recorded twice.
    for (const d of deliveries) await send(d);
    expect(await app.services.inbox.ingest.processBatch(500)).toEqual({ events: deliveries.length, items: 0 });
    expect((await n(sql`select count(*)::int as n from moderation_decisions where ente_id = ${enteId} and source = 'inbox'`)) - before.decisions).toBe(unique.size);
  });

  test('an event is marked done only with its items: a failure stores nothing and leaves it pending; a poisoned event is set aside after five attempts', async () => {
    let failing: 'always' | 'poison' | 'no' = 'always';
    const moderation = app.services.moderation;
    const ingest = createIngestService({
      db: app.database.db,
      channels: app.services.channels,
      organisation: app.services.organisation,
      moderation: {
        moderator: (actor, ente) => moderation.moderator(actor, ente),
        recordMany: async (tx, m, decisions, opts) => {
          if (failing === 'always' || (failing === 'poison' && decisions.some((d) => d.input.text.includes('VELENO')))) throw new Error('crash in the middle of the batch');
          return moderation.recordMany(tx, m, decisions, opts);
        },
      },
      actions: createPlatformActions({ db: app.database.db, channels: app.services.channels, connectors: {}, http: createConnectorHttp({ defaultTimeoutMs: 1000 }) }),
      secrets: { metaAppSecret: null, metaVerifyToken: null },
    });
    const c = comment({ message: 'Questo arriva durante un guasto' });
    await send(hook([c]));
    await expect(ingest.processBatch(1)).rejects.toThrow(/crash/);
    // Rolled back: the item is not there, the event is still pending with one attempt and the error.
    expect(await n(sql`select count(*)::int as n from inbox_items where platform_id = ${c.value.comment_id}`)).toBe(0);
    const [ev] = await q(sql`select status, attempts, error from inbox_events where status <> 'done' order by received_at desc limit 1`);
    expect(ev).toMatchObject({ status: 'pending', attempts: 1, error: 'crash in the middle of the batch' });
    failing = 'no';
    expect(await ingest.processBatch(10)).toEqual({ events: 1, items: 1 });
    expect(await n(sql`select count(*)::int as n from inbox_items where platform_id = ${c.value.comment_id}`)).toBe(1);

    // A poisoned event among good ones: the good ones go through, the poisoned one fails after five attempts.
    failing = 'poison';
    const good1 = comment({ message: 'Prima del veleno' });
    const bad = comment({ message: 'VELENO per il lotto' });
    const good2 = comment({ message: 'Dopo il veleno' });
    await send(hook([good1]));
    await send(hook([bad]));
    await send(hook([good2]));
    const r = await ingest.processBatch(10);
    expect(r.items).toBe(2);
    const stored = (await q(sql`select platform_id from inbox_items where platform_id in (${good1.value.comment_id}, ${bad.value.comment_id}, ${good2.value.comment_id})`)).map((x) => x.platform_id);
    expect(stored.sort()).toEqual([good1.value.comment_id, good2.value.comment_id].sort());
    const failed = await q(sql`select attempts, error, body from inbox_events where status = 'failed'`);
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ attempts: 5, error: 'crash in the middle of the batch' });
    expect(String(failed[0]!.body)).toContain('VELENO');
    expect(await pending()).toBe(0);
  });

  test('deliveries arriving together are stored together; one that cannot be stored fails alone', async () => {
    // A channel removed after its webhook secret was read (the accept path keeps it for 30 s):
    // its delivery cannot be stored (the channel's foreign key), the others of the group can.
    const gone = (await app.services.channels.create(SYSTEM, enteId, { ...channelBody('lotti-via', 'facebook_page'), platform: 'facebook_page' as const, url: 'https://facebook.com/via' })).id;
    await app.services.channels.setCredentials(SYSTEM, enteId, gone, JSON.stringify({ accessToken: 't', account: { pageId: 'page2', appSecret: APP_SECRET } }));
    await send(hook([comment()]), gone);
    await app.services.inbox.worker.drain();
    await app.database.db.execute(sql`delete from channels where id = ${gone}`);
    await send(hook([comment()])); // both channels' secrets freshly read: the deliveries below verify in call order
    const before = await n(sql`select count(*)::int as n from inbox_events`);
    // Eleven deliveries verified at once: the first is written alone, the ten that arrive while
    // it is in flight go in as one group, which fails on the removed channel and is retried one by one.
    const accept = (channel: string) => {
      const body = Buffer.from(JSON.stringify(hook([comment()])));
      return app.services.inbox.ingest.acceptWebhook('facebook_page', channel, body, { 'x-hub-signature-256': metaSignature(body.toString(), APP_SECRET) });
    };
    const outcomes = await Promise.allSettled([...Array.from({ length: 5 }, () => accept(fb)), accept(gone), ...Array.from({ length: 5 }, () => accept(fb))]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await n(sql`select count(*)::int as n from inbox_events`)).toBe(before + 10);
    await app.services.inbox.worker.drain();
    expect(await pending()).toBe(0);
  });

  test('two workers draining one burst at once store each item once', async () => {
    const before = await n(sql`select count(*)::int as n from inbox_items`);
    const ids = new Set<string>();
    const deliveries = Array.from({ length: 20 }, () => {
      const changes = [comment(), comment()];
      for (const c of changes) ids.add(c.value.comment_id);
      return hook(changes);
    });
    for (const d of deliveries) await send(d);
    for (const d of deliveries.slice(5, 15)) await send(d);
    const worker = async () => {
      let items = 0;
      for (;;) {
        const r = await app.services.inbox.ingest.processBatch(3);
        if (r.events === 0) return items;
        items += r.items;
      }
    };
    const [a, b] = await Promise.all([worker(), worker()]);
    expect(a + b).toBe(ids.size);
    expect((await n(sql`select count(*)::int as n from inbox_items`)) - before).toBe(ids.size);
    expect(await pending()).toBe(0);
    expect(await verifyChain(app.database.db, enteId)).toMatchObject({ ok: true });
  });

  test('an insult is hidden by the engine and hidden on the platform after commit; where the connector cannot hide it stays "da fare a mano"', async () => {
    const insult = comment({ message: 'Sei proprio un idiota, assessore' });
    await send(hook([insult]));
    await sendTelegram({ update_id: 501, message: { message_id: 9, date: 1767225600, chat: { id: 77, type: 'private' }, from: { id: 77, first_name: 'Ugo' }, text: 'Sei proprio un idiota, assessore' } });
    await app.services.inbox.ingest.processBatch(50);
    await app.services.inbox.ingest.processBatch(50); // an empty run waits for the hides queued behind the batches
    const [f] = await q(sql`select decision, status, platform_state, manual_action, clause_number from inbox_items where platform_id = ${insult.value.comment_id}`);
    const [t] = await q(sql`select decision, status, platform_state, manual_action from inbox_items where channel_id = ${tg} and platform_id = '77:9'`);
    expect(f).toMatchObject({ decision: 'hide', status: 'hidden', platform_state: 'hidden', manual_action: null });
    expect(f!.clause_number).toBeTruthy();
    expect(graph.calls.some((k) => k.path === `/${insult.value.comment_id}` && k.body.is_hidden === true)).toBe(true);
    expect(t).toMatchObject({ decision: 'hide', status: 'hidden', platform_state: 'visible', manual_action: 'hide' });
  });

  test('a raid of insults is hidden on the platform with one batch request; a comment deleted meanwhile stays "da fare a mano"', async () => {
    const raid = Array.from({ length: 12 }, (_, k) => comment({ message: `Siete degli idioti, vergognatevi ${k}`, from: { id: `raider${k}`, name: `Utente ${k}` } }));
    const gone = raid[3]!.value.comment_id;
    graph.deleted.add(gone); // its author deleted it before the hide arrived
    const callsBefore = graph.calls.length;
    await send(hook(raid));
    await app.services.inbox.ingest.processBatch(50);
    await app.services.inbox.ingest.processBatch(50); // an empty run waits for the hides queued behind the batches
    const calls = graph.calls.slice(callsBefore);
    expect(calls.filter((c) => !c.batched)).toEqual([expect.objectContaining({ method: 'POST', path: '/' })]);
    expect(calls.filter((c) => c.batched)).toHaveLength(12);
    const rows = await q(sql`select platform_id, decision, status, platform_state, manual_action from inbox_items where platform_id in ${raid.map((c) => c.value.comment_id)}`);
    expect(rows).toHaveLength(12);
    for (const r of rows) {
      expect(r).toMatchObject({ decision: 'hide', status: 'hidden' });
      if (r.platform_id === gone) expect(r).toMatchObject({ platform_state: 'visible', manual_action: 'hide' });
      else expect(r).toMatchObject({ platform_state: 'hidden', manual_action: null });
    }
    expect(raid.filter((c) => c.value.comment_id !== gone).every((c) => graph.hidden.get(c.value.comment_id) === true)).toBe(true);
  });

  test('an item stored without a decision (before batch moderation) is moderated by the recovery, recorded and audited', async () => {
    const [thread] = await q(sql`select id from inbox_threads where ente_id = ${enteId} and channel_id = ${fb} limit 1`);
    await app.database.db.execute(sql`
      insert into inbox_items (ente_id, channel_id, thread_id, platform_id, kind, author_platform_id, author_name, text, received_at, stored_at, is_question)
      values (${enteId}, ${fb}, ${thread!.id}, 'legacy_1', 'comment', 'vecchio', 'Persona vecchia', 'Sei proprio un idiota, assessore', now() - interval '1 hour', now() - interval '1 hour', false)`);
    expect(await app.services.inbox.ingest.recoverUnmoderated(0)).toBe(1);
    const [item] = await q(sql`select id, decision, decision_id, status, moderated_at, platform_state, manual_action from inbox_items where platform_id = 'legacy_1'`);
    expect(item).toMatchObject({ decision: 'hide', status: 'hidden', platform_state: 'hidden', manual_action: null });
    const [d] = await q(sql`select item_ref, source from moderation_decisions where id = ${item!.decision_id}`);
    expect(d).toEqual({ item_ref: item!.id, source: 'inbox' });
    // Its decision is in the audit trail: asking the Registro for it finds the batch that lists it.
    const audit = await listAudit(app.database.db, enteId, { entityId: String(item!.decision_id), limit: 10 });
    expect(audit.map((e) => e.action)).toEqual(['moderation.decide.batch']);
    expect(await app.services.inbox.ingest.recoverUnmoderated(0)).toBe(0);
  });
});
