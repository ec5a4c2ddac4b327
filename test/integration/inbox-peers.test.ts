/**
 * The community inbox answering and moderating through real local peers, on PGlite and PostgreSQL:
 * - Telegram (telegram-test-api emulator): a citizen's comment under a channel post in the
 *   discussion group arrives as a signed webhook update, the office replies from Redazione and the
 *   emulator records the bot's message in that group as a reply to that comment; deleting it
 *   removes the message on the emulator; a private chat is answered in the same chat.
 * - Bluesky (@atproto/dev-env: PLC, PDS and AppView on the test PostgreSQL): another account
 *   replies to the Ente's post, the inbox's own poll picks it up once, the office's reply is a
 *   child of the citizen's reply in the thread the AppView serves, hiding puts the reply in the
 *   root post's threadgate and unhiding takes it out; blocking the citizen writes one
 *   app.bsky.graph.block record in the Ente's repository (once, however often it is asked), which
 *   the AppView then reports as the Ente's view of the citizen's profile.
 * - Mastodon (fake client API): mentions are polled into threads, the reply goes out with
 *   `in_reply_to_id`, the citizen's handle and the `Idempotency-Key` header.
 * Polls run in the app's own inbox worker: its clock is moved past the minute it waits between
 * housekeeping rounds (Date.now only), and the test waits for the channel's cursor to move.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import { sql } from 'drizzle-orm';
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { afterAll, beforeAll, describe, expect, inject, test, vi } from 'vitest';
import { backends, freshPostgresUrl } from '../support/db.ts';
import { channelBody, createEnte, login, SYSTEM, startTestApp, type Client, type TestApp } from '../support/app.ts';
import { forceLoopbackListen } from '../support/loopback-listen.ts';
import { freePort } from '../support/processes.ts';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon.ts';
import { mastodon } from '../../src/connectors/mastodon/index.ts';
import { telegram } from '../../src/connectors/telegram/index.ts';
import { blueskyConnector } from '../../src/connectors/bluesky/index.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';

const TG_SECRET = 'segreto-webhook-telegram-42';
const GROUP = -1001234567890; // the discussion group linked to the Ente's channel
const CHANNEL = -1009876543210;

let tg: TelegramServer;
let tgUrl: string;
let fakeMastodon: FakeMastodon;

/** A Bluesky network with an AppView (notifications and threads need one), when PostgreSQL is there. */
interface Bsky {
  pdsUrl: string;
  /** Waits until the AppView has indexed everything the PDS wrote. */
  sync(): Promise<void>;
  close(): Promise<void>;
}
let bsky: Bsky | null = null;
const hasPostgres = !!inject('pgUrl');

async function startBluesky(): Promise<Bsky> {
  const { url, drop } = await freshPostgresUrl();
  const previousTmp = process.env.TMPDIR;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-pds-'));
  process.env.TMPDIR = tmp; // the PDS keeps its data under os.tmpdir() and never deletes it
  const undoListen = forceLoopbackListen();
  const dev = await import('@atproto/dev-env');
  const plc = await dev.TestPlc.create({ port: await freePort() });
  const pdsPort = await freePort();
  // As TestNetwork.create wires them, without the moderation service (Ozone). `redisHost` is in the
  // config type only: the AppView of this version never reads it.
  const appview = await dev.TestBsky.create({ port: await freePort(), plcUrl: plc.url, pdsPort, repoProvider: `ws://localhost:${pdsPort}`, dbPostgresUrl: url, dbPostgresSchema: 'appview_inbox', redisHost: '' });
  const pds = await dev.TestPds.create({ port: pdsPort, didPlcUrl: plc.url, bskyAppViewUrl: appview.url, bskyAppViewDid: appview.ctx.cfg.serverDid });
  dev.mockNetworkUtilities(pds, appview);
  return {
    pdsUrl: pds.url,
    async sync() {
      await pds.processAll();
      const last = await pds.ctx.sequencer.curr();
      for (let i = 0; i < 500; i++) {
        await appview.sub.processAll();
        const at = appview.sub.runner.getCursor();
        if (!last || (at && at >= last)) return;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('the AppView did not catch up with the PDS');
    },
    async close() {
      await pds.close();
      await appview.close();
      await plc.close();
      undoListen();
      if (previousTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = previousTmp;
      fs.rmSync(tmp, { recursive: true, force: true });
      await drop();
    },
  };
}

beforeAll(async () => {
  const port = await freePort();
  tgUrl = `http://127.0.0.1:${port}`;
  tg = new TelegramServer({ port, host: '127.0.0.1' });
  await tg.start();
  fakeMastodon = await startFakeMastodon();
  if (hasPostgres) bsky = await startBluesky();
  process.env.REDAZIONE_API_BASE_TELEGRAM = tgUrl;
}, 180_000);

afterAll(async () => {
  delete process.env.REDAZIONE_API_BASE_TELEGRAM;
  await tg?.stop();
  await fakeMastodon?.close();
  await bsky?.close();
});

type ThreadItem = { id: string; platformId: string; direction: string; parentId: string | null; text: string; author: { name: string } };

describe.each(backends())('inbox through real peers on %s', (kind) => {
  let app: TestApp;
  let smm: Client;
  let enteId: string;
  let clause: string;
  const slug = `peers-${kind}`;
  const base = `/api/v1/enti/${slug}/inbox`;
  const channels: Record<'telegram' | 'bluesky' | 'mastodon', string> = { telegram: '', bluesky: '', mastodon: '' };
  const realNow = Date.now.bind(Date);
  let clockAhead = 0;

  const rows = async (q: ReturnType<typeof sql>) => ((await app.database.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
  /** Waits until no event is pending and every incoming item is moderated (the app's worker may hold some). */
  const drain = async () => {
    for (let i = 0; i < 400; i++) {
      await app.services.inbox.worker.drain();
      const [r] = await rows(sql`select (select count(*)::int from inbox_items where moderated_at is null and direction = 'in') + (select count(*)::int from inbox_events where status = 'pending') as n`);
      if (r!.n === 0) return;
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('the inbox queue did not drain');
  };
  /** One round of the app worker's channel polling: its clock moves past its one-minute wait. */
  const pollNow = async (channelId: string) => {
    const polledAt = async () => {
      const at = (await rows(sql`select polled_at from inbox_poll_cursors where channel_id = ${channelId}`))[0]?.polled_at;
      return at ? new Date(at as string | Date).getTime() : 0;
    };
    const before = await polledAt();
    clockAhead += 61_000;
    for (let i = 0; i < 400; i++) {
      if ((await polledAt()) > before) return drain();
      await new Promise((res) => setTimeout(res, 25));
    }
    throw new Error('the inbox worker did not poll the channel');
  };
  const items = async (channelId: string) =>
    (await smm.get(`${base}/items?channelId=${channelId}`)).json<{ items: { id: string; platformId: string; text: string; status: string; platformState: string; author: { name: string; platformId: string } }[] }>().items;
  const thread = async (itemId: string) => (await smm.get(`${base}/items/${itemId}/thread`)).json<{ threadRef: string; items: ThreadItem[] }>();

  beforeAll(async () => {
    vi.spyOn(Date, 'now').mockImplementation(() => realNow() + clockAhead);
    app = await startTestApp(kind);
    const { ente } = await createEnte(app, slug);
    enteId = ente.id;
    smm = await login(app, `social_media_manager@${slug}.test`);
    clause = (await app.services.moderation.rulebookFor(SYSTEM, enteId)).clauses[0]!.number;
    for (const platform of ['telegram', 'bluesky', 'mastodon'] as const) {
      const res = await smm.post(`/api/v1/enti/${slug}/channels`, { ...channelBody(`comune-${platform}-${kind}`, platform), url: `https://${platform}.example/comune` });
      expect(res.statusCode).toBe(201);
      channels[platform] = res.json().id;
    }
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    vi.restoreAllMocks();
  });

  describe('Telegram emulator', () => {
    const bot = `${kind}-4242:bot-token`;
    /** Updates the emulator holds for the bot, as the Bot API's getUpdates gives them. */
    const updates = async () => {
      const res = await fetch(`${tgUrl}/bot${bot}/getUpdates`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return ((await res.json()) as { result: { update_id: number; message: Record<string, unknown> & { message_id: number } }[] }).result;
    };
    const deliver = (update: unknown, secret = TG_SECRET) =>
      app.server.inject({ method: 'POST', url: `/api/v1/webhooks/telegram/${channels.telegram}`, payload: JSON.stringify(update), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secret } });
    const botMessages = () => tg.storage.botMessages.filter((m) => m.botToken === bot);

    beforeAll(async () => {
      await app.services.channels.setCredentials(SYSTEM, enteId, channels.telegram, JSON.stringify({ accessToken: bot, account: { chatId: '@comune_esempio', webhookSecret: TG_SECRET } }));
    });

    test('a comment in the discussion group is answered there, as a reply to it, and deleted on request', async () => {
      // Telegram copies the channel post into the linked discussion group; citizens comment under it.
      const telegramService = tg.getClient(bot, { userId: 777000, firstName: 'Telegram', chatId: GROUP, type: 'supergroup', chatTitle: 'Comune di Esempio – discussione' });
      await telegramService.sendMessage(telegramService.makeMessage('Avviso: chiusura di via Roma per lavori dal 3 marzo.', { is_automatic_forward: true, sender_chat: { id: CHANNEL, type: 'channel', title: 'Comune di Esempio' } }));
      const [forward] = await updates();
      const citizen = tg.getClient(bot, { userId: 5151, firstName: 'Giulia', userName: 'giulia_r', chatId: GROUP, type: 'supergroup', chatTitle: 'Comune di Esempio – discussione' });
      await citizen.sendMessage(citizen.makeMessage('Fino a quando resterà chiusa via Roma?', { reply_to_message: forward!.message, message_thread_id: forward!.message.message_id }));
      const [comment] = await updates();
      expect(comment!.message.message_id).not.toBe(forward!.message.message_id);

      expect((await deliver(comment, 'segreto-sbagliato')).statusCode).toBe(401);
      // The post itself, as a bot administrator of the channel receives it.
      const channelPost = { update_id: 1, channel_post: { message_id: 900, date: 1767225600, chat: { id: CHANNEL, type: 'channel', title: 'Comune di Esempio' }, text: 'Avviso: chiusura di via Roma per lavori dal 3 marzo.' } };
      for (const u of [channelPost, forward, comment, comment]) expect((await deliver(u)).statusCode).toBe(200); // Telegram re-sends
      await drain();
      expect((await items(channels.telegram)).filter((i) => i.platformId.startsWith(`${CHANNEL}:`))).toEqual([]);
      const mine = (await items(channels.telegram)).filter((i) => i.platformId.startsWith(`${GROUP}:`));
      // The Ente's own post and its copy in the group are not inbox items; the comment lands once.
      expect(mine.map((i) => i.platformId)).toEqual([`${GROUP}:${comment!.message.message_id}`]);
      const item = mine[0]!;
      expect(item).toMatchObject({ text: 'Fino a quando resterà chiusa via Roma?', author: { name: 'Giulia', platformId: '5151' } });
      expect((await thread(item.id)).threadRef).toBe(`${GROUP}:${forward!.message.message_id}`);

      const res = await smm.post(`${base}/items/${item.id}/reply`, { text: 'Buongiorno Giulia, la riapertura è prevista per il 20 marzo.' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ delivery: 'sent', message: null });
      const sent = botMessages();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.message).toMatchObject({ chat_id: String(GROUP), text: 'Buongiorno Giulia, la riapertura è prevista per il 20 marzo.', reply_parameters: { message_id: comment!.message.message_id } });
      const t = await thread(item.id);
      const out = t.items.find((i) => i.direction === 'out')!;
      expect(out).toMatchObject({ platformId: `${GROUP}:${sent[0]!.messageId}`, parentId: item.id, text: 'Buongiorno Giulia, la riapertura è prevista per il 20 marzo.' });
      expect((await items(channels.telegram)).find((i) => i.id === item.id)!.status).toBe('answered');

      // Hiding does not exist on Telegram: the office is told to act by hand.
      const hide = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'hide', clause });
      expect(hide.json()).toMatchObject({ onPlatform: 'manual', item: { manualAction: 'hide' } });
      // Deleting is done by the bot, an administrator of the group.
      const held = () => tg.storage.userMessages.filter((u) => u.botToken === bot && 'message' in u && u.messageId === comment!.message.message_id);
      expect(held()).toHaveLength(1);
      const del = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'delete', clause, reason: 'Prova di eliminazione' });
      expect(del.statusCode).toBe(200);
      expect(del.json()).toMatchObject({ onPlatform: 'done', item: { platformState: 'deleted', manualAction: null } });
      expect(held()).toHaveLength(0);
    });

    test('a private message is answered in the same private chat', async () => {
      const person = tg.getClient(bot, { userId: 6161, firstName: 'Marco', chatId: 6161, type: 'private' });
      await person.sendMessage(person.makeMessage('Salve, dove trovo il modulo per il passo carrabile?'));
      const [dm] = await updates();
      expect((await deliver(dm)).statusCode).toBe(200);
      await drain();
      const item = (await items(channels.telegram)).find((i) => i.platformId === `6161:${dm!.message.message_id}`)!;
      expect((await thread(item.id)).threadRef).toBe('chat:6161');
      const before = botMessages().length;
      const res = await smm.post(`${base}/items/${item.id}/reply`, { text: 'Lo trova nella sezione Modulistica del sito del Comune.' });
      expect(res.json().delivery).toBe('sent');
      const last = botMessages()[before]!;
      expect(last.message).toMatchObject({ chat_id: '6161', reply_parameters: { message_id: dm!.message.message_id } });
      expect(res.json().reply.platformId).toBe(`6161:${last.messageId}`);
      // The same attempt again (same key) does not send a second message.
      const ctx = { channel: { enteId, id: channels.telegram, platform: 'telegram' as const, handle: 'x', url: '' }, credentials: { accessToken: bot }, http: createConnectorHttp(), apiBase: tgUrl, now: () => new Date() };
      const req = { inReplyTo: { platformId: `6161:${dm!.message.message_id}`, kind: 'message' as const, threadRef: 'chat:6161', author: { platformId: '6161', name: 'Marco' }, text: '', receivedAt: new Date() }, text: 'Di nulla!', idempotencyKey: `chiave-${kind}` };
      const first = await telegram.reply!(ctx, req);
      expect(await telegram.reply!(ctx, req)).toEqual(first);
      expect(botMessages().filter((m) => (m.message as { text?: string }).text === 'Di nulla!')).toHaveLength(1);
    });
  });

  describe.skipIf(!hasPostgres)('Bluesky PDS with AppView', () => {
    const ente = { handle: `comune-${kind}.test`, password: 'password-comune-1', did: '' };
    const citizen = { handle: `cittadina-${kind}.test`, password: 'password-cittadina-1', did: '' };
    let appPassword = '';
    let enteAgent: AtpAgent;
    let citizenAgent: AtpAgent;
    let root: { uri: string; cid: string };
    let citizenReply: { uri: string; cid: string };

    /** Waits until the Ente's notifications list `uri` (the AppView indexes asynchronously). */
    const notified = async (uri: string) => {
      for (let i = 0; i < 300; i++) {
        const n = await enteAgent.app.bsky.notification.listNotifications({ limit: 20 });
        if (n.data.notifications.some((x) => x.uri === uri)) return;
        await new Promise((res) => setTimeout(res, 100));
      }
      const posts = await enteAgent.app.bsky.feed.getPosts({ uris: [uri] }).then((r) => r.data.posts.length, (e: Error) => e.message);
      const all = await enteAgent.app.bsky.notification.listNotifications({ limit: 50 }).then((r) => r.data.notifications.map((x) => `${x.reason}:${x.uri}`).join(','), (e: Error) => e.message);
      throw new Error(`the AppView never listed the notification for ${uri} (posts found: ${posts}; notifications: ${all})`);
    };

    beforeAll(async () => {
      enteAgent = new AtpAgent({ service: bsky!.pdsUrl });
      ente.did = (await enteAgent.createAccount({ handle: ente.handle, email: `social@${kind}.test`, password: ente.password })).data.did;
      appPassword = (await enteAgent.com.atproto.server.createAppPassword({ name: 'Redazione' })).data.password;
      citizenAgent = new AtpAgent({ service: bsky!.pdsUrl });
      citizen.did = (await citizenAgent.createAccount({ handle: citizen.handle, email: `cittadina@${kind}.test`, password: citizen.password })).data.did;
      await citizenAgent.upsertProfile(() => ({ displayName: 'Anna Bianchi' }));
      root = await enteAgent.post({ text: 'Da lunedì 3 marzo lavori in via Roma: strada chiusa dalle 8 alle 18.' });
      // The AppView indexes each account's repository on its own: a reply indexed before the post
      // it answers finds no ancestor and notifies nobody. The citizen answers a post the network has
      // seen, as in life.
      await bsky!.sync();
      citizenReply = await citizenAgent.post({ text: 'Le auto dei residenti potranno entrare?', reply: { root, parent: root } });
      await bsky!.sync();
      // The AppView indexes asynchronously: wait until the Ente's notifications list the reply, so
      // the one poll below sees what a later poll would (a loaded machine can lag behind sync()).
      await notified(citizenReply.uri);
      await app.services.channels.setCredentials(SYSTEM, enteId, channels.bluesky, JSON.stringify({ accessToken: appPassword, account: { identifier: ente.handle, service: bsky!.pdsUrl } }));
    }, 60_000);

    test('the poll picks up the reply once; the office’s reply is its child on the network; hide uses the threadgate', async () => {
      await pollNow(channels.bluesky);
      let mine = (await items(channels.bluesky)).filter((i) => i.platformId === citizenReply.uri);
      expect(mine).toHaveLength(1);
      const item = mine[0]!;
      expect(item).toMatchObject({ text: 'Le auto dei residenti potranno entrare?', author: { name: 'Anna Bianchi' } });
      expect((await thread(item.id)).threadRef).toBe(root.uri);
      const stored = await rows(sql`select count(*)::int as n from inbox_items where channel_id = ${channels.bluesky}`);
      await pollNow(channels.bluesky); // nothing new: no duplicate
      expect(await rows(sql`select count(*)::int as n from inbox_items where channel_id = ${channels.bluesky}`)).toEqual(stored);
      mine = (await items(channels.bluesky)).filter((i) => i.platformId === citizenReply.uri);
      expect(mine).toHaveLength(1);

      const res = await smm.post(`${base}/items/${item.id}/reply`, { text: 'Sì, l’accesso ai residenti è garantito. Dettagli: https://comune.example.it/via-roma' });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ delivery: 'sent' });
      const replyUri = res.json().reply.platformId as string;
      expect(replyUri).toMatch(new RegExp(`^at://${ente.did}/app\\.bsky\\.feed\\.post/`));
      await bsky!.sync();
      const { data } = await citizenAgent.app.bsky.feed.getPostThread({ uri: root.uri, depth: 5 });
      type View = { post: { uri: string; record: { text?: string; reply?: { root: { uri: string }; parent: { uri: string } } } }; replies?: View[] };
      const top = data.thread as unknown as View;
      const under = top.replies!.find((r) => r.post.uri === citizenReply.uri)!;
      const ours = under.replies!.find((r) => r.post.uri === replyUri)!;
      expect(ours.post.record).toMatchObject({ text: 'Sì, l’accesso ai residenti è garantito. Dettagli: https://comune.example.it/via-roma', reply: { root: { uri: root.uri }, parent: { uri: citizenReply.uri } } });
      expect((await thread(item.id)).items.find((i) => i.direction === 'out')).toMatchObject({ platformId: replyUri, parentId: item.id });
      // The Ente's own reply is not polled back into the inbox as a citizen's comment.
      await pollNow(channels.bluesky);
      expect(await rows(sql`select direction from inbox_items where platform_id = ${replyUri}`)).toEqual([{ direction: 'out' }]);
      // A reply written on a clock five minutes slow sorts before what the poll has already read
      // (the AppView sorts by the earlier of createdAt and indexing): a later poll still brings it in, once.
      const slow = await citizenAgent.post({ text: 'E per i mezzi di soccorso come si fa?', reply: { root, parent: root }, createdAt: new Date(realNow() - 5 * 60_000).toISOString() });
      await bsky!.sync();
      await notified(slow.uri);
      await pollNow(channels.bluesky);
      await pollNow(channels.bluesky);
      expect(await rows(sql`select count(*)::int as n from inbox_items where platform_id = ${slow.uri}`)).toEqual([{ n: 1 }]);

      const threadgate = async () =>
        (await enteAgent.com.atproto.repo.getRecord({ repo: ente.did, collection: 'app.bsky.feed.threadgate', rkey: root.uri.split('/').pop()! })).data.value as { post: string; hiddenReplies?: string[]; allow?: unknown };
      const hide = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'hide', clause });
      expect(hide.json()).toMatchObject({ onPlatform: 'done', item: { status: 'hidden', platformState: 'hidden' } });
      expect(await threadgate()).toMatchObject({ post: root.uri, hiddenReplies: [citizenReply.uri] });
      expect((await threadgate()).allow).toBeUndefined(); // still anyone may reply
      await bsky!.sync();
      const gated = await citizenAgent.app.bsky.feed.getPostThread({ uri: root.uri });
      expect((gated.data.thread as { post: { threadgate?: { record: { hiddenReplies?: string[] } } } }).post.threadgate?.record.hiddenReplies).toEqual([citizenReply.uri]);
      const unhide = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'unhide' });
      expect(unhide.json()).toMatchObject({ onPlatform: 'done', item: { platformState: 'visible' } });
      expect((await threadgate()).hiddenReplies).toEqual([]);
      // Nobody can delete another account's post on Bluesky.
      const del = await smm.post(`${base}/items/${item.id}/moderation`, { action: 'delete', clause });
      expect(del.json()).toMatchObject({ onPlatform: 'manual', item: { manualAction: 'delete' } });
    });
    test('block writes an app.bsky.graph.block record for the author in the Ente’s repository; repeating it writes no second one', async () => {
      const ctx = { channel: { enteId, id: channels.bluesky, platform: 'bluesky' as const, handle: ente.handle, url: '' }, credentials: { accessToken: appPassword, account: { identifier: ente.handle, service: bsky!.pdsUrl } }, http: createConnectorHttp(), now: () => new Date() };
      expect(blueskyConnector.interactionCapabilities.block).toBe(true);
      await blueskyConnector.block!(ctx, { authorPlatformId: citizen.did });
      const blocks = async () => (await enteAgent.com.atproto.repo.listRecords({ repo: ente.did, collection: 'app.bsky.graph.block' })).data.records;
      const first = await blocks();
      expect(first).toHaveLength(1);
      expect(first[0]!.value).toMatchObject({ $type: 'app.bsky.graph.block', subject: citizen.did });
      await blueskyConnector.block!(ctx, { authorPlatformId: citizen.did });
      expect((await blocks()).map((r) => r.uri)).toEqual([first[0]!.uri]);
      // The AppView sees the block: the Ente's view of the citizen's profile says so.
      await bsky!.sync();
      const profile = await enteAgent.app.bsky.actor.getProfile({ actor: citizen.did });
      expect(profile.data.viewer?.blocking).toBe(first[0]!.uri);
      await expect(blueskyConnector.block!(ctx, { authorPlatformId: 'non-un-did' })).rejects.toMatchObject({ kind: 'bad_request' });
      await expect(blueskyConnector.block!(ctx, { authorPlatformId: ente.did })).rejects.toMatchObject({ kind: 'bad_request' });
    });
  });

  describe('Mastodon (fake client API)', () => {
    const tokens = { ente: `tok-comune-${kind}`, ada: `tok-ada-${kind}`, bruno: `tok-bruno-${kind}` };
    const names = { ente: `comune_${kind}`, ada: `ada_${kind}`, bruno: `bruno_${kind}` };
    const post = async (token: string, body: Record<string, unknown>) => {
      const res = await fetch(`${fakeMastodon.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      expect(res.status).toBe(200);
      return (await res.json()) as { id: string };
    };

    beforeAll(async () => {
      fakeMastodon.addAccount(tokens.ente, names.ente);
      fakeMastodon.addAccount(tokens.ada, names.ada);
      fakeMastodon.addAccount(tokens.bruno, names.bruno);
      await app.services.channels.setCredentials(SYSTEM, enteId, channels.mastodon, JSON.stringify({ accessToken: tokens.ente, account: { instance: fakeMastodon.url } }));
    });

    test('mentions are polled into the thread of the post, once; the reply carries in_reply_to_id and Idempotency-Key', async () => {
      const root = await post(tokens.ente, { status: 'Iscrizioni al centro estivo aperte fino al 30 aprile.' });
      const ada = await post(tokens.ada, { status: `@${names.ente} Si può iscrivere anche chi non è residente?`, in_reply_to_id: root.id });
      const bruno = await post(tokens.bruno, { status: `@${names.ente} @${names.ada} Me lo chiedevo anch'io`, in_reply_to_id: ada.id });
      await pollNow(channels.mastodon);
      const all = await items(channels.mastodon);
      const adaItem = all.find((i) => i.platformId === ada.id)!;
      const brunoItem = all.find((i) => i.platformId === bruno.id)!;
      expect(adaItem).toMatchObject({ text: 'Si può iscrivere anche chi non è residente?', author: { name: `Persona ${names.ada}` } });
      expect(brunoItem.text).toBe("Me lo chiedevo anch'io");
      // Both in the thread of the Ente's post; the second is a reply to the first.
      const t = await thread(adaItem.id);
      expect(t.threadRef).toBe(root.id);
      expect(t.items.find((i) => i.id === brunoItem.id)!.parentId).toBe(adaItem.id);
      await pollNow(channels.mastodon);
      expect((await items(channels.mastodon)).filter((i) => i.platformId === ada.id || i.platformId === bruno.id)).toHaveLength(2);

      const res = await smm.post(`${base}/items/${adaItem.id}/reply`, { text: 'Sì, con precedenza ai residenti.' });
      expect(res.statusCode).toBe(201);
      expect(res.json().delivery).toBe('sent');
      const reply = res.json().reply as { id: string; platformId: string };
      const status = fakeMastodon.statuses.find((s) => s.id === reply.platformId)!;
      expect(status).toMatchObject({ text: `@${names.ada} Sì, con precedenza ai residenti.`, inReplyToId: ada.id, visibility: 'public', idempotencyKey: reply.id });
      // The same key again (a retry of the same attempt) gives the same status, not a second one.
      const count = fakeMastodon.statuses.length;
      const again = await mastodon.reply!(
        { channel: { enteId, id: channels.mastodon, platform: 'mastodon', handle: names.ente, url: '' }, credentials: { accessToken: tokens.ente, account: { instance: fakeMastodon.url } }, http: createConnectorHttp(), now: () => new Date() },
        { inReplyTo: { platformId: ada.id, kind: 'comment', threadRef: root.id, author: { platformId: 'x', name: 'Ada', handle: `@${names.ada}` }, text: '', receivedAt: new Date() }, text: 'Sì, con precedenza ai residenti.', idempotencyKey: reply.id },
      );
      expect(again.platformId).toBe(reply.platformId);
      expect(fakeMastodon.statuses.length).toBe(count);
      // The citizen is notified of the answer (it names them).
      expect(fakeMastodon.notifications.some((n) => n.statusId === reply.platformId)).toBe(true);
      // A normal account cannot hide someone else's status: by hand.
      const hide = await smm.post(`${base}/items/${adaItem.id}/moderation`, { action: 'hide', clause });
      expect(hide.json()).toMatchObject({ onPlatform: 'manual', item: { manualAction: 'hide' } });
    });
  });
});
