/**
 * The X connector against a fake of X API v2 (test/fakes/x.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { weightedLength, xConnector as x } from '../../src/connectors/x/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext } from '../fakes/kernel.ts';
import { startXFake, X_ERRORS, type XFake } from '../fakes/x.ts';
import type { IncomingItem } from '../../src/connectors/interactions.ts';

let fake: XFake;
let refreshToken = 'xRefresh1';
const ctx = (over: { token?: string } = {}) => loopbackContext('x', fake.url, { accessToken: over.token ?? fake.token, refreshToken, account: { clientId: 'x-client' } });
const req = (text: string, extra: Partial<Parameters<typeof x.publish>[1]> = {}) => ({ idempotencyKey: `k-${text}`, text, media: [], ...extra });

beforeAll(async () => {
  fake = await startXFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.tweets.length = 0;
  fake.media.clear();
  fake.requests.length = 0;
  fake.mentions.length = 0;
});

describe('x connector', () => {
  test('publishes text (link appended) with the user token', async () => {
    const res = await x.publish(ctx(), req('Lavori in via Roma', { link: 'https://www.comune.esempio.it/lavori' }));
    expect(fake.tweets[0]!.text).toBe('Lavori in via Roma https://www.comune.esempio.it/lavori');
    expect(res).toMatchObject({ platformId: fake.tweets[0]!.id, url: `https://x.com/i/web/status/${fake.tweets[0]!.id}` });
    expect(fake.requests[0]!.headers.authorization).toBe(`Bearer ${fake.token}`);
  });

  test('uploads images with v2 media upload, sets alt text, attaches media_ids', async () => {
    await x.publish(ctx(), req('Foto', { media: [fakeMedia('image'), fakeMedia('image', { altText: null })] }));
    const ids = fake.tweets[0]!.mediaIds;
    expect(ids).toHaveLength(2);
    expect(fake.media.get(ids[0]!)).toMatchObject({ altText: 'Locandina della festa patronale in piazza', type: 'image/png' });
    expect(fake.media.get(ids[1]!)?.altText).toBeUndefined();
    expect(fake.received(/metadata$/)).toHaveLength(1);
  });

  test('weighted length: too long says by how much, before any call', async () => {
    expect(weightedLength('àèìòù')).toBe(5);
    expect(weightedLength('日本')).toBe(4);
    expect(weightedLength('vedi https://example.org/a/very/long/path/that/is/long')).toBe(5 + 23);
    await expectConnectorError(x.publish(ctx(), req('a'.repeat(290))), 'bad_request', /Testo troppo lungo per X: accorcia di 10 caratteri/);
    await expectConnectorError(x.publish(ctx(), req('v', { media: [fakeMedia('video')] })), 'bad_request', /video/);
    expect(fake.requests).toHaveLength(0);
  });

  test('identity is /2/users/me', async () => {
    expect(await x.identity(ctx())).toEqual({ id: fake.userId, handle: 'ComuneEsempio', name: 'Comune di Esempio', url: 'https://x.com/ComuneEsempio' });
  });

  test('delete; a post already gone is fine', async () => {
    const { platformId } = await x.publish(ctx(), req('Via'));
    await x.delete(ctx(), platformId);
    expect(fake.tweets).toHaveLength(0);
    await x.delete(ctx(), platformId);
  });

  test('accepted then dropped: unknown outcome; lookup matches despite t.co links and &amp;; no duplicate', async () => {
    const since = new Date(Date.now() - 1000);
    const text = 'Raccolta R&D <rifiuti> https://www.comune.esempio.it/rifiuti';
    fake.failNext(/^POST \/2\/tweets$/, { drop: 'after' });
    await expectConnectorError(x.publish(ctx(), req(text)), 'unknown_outcome');
    const found = await x.lookup(ctx(), { idempotencyKey: 'k', text, since });
    expect(found?.platformId).toBe(fake.tweets[0]!.id);
    expect(fake.tweets).toHaveLength(1);
    expect(await x.lookup(ctx(), { idempotencyKey: 'k', text: 'altro', since })).toBeNull();
  });

  test('403 duplicate: already published when the timeline shows it, else bad_request', async () => {
    const first = await x.publish(ctx(), req('Stesso avviso'));
    const again = await x.publish(ctx(), req('Stesso avviso'));
    expect(again.platformId).toBe(first.platformId);
    expect(fake.tweets).toHaveLength(1);
    fake.failNext(/^POST \/2\/tweets$/, { status: 403, body: { title: 'Forbidden', detail: 'You are not allowed to create a Tweet with duplicate content.', type: 'about:blank', status: 403 } });
    await expectConnectorError(x.publish(ctx(), req('Testo nuovo')), 'bad_request', /identico/);
  });

  test('429 with x-rate-limit-reset: rate_limited until the reset', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    fake.failNext(/^POST \/2\/tweets$/, X_ERRORS.rateLimit(reset));
    const e = await expectConnectorError(x.publish(ctx(), req('Avviso')), 'rate_limited', /rimanenti: 0/);
    expect(e.details.retryAfterMs).toBeGreaterThan(590_000);
    expect(e.details.retryAfterMs).toBeLessThanOrEqual(600_000);
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp]> = [
    ['401', X_ERRORS.unauthorized, 'auth_expired', /token di X è scaduto/],
    ['403 not permitted', X_ERRORS.forbidden, 'disconnected', /nega il permesso/],
    ['400 invalid', X_ERRORS.invalid, 'bad_request', /X ha rifiutato il post/],
    ['500 after accept', X_ERRORS.serverError, 'unknown_outcome', /verifico/],
    ['503', X_ERRORS.unavailable, 'transient', /riprovo/],
    ['slow reply past the timeout', { delayMs: 2500 }, 'unknown_outcome', /tempo scaduto/],
  ];
  test.each(cases)('publish error: %s', async (_n, failure, kind, it) => {
    fake.failNext(/^POST \/2\/tweets$/, failure);
    await expectConnectorError(x.publish(ctx(), req('Avviso')), kind, it);
  });

  test('a media upload failure is before the post: nothing is published', async () => {
    fake.failNext(/media\/upload$/, { drop: 'after' });
    await expectConnectorError(x.publish(ctx(), req('F', { media: [fakeMedia('image')] })), 'transient');
    await expectConnectorError(x.publish(ctx(), req('G', { media: [fakeMedia('image', { mime: 'image/tiff' })] })), 'media_rejected', /immagine/);
    expect(fake.tweets).toHaveLength(0);
  });

  test('401 then refresh: new tokens (rotated), and the old refresh token no longer works', async () => {
    await expectConnectorError(x.identity(ctx({ token: 'old' })), 'auth_expired');
    const creds = await x.refresh!(ctx({ token: 'old' }));
    expect(creds.accessToken).toBe(fake.token);
    expect(creds.refreshToken).not.toBe(refreshToken);
    expect((await x.identity({ ...ctx(), credentials: creds })).id).toBe(fake.userId);
    await expectConnectorError(x.refresh!(ctx()), 'auth_expired', /ricollega il canale/);
    refreshToken = creds.refreshToken!;
  });
});

describe('x connector: community inbox interactions', () => {
  const asItem = (m: { id: string; conversationId: string; text: string; authorId: string }): IncomingItem => ({
    platformId: m.id,
    kind: 'comment',
    threadRef: m.conversationId,
    author: { platformId: m.authorId, name: 'Cittadino' },
    text: m.text,
    receivedAt: new Date(),
  });

  test('declares reply, hide, unhide and polling; no delete of other people’s posts', async () => {
    expect(x.interactionCapabilities).toEqual({ reply: true, hide: true, unhide: true, delete: false, poll: true, block: false });
    expect('block' in x).toBe(false); // block and unblock are Enterprise-only on X API v2
    await expectConnectorError(x.moderate(ctx(), { item: { platformId: '1', kind: 'comment', threadRef: '1' }, action: 'delete' }), 'bad_request', /nascondi/);
    expect(fake.requests).toHaveLength(0);
  });

  test('replies with POST /2/tweets and reply.in_reply_to_tweet_id', async () => {
    const m = fake.addMention('@ComuneEsempio quando apre lo sportello?');
    const res = await x.reply(ctx(), { inReplyTo: asItem(m), text: 'Dal lunedì al venerdì, 9–12.', idempotencyKey: 'k' });
    expect(fake.requests.at(-1)!.json).toEqual({ text: 'Dal lunedì al venerdì, 9–12.', reply: { in_reply_to_tweet_id: m.id } });
    expect(fake.tweets.find((t) => t.id === res.platformId)).toMatchObject({ inReplyTo: m.id });
    expect(res.url).toBe(`https://x.com/i/web/status/${res.platformId}`);
  });

  test('a reply over 280 weighted characters is refused before any call; a limited conversation is explained', async () => {
    const m = fake.addMention('@ComuneEsempio domanda', { repliesLimited: true });
    await expectConnectorError(x.reply(ctx(), { inReplyTo: asItem(m), text: 'a'.repeat(281), idempotencyKey: 'k' }), 'bad_request', /accorcia di 1 caratteri/);
    expect(fake.requests).toHaveLength(0);
    await expectConnectorError(x.reply(ctx(), { inReplyTo: asItem(m), text: 'Risposta', idempotencyKey: 'k' }), 'bad_request', /limitato chi può rispondere/);
  });

  test('hides and unhides a reply in a conversation the account started; elsewhere X refuses and the office is told', async () => {
    const own = await x.publish(ctx(), req('Chiusura strade per la maratona'));
    const r = fake.addMention('@ComuneEsempio insulto', { inReplyTo: own.platformId });
    const item = { platformId: r.id, kind: 'comment' as const, threadRef: own.platformId };
    await x.moderate(ctx(), { item, action: 'hide' });
    expect(r.hidden).toBe(true);
    expect(fake.received(/^PUT /)[0]!.json).toEqual({ hidden: true });
    await x.moderate(ctx(), { item, action: 'unhide' });
    expect(r.hidden).toBe(false);
    const elsewhere = fake.addMention('@ComuneEsempio altrove');
    await expectConnectorError(x.moderate(ctx(), { item: { platformId: elsewhere.id, kind: 'comment', threadRef: elsewhere.id }, action: 'hide' }), 'bad_request', /conversazioni avviate/);
  });

  test('polls mentions: first from the latest page, then only newer than the cursor (newest id), across pages', async () => {
    const own = await x.publish(ctx(), req('Avviso raccolta rifiuti'));
    const a = fake.addMention('@ComuneEsempio prima domanda', { username: 'anna', name: 'Anna Verdi' });
    const b = fake.addMention('@ComuneEsempio risposta al post', { inReplyTo: own.platformId, username: 'bruno', name: 'Bruno Neri' });
    const first = await x.poll(ctx(), null);
    expect(first.items.map((i) => i.platformId)).toEqual([b.id, a.id]);
    expect(first.cursor).toBe(b.id);
    expect(first.items[0]).toMatchObject({ kind: 'comment', threadRef: own.platformId, parentRef: null, author: { platformId: b.authorId, name: 'Bruno Neri', handle: 'bruno' }, text: '@ComuneEsempio risposta al post' });
    const q = fake.received(/mentions$/)[0]!.query;
    expect(q.get('expansions')).toBe('author_id');
    expect(q.get('since_id')).toBeNull();
    expect((await x.poll(ctx(), first.cursor)).items).toEqual([]);
    const newer = Array.from({ length: 120 }, (_, i) => fake.addMention(`@ComuneEsempio messaggio ${i}`));
    const second = await x.poll(ctx(), first.cursor);
    expect(second.items).toHaveLength(120);
    expect(second.cursor).toBe(newer.at(-1)!.id);
    expect(fake.received(/mentions$/).at(-1)!.query.get('pagination_token')).toBe('100');
    expect(fake.received(/mentions$/).at(-1)!.query.get('since_id')).toBe(first.cursor);
  });

  test('a rate-limited poll says when to retry (x-rate-limit-reset)', async () => {
    const reset = Math.floor(Date.now() / 1000) + 600;
    fake.failNext(/mentions$/, X_ERRORS.rateLimit(reset));
    const e = await expectConnectorError(x.poll(ctx(), null), 'rate_limited', /riprovo tra 1\d minuti/);
    expect(e.details.retryAfterMs).toBeGreaterThan(500_000);
  });

  test('a channel not connected yet polls nothing, without calls or errors', async () => {
    expect(await x.poll({ ...ctx(), credentials: null }, 'cursore')).toEqual({ items: [], cursor: 'cursore' });
    expect(fake.requests).toHaveLength(0);
  });
});
