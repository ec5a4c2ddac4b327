/**
 * The inbox's "block" sanction carried out by the connectors, each against a fake of its
 * platform's documented contract:
 * - Mastodon (test/fakes/mastodon.ts): `POST /api/v1/accounts/:id/block`; the blocked account's
 *   mentions no longer reach the Ente; missing scope, app-only token and unknown account explained.
 * - Telegram (test/fakes/telegram-bot.ts: the telegram-test-api emulator has neither getChat nor
 *   banChatMember): `banChatMember` in the group the comments were written in, or in the channel's
 *   linked discussion group; a private chat cannot be blocked by a bot, and the office is told why.
 * Nothing here needs a database: the connectors are called as the inbox calls them.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { mastodon } from '../../src/connectors/mastodon/index.ts';
import { telegram } from '../../src/connectors/telegram/index.ts';
import { expectConnectorError, loopbackContext } from '../fakes/kernel.ts';
import { startFakeMastodon, type FakeMastodon } from '../fakes/mastodon.ts';
import { startTelegramBotFake, type TelegramBotFake } from '../fakes/telegram-bot.ts';

describe('Mastodon: POST /api/v1/accounts/:id/block', () => {
  let fake: FakeMastodon;
  let ente: string;
  let troll: string;
  const ctx = (token = 'tok-ente') => loopbackContext('mastodon', fake.url, { accessToken: token, account: { instance: fake.url } });
  const mention = async (token: string, status: string) => {
    const res = await fetch(`${fake.url}/api/v1/statuses`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ status }) });
    expect(res.status).toBe(200);
  };

  beforeAll(async () => {
    fake = await startFakeMastodon();
    ente = fake.addAccount('tok-ente', 'comune');
    troll = fake.addAccount('tok-troll', 'disturbatore');
    fake.addAccount('tok-readonly', 'comune_lettura', { scopes: ['read'] });
    fake.addAppToken('tok-app');
  });
  afterAll(async () => fake?.close());

  test('declares block', () => {
    expect(mastodon.interactionCapabilities.block).toBe(true);
  });

  test('blocks the author; blocking again is fine; their mentions no longer reach the Ente', async () => {
    await mention('tok-troll', '@comune prima del blocco');
    await mastodon.block!(ctx(), { authorPlatformId: troll });
    expect(fake.blocks).toEqual([{ accountId: ente, targetId: troll }]);
    await mastodon.block!(ctx(), { authorPlatformId: troll });
    expect(fake.blocks).toHaveLength(1);
    await mention('tok-troll', '@comune dopo il blocco');
    const { items } = await mastodon.poll!(ctx(), null);
    expect(items.filter((i) => i.author.platformId === troll)).toEqual([]);
  });

  test('refusals are explained in Italian and English', async () => {
    const scope = await expectConnectorError(mastodon.block!(ctx('tok-readonly'), { authorPlatformId: troll }), 'disconnected', /write:blocks/);
    expect(scope.explanation.en).toMatch(/write:blocks/);
    expect(scope.details.status).toBe(403);
    expect((await expectConnectorError(mastodon.block!(ctx('tok-app'), { authorPlatformId: troll }), 'disconnected', /token utente/)).details.status).toBe(422);
    await expectConnectorError(mastodon.block!(ctx(), { authorPlatformId: '999999999' }), 'bad_request', /non esiste più/);
    await expectConnectorError(mastodon.block!(ctx('revocato'), { authorPlatformId: troll }), 'auth_expired', /non è più valido/);
    await expectConnectorError(mastodon.block!(ctx(), { authorPlatformId: '' }), 'bad_request', /a mano/);
  });
});

describe('Telegram: banChatMember in the discussion group', () => {
  let fake: TelegramBotFake;
  const CHANNEL = -1009876543210;
  const GROUP = -1001234567890;
  const ctx = (account: Record<string, string> = { chatId: '@comune_esempio' }, token?: string) => loopbackContext('telegram', fake.url, { accessToken: token ?? fake.token, account });
  const comment = (chat = GROUP) => ({ platformId: `${chat}:77`, kind: 'comment' as const, threadRef: `${chat}:5` });

  beforeAll(async () => {
    fake = await startTelegramBotFake();
    fake.addChat({ id: CHANNEL, type: 'channel', title: 'Comune di Esempio', username: 'comune_esempio', linkedChatId: GROUP, botCanRestrict: true });
    fake.addChat({ id: GROUP, type: 'supergroup', title: 'Comune di Esempio – commenti', linkedChatId: CHANNEL, botCanRestrict: true, owner: 1, admins: [2] });
    fake.addChat({ id: -1005555, type: 'supergroup', title: 'Gruppo senza permessi', botCanRestrict: false });
    fake.addChat({ id: -1007777, type: 'channel', title: 'Canale senza gruppo', username: 'senza_gruppo', botCanRestrict: true });
    fake.addChat({ id: 5151, type: 'private' });
  });
  afterAll(async () => fake?.close());

  test('declares block', () => {
    expect(telegram.interactionCapabilities.block).toBe(true);
  });

  test('bans the author from the group their comments were written in', async () => {
    await telegram.block!(ctx(), { authorPlatformId: '5151', recent: [comment()] });
    expect(fake.bans.get(GROUP)).toEqual(new Set([5151]));
    expect(fake.received(/getChat$/)).toHaveLength(0);
    const sent = fake.received(/banChatMember$/)[0]!;
    expect(sent.json).toEqual({ chat_id: String(GROUP), user_id: 5151 });
  });

  test('without the items, bans from the discussion group linked to the channel (getChat → linked_chat_id)', async () => {
    await telegram.block!(ctx(), { authorPlatformId: '6262' });
    expect(fake.bans.get(GROUP)?.has(6262)).toBe(true);
    expect(fake.bans.get(CHANNEL)).toBeUndefined();
    await expectConnectorError(telegram.block!(ctx({ chatId: '@senza_gruppo' }), { authorPlatformId: '6262' }), 'bad_request', /non ha un gruppo di discussione/);
  });

  test('in a private chat a bot cannot block: the office is told why, and nothing is called', async () => {
    const before = fake.requests.length;
    const e = await expectConnectorError(telegram.block!(ctx(), { authorPlatformId: '5151', recent: [{ platformId: '5151:12', kind: 'message', threadRef: 'chat:5151' }] }), 'bad_request', /chat privata.*a mano/);
    expect(e.explanation.en).toMatch(/private chat/);
    expect(fake.requests.length).toBe(before);
    // The Bot API's own refusal, should a private chat id reach it.
    await expectConnectorError(telegram.block!(ctx({ chatId: '5151' }), { authorPlatformId: '5151', recent: [comment(5151)] }), 'bad_request', /chat privata/);
  });

  test('refusals of the Bot API are explained, each saying to block by hand', async () => {
    await expectConnectorError(telegram.block!(ctx(), { authorPlatformId: '7', recent: [comment(-1005555)] }), 'bad_request', /permesso di limitare i membri.*a mano/);
    await expectConnectorError(telegram.block!(ctx(), { authorPlatformId: '2' }), 'bad_request', /amministratrice del gruppo/);
    await expectConnectorError(telegram.block!(ctx(), { authorPlatformId: '1' }), 'bad_request', /amministratrice del gruppo/);
    await expectConnectorError(telegram.block!(ctx({ chatId: '@sconosciuto' }), { authorPlatformId: '8' }), 'disconnected', /a mano/);
    await expectConnectorError(telegram.block!(ctx(undefined, '1:revocato'), { authorPlatformId: '8' }), 'auth_expired', /a mano/);
    await expectConnectorError(telegram.block!({ ...ctx(), credentials: null }, { authorPlatformId: '8' }), 'disconnected', /a mano/);
    await expectConnectorError(telegram.block!(ctx(), { authorPlatformId: 'giulia' }), 'bad_request', /a mano/);
  });
});
