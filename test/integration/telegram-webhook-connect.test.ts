/**
 * Connecting a Telegram channel registers the inbox's webhook with the Bot API (`setWebhook`, with
 * a fresh secret token the inbox then requires), so citizens' comments and messages reach the
 * inbox without anyone copying a secret by hand. Without a public HTTPS address nothing is
 * registered and the answer says what to do. Against the `telegram-test-api` emulator.
 */
import { TelegramServer } from 'telegram-test-api/lib/telegramServer.js';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { backends } from '../support/db.ts';
import { channelBody, createEnte, login, startTestApp, type Client, type TestApp } from '../support/app.ts';
import { freePort } from '../support/pg-cluster.ts';

const BOT = '424242:test-bot-token';

interface Registered {
  url: string;
  secret_token?: string;
  allowed_updates?: string[];
}

let tg: TelegramServer;
beforeAll(async () => {
  const port = await freePort();
  tg = new TelegramServer({ port, host: '127.0.0.1' });
  await tg.start();
  process.env.REDAZIONE_API_BASE_TELEGRAM = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  delete process.env.REDAZIONE_API_BASE_TELEGRAM;
  await tg?.stop();
});

const webhookOf = (token: string) => (tg as unknown as { webhooks: Record<string, Registered | undefined> }).webhooks[token];

describe.each(backends())('Telegram webhook registered on connect, on %s', (kind) => {
  let app: TestApp;
  let smm: Client;
  let channelId = '';
  beforeAll(async () => {
    app = await startTestApp(kind, { REDAZIONE_PUBLIC_URL: 'https://redazione.comune.test' });
    await createEnte(app, 'tg-webhook');
    smm = await login(app, 'social_media_manager@tg-webhook.test');
    channelId = (await smm.post('/api/v1/enti/tg-webhook/channels', channelBody('comune_tg'))).json<{ id: string }>().id;
  });
  afterAll(async () => app?.close());

  test('connect registers the webhook with a secret; a delivery signed with it lands in the inbox, a forged one does not', async () => {
    const res = await smm.post(`/api/v1/enti/tg-webhook/channels/${channelId}/connect`, { accessToken: BOT, account: { chatId: '@comune_tg' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<{ webhook: { registered: boolean } }>().webhook).toEqual({ registered: true });
    const hook = webhookOf(BOT);
    expect(hook?.url).toBe(`https://redazione.comune.test/api/v1/webhooks/telegram/${channelId}`);
    const secret = hook?.secret_token ?? '';
    expect(secret.length).toBeGreaterThanOrEqual(32);
    expect(hook?.allowed_updates).toContain('message');
    // The secret is stored sealed, never returned.
    expect(res.body).not.toContain(secret);

    const update = (id: number, text: string) => ({
      update_id: id,
      message: { message_id: id, date: 1767225600, chat: { id: -100777, type: 'supergroup', title: 'Discussione' }, from: { id: 9000 + id, is_bot: false, first_name: 'Marta' }, text },
    });
    const deliver = (body: unknown, token: string) =>
      app.server.inject({ method: 'POST', url: `/api/v1/webhooks/telegram/${channelId}`, payload: JSON.stringify(body), headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': token } });
    expect((await deliver(update(1, 'Quando riapre la biblioteca comunale?'), secret)).statusCode).toBeLessThan(300);
    expect((await deliver(update(2, 'Messaggio falso'), 'not-the-secret')).statusCode).toBe(401);
    // The app's own worker may hold the event: process, then wait until nothing is pending.
    const pending = async () =>
      ((await app.database.db.execute(sql`select count(*)::int as n from inbox_events where status = 'pending'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    for (let i = 0; i < 400; i++) {
      await app.services.inbox.worker.drain();
      if ((await pending()) === 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const texts = ((await app.database.db.execute(sql`select text from inbox_items where channel_id = ${channelId}`)) as unknown as { rows: { text: string }[] }).rows.map((r) => r.text);
    expect(texts).toEqual(['Quando riapre la biblioteca comunale?']);
  });

  test('reconnecting keeps the secret the office gave, and says so', async () => {
    const res = await smm.post(`/api/v1/enti/tg-webhook/channels/${channelId}/connect`, { accessToken: BOT, account: { chatId: '@comune_tg', webhookSecret: 'segreto-scelto-dall-ufficio-0123456789' } });
    expect(res.statusCode, res.body).toBe(200);
    expect(webhookOf(BOT)?.secret_token).toBe('segreto-scelto-dall-ufficio-0123456789');
  });
});

describe.each(backends())('Telegram webhook without a public HTTPS address, on %s', (kind) => {
  let app: TestApp;
  afterAll(async () => app?.close());
  test('nothing is registered and the office is told what to do, in Italian and English', async () => {
    app = await startTestApp(kind, { REDAZIONE_PUBLIC_URL: 'http://localhost:3000' });
    await createEnte(app, 'tg-local');
    const smm = await login(app, 'social_media_manager@tg-local.test');
    const id = (await smm.post('/api/v1/enti/tg-local/channels', channelBody('comune_local'))).json<{ id: string }>().id;
    const token = '515151:another-bot';
    const res = await smm.post(`/api/v1/enti/tg-local/channels/${id}/connect`, { accessToken: token, account: { chatId: '@comune_local' } });
    expect(res.statusCode, res.body).toBe(200);
    const { webhook } = res.json<{ webhook: { registered: boolean; reason: { it: string; en: string } } }>();
    expect(webhook.registered).toBe(false);
    expect(webhook.reason.it).toContain('REDAZIONE_PUBLIC_URL');
    expect(webhook.reason.en).toContain('public HTTPS');
    expect(webhookOf(token)).toBeUndefined();
  });
});
