/**
 * The Facebook Page connector against a fake Graph API that follows the documented shapes
 * (test/fakes/facebook.ts). No database, no network beyond loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { facebookPageConnector as fb } from '../../src/connectors/facebook_page/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext, refusedUrl } from '../fakes/kernel.ts';
import { type FacebookFake, GRAPH_ERRORS, startFacebookFake } from '../fakes/facebook.ts';
import type { IncomingItem } from '../../src/connectors/interactions.ts';

let fake: FacebookFake;
const ctx = (over: { token?: string; timeoutMs?: number; apiBase?: string } = {}) =>
  loopbackContext('facebook_page', over.apiBase ?? fake.url, { accessToken: over.token ?? fake.token, account: { pageId: fake.pageId } }, over.timeoutMs);
const req = (text: string, extra: Partial<Parameters<typeof fb.publish>[1]> = {}) => ({ idempotencyKey: `k-${text}`, text, media: [], ...extra });

beforeAll(async () => {
  fake = await startFacebookFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.posts.length = 0;
  fake.requests.length = 0;
  fake.comments.clear();
  fake.messages.length = 0;
});

describe('facebook_page connector', () => {
  test('publishes text with a link to the Page feed, with the Page token as bearer', async () => {
    const res = await fb.publish(ctx(), req('Domani chiusura uffici anagrafe', { link: 'https://www.comune.esempio.it/avvisi/1' }));
    expect(fake.posts).toHaveLength(1);
    expect(res.platformId).toBe(fake.posts[0]!.id);
    expect(res.url).toContain(fake.posts[0]!.id);
    const sent = fake.received(/^POST \/v21\.0\/\d+\/feed$/)[0]!;
    expect(sent.json).toEqual({ message: 'Domani chiusura uffici anagrafe', link: 'https://www.comune.esempio.it/avvisi/1' });
    expect(sent.headers.authorization).toBe(`Bearer ${fake.token}`);
    expect(sent.query.get('access_token')).toBeNull(); // the token stays out of URLs
  });

  test('publishes one image as a photo post with the text as caption (alt text cannot be set: not sent)', async () => {
    const image = fakeMedia('image');
    const res = await fb.publish(ctx(), req('Festa patronale', { media: [image] }));
    const sent = fake.received(/\/photos$/)[0]!;
    expect(sent.form?.get('caption')).toBe('Festa patronale');
    expect(sent.form?.get('source')).toMatchObject({ filename: 'locandina.png', type: 'image/png', size: 2048 });
    expect([...(sent.form?.keys() ?? [])]).not.toContain('alt_text');
    expect(fb.capabilities.altText).toBe(false);
    expect(res.platformId).toBe(fake.posts[0]!.id);
    expect(fake.posts[0]!.photoIds).toHaveLength(1);
  });

  test('publishes several images as unpublished photos attached to one feed post', async () => {
    await fb.publish(ctx(), req('Tre foto del mercato', { media: [fakeMedia('image'), fakeMedia('image'), fakeMedia('image')] }));
    expect(fake.received(/\/photos$/).map((r) => r.form?.get('published'))).toEqual(['false', 'false', 'false']);
    expect(fake.posts).toHaveLength(1);
    expect(fake.posts[0]!.photoIds).toHaveLength(3);
  });

  test('refuses a video and a message over the limit before any call', async () => {
    await expectConnectorError(fb.publish(ctx(), req('Video', { media: [fakeMedia('video')] })), 'bad_request', /video/);
    const e = await expectConnectorError(fb.publish(ctx(), req('a'.repeat(63_210))), 'bad_request', /accorcia di 4 caratteri/);
    expect(e.details.platformCode).toBe('too_long');
    expect(fake.requests).toHaveLength(0);
  });

  test('identity reads id, name and link of the Page', async () => {
    expect(await fb.identity(ctx())).toEqual({ id: fake.pageId, handle: fake.pageId, name: 'Comune di Esempio', url: 'https://www.facebook.com/comune.esempio' });
    expect(fake.requests[0]!.query.get('fields')).toBe('id,name,link');
  });

  test('delete removes the post; deleting one already gone is not an error', async () => {
    const { platformId } = await fb.publish(ctx(), req('Da cancellare'));
    await fb.delete(ctx(), platformId);
    expect(fake.posts).toHaveLength(0);
    await fb.delete(ctx(), platformId);
  });

  test('accepted then connection dropped: unknown outcome, lookup finds the post, no duplicate', async () => {
    const since = new Date(Date.now() - 1000);
    fake.failNext(/^POST .*\/feed$/, { drop: 'after' });
    await expectConnectorError(fb.publish(ctx(), req('Allerta meteo arancione')), 'unknown_outcome', /verifico/);
    expect(fake.posts).toHaveLength(1);
    const found = await fb.lookup(ctx(), { idempotencyKey: 'k', text: 'Allerta meteo arancione', since });
    expect(found?.platformId).toBe(fake.posts[0]!.id);
    expect(found?.url).toContain('/posts/');
    expect(Math.abs(found!.publishedAt.getTime() - fake.posts[0]!.created.getTime())).toBeLessThan(1000);
    expect(fake.posts).toHaveLength(1);
  });

  test('dropped before taking effect: unknown outcome, lookup answers null', async () => {
    const since = new Date(Date.now() - 1000);
    fake.failNext(/^POST .*\/feed$/, { drop: 'before' });
    await expectConnectorError(fb.publish(ctx(), req('Nulla è uscito')), 'unknown_outcome');
    expect(await fb.lookup(ctx(), { idempotencyKey: 'k', text: 'Nulla è uscito', since })).toBeNull();
  });

  test('a reply slower than the timeout is an unknown outcome', async () => {
    fake.failNext(/^POST .*\/feed$/, { delayMs: 1500 });
    await expectConnectorError(fb.publish(ctx({ timeoutMs: 300 }), req('Lento')), 'unknown_outcome', /tempo scaduto/);
  });

  test('connection refused is transient', async () => {
    await expectConnectorError(fb.publish(ctx({ apiBase: await refusedUrl() }), req('x')), 'transient', /non è raggiungibile/);
  });

  test('a wrong token is refused by the fake and surfaces as auth_expired', async () => {
    await expectConnectorError(fb.identity(ctx({ token: 'wrong' })), 'auth_expired');
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp, number?]> = [
    ['expired token 190/463', GRAPH_ERRORS.expiredToken, 'auth_expired', /token della Pagina è scaduto: ricollega il canale dalla scheda Canali/],
    ['revoked token 190/458', GRAPH_ERRORS.revokedToken, 'auth_expired', /non è più valido/],
    ['app rate limit 4', GRAPH_ERRORS.appRateLimit, 'rate_limited', /tra circa 60 minuti/, 60 * 60_000],
    ['page rate limit 32 with BUC header', GRAPH_ERRORS.pageRateLimit, 'rate_limited', /tra circa 7 minuti/, 7 * 60_000],
    ['user rate limit 17', GRAPH_ERRORS.userRateLimit, 'rate_limited', /limitato/],
    ['invalid parameter 100', GRAPH_ERRORS.invalidParameter, 'bad_request', /Il link non è valido/],
    ['blocked 368', GRAPH_ERRORS.blocked, 'bad_request', /bloccato temporaneamente/],
    ['permission 200', GRAPH_ERRORS.permission, 'disconnected', /permesso/],
    ['bad image 324', GRAPH_ERRORS.badImage, 'media_rejected', /file multimediale/],
    ['unknown 1 on the publishing call', GRAPH_ERRORS.unknown, 'unknown_outcome', /verifico/],
    ['service 2 on the publishing call', GRAPH_ERRORS.service, 'unknown_outcome', /verifico/],
    ['bare 500', GRAPH_ERRORS.serverError, 'unknown_outcome', /verifico/],
    ['502 before accept', { status: 502, body: 'Bad Gateway' }, 'transient', /riprovo/],
  ];
  test.each(cases)('publish error: %s', async (_name, failure, kind, it, retry) => {
    fake.failNext(/^POST .*\/feed$/, failure);
    const e = await expectConnectorError(fb.publish(ctx(), req('Avviso')), kind, it);
    if (retry !== undefined) expect(e.details.retryAfterMs).toBe(retry);
    expect(fake.posts).toHaveLength(0);
  });

  test('Graph code 2 on a read is transient, not an unknown outcome', async () => {
    fake.failNext(/^GET /, GRAPH_ERRORS.service);
    await expectConnectorError(fb.identity(ctx()), 'transient');
  });

  test('a photo refused while uploading unpublished photos is media_rejected and nothing is posted', async () => {
    fake.failNext(/\/photos$/, GRAPH_ERRORS.badImage);
    await expectConnectorError(fb.publish(ctx(), req('Due foto', { media: [fakeMedia('image'), fakeMedia('image')] })), 'media_rejected');
    expect(fake.posts).toHaveLength(0);
  });

  test('no credentials: disconnected, no call', async () => {
    const c = { ...ctx(), credentials: null };
    await expectConnectorError(fb.publish(c, req('x')), 'disconnected', /collega il canale/);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('facebook_page connector: community inbox interactions', () => {
  const comment = (c: { id: string; postId: string; parentId: string | null }): IncomingItem => ({
    platformId: c.id,
    kind: 'comment',
    threadRef: c.postId,
    parentRef: c.parentId,
    author: { platformId: 'cittadino1', name: 'Cittadino' },
    text: 'Quando riapre la biblioteca?',
    receivedAt: new Date(),
  });
  const message = (psid: string, receivedAt = new Date()): IncomingItem => ({
    platformId: 'm_citizen1',
    kind: 'message',
    threadRef: `conv:${psid}`,
    author: { platformId: psid, name: 'Maria Rossi' },
    text: 'Buongiorno, come pago la TARI?',
    receivedAt,
  });
  const reply = (inReplyTo: IncomingItem, text = 'La biblioteca riapre lunedì alle 9.') => fb.reply(ctx(), { inReplyTo, text, idempotencyKey: 'r-1' });

  test('declares what it can do: reply, hide, unhide, delete, block; no polling (webhooks)', () => {
    expect(fb.interactionCapabilities).toEqual({ reply: true, hide: true, unhide: true, delete: true, poll: false, block: true });
  });

  test('blocks a person from the Page with POST /{page-id}/blocked (user); without the Page id it asks to reconnect', async () => {
    await fb.block!(ctx(), { authorPlatformId: '6543210987' });
    expect(fake.received(/^POST \/v21\.0\/\d+\/blocked$/)[0]).toMatchObject({ path: `/v21.0/${fake.pageId}/blocked`, json: { user: '6543210987' } });
    expect(fake.blocked.has('6543210987')).toBe(true);
    const noPage = loopbackContext('facebook_page', fake.url, { accessToken: fake.token, account: {} });
    await expectConnectorError(fb.block!(noPage, { authorPlatformId: '1' }), 'disconnected', /ricollega/);
  });

  test('replies to a comment with POST /{comment-id}/comments as the Page', async () => {
    const c = fake.addComment(`${fake.pageId}_1`, 'Quando riapre la biblioteca?');
    const res = await reply(comment(c));
    const sent = fake.received(/^POST \/v21\.0\/[^/]+\/comments$/)[0]!;
    expect(sent.path).toBe(`/v21.0/${c.id}/comments`);
    expect(sent.json).toEqual({ message: 'La biblioteca riapre lunedì alle 9.' });
    expect(sent.headers.authorization).toBe(`Bearer ${fake.token}`);
    const created = fake.comments.get(res.platformId)!;
    expect(created).toMatchObject({ parentId: c.id, message: 'La biblioteca riapre lunedì alle 9.', from: { id: fake.pageId } });
  });

  test('replies to a Messenger conversation through the Send API (RESPONSE, within 24 hours)', async () => {
    fake.personWrote('6254518274631891');
    const res = await reply(message('6254518274631891'), 'Può pagare con PagoPA dal sito del Comune.');
    const sent = fake.received(/^POST \/v21\.0\/\d+\/messages$/)[0]!;
    expect(sent.path).toBe(`/v21.0/${fake.pageId}/messages`);
    expect(sent.json).toEqual({ recipient: { id: '6254518274631891' }, messaging_type: 'RESPONSE', message: { text: 'Può pagare con PagoPA dal sito del Comune.' } });
    expect(fake.messages).toEqual([{ id: res.platformId, recipient: '6254518274631891', messagingType: 'RESPONSE', text: 'Può pagare con PagoPA dal sito del Comune.' }]);
  });

  test('Messenger refuses outside the 24-hour window, and for a person who never wrote: clear explanations', async () => {
    fake.personWrote('111', new Date(Date.now() - 25 * 3600 * 1000));
    const late = await expectConnectorError(reply(message('111')), 'bad_request', /più di 24 ore/);
    expect(late.details.platformCode).toBe('10/2018278');
    await expectConnectorError(reply(message('222')), 'bad_request', /non è raggiungibile/);
    expect(fake.messages).toHaveLength(0);
  });

  test('a Messenger reply over 2,000 characters is refused before any call', async () => {
    await expectConnectorError(reply(message('333'), 'a'.repeat(2001)), 'bad_request', /accorcia di 1 caratteri/);
    expect(fake.requests).toHaveLength(0);
  });

  test('hide and unhide set is_hidden on the comment; delete removes it, and deleting it again is not an error', async () => {
    const c = fake.addComment(`${fake.pageId}_2`, 'Commento offensivo');
    const item = { platformId: c.id, kind: 'comment' as const, threadRef: c.postId };
    await fb.moderate(ctx(), { item, action: 'hide' });
    expect(fake.comments.get(c.id)!.hidden).toBe(true);
    expect(fake.received(/^POST /).at(-1)!.json).toEqual({ is_hidden: true });
    await fb.moderate(ctx(), { item, action: 'unhide' });
    expect(fake.comments.get(c.id)!.hidden).toBe(false);
    await fb.moderate(ctx(), { item, action: 'delete' });
    expect(fake.comments.has(c.id)).toBe(false);
    await fb.moderate(ctx(), { item, action: 'delete' });
    await expectConnectorError(fb.moderate(ctx(), { item, action: 'hide' }), 'bad_request', /non esist/);
  });

  test('a private message cannot be hidden: bad_request, no call', async () => {
    await expectConnectorError(fb.moderate(ctx(), { item: { platformId: 'm_1', kind: 'message', threadRef: 'conv:1' }, action: 'hide' }), 'bad_request', /Messenger/);
    expect(fake.requests).toHaveLength(0);
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp, number?]> = [
    ['expired token 190/463', GRAPH_ERRORS.expiredToken, 'auth_expired', /scaduto: ricollega il canale/],
    ['permission 200', GRAPH_ERRORS.permission, 'disconnected', /necessario per rispondere e moderare/],
    ['page rate limit 32 with BUC header', GRAPH_ERRORS.pageRateLimit, 'rate_limited', /riprova tra circa 7 minuti/, 7 * 60_000],
    ['app rate limit 4', GRAPH_ERRORS.appRateLimit, 'rate_limited', /riprova tra circa 60 minuti/, 60 * 60_000],
    ['blocked 368', GRAPH_ERRORS.blocked, 'bad_request', /bloccato temporaneamente questa azione/],
    ['bare 500 on a reply: maybe posted', GRAPH_ERRORS.serverError, 'unknown_outcome', /controlla sulla piattaforma prima di riprovare/],
  ];
  test.each(cases)('reply error: %s', async (_name, failure, kind, it, retry) => {
    const c = fake.addComment(`${fake.pageId}_3`, 'Domanda');
    fake.failNext(/^POST .*\/comments$/, failure);
    const e = await expectConnectorError(reply(comment(c)), kind, it);
    if (retry !== undefined) expect(e.details.retryAfterMs).toBe(retry);
  });

  test('hide errors map the same way (permission missing → disconnected)', async () => {
    const c = fake.addComment(`${fake.pageId}_4`, 'x');
    fake.failNext(/^POST /, GRAPH_ERRORS.permission);
    await expectConnectorError(fb.moderate(ctx(), { item: { platformId: c.id, kind: 'comment', threadRef: c.postId }, action: 'hide' }), 'disconnected', /permesso/);
    expect(fake.comments.get(c.id)!.hidden).toBe(false);
  });

  test('reply accepted then connection dropped: unknown outcome, the office is told to check before replying again', async () => {
    const c = fake.addComment(`${fake.pageId}_5`, 'Domanda');
    fake.failNext(/^POST .*\/comments$/, { drop: 'after' });
    await expectConnectorError(reply(comment(c)), 'unknown_outcome', /per non rispondere due volte/);
    expect([...fake.comments.values()].filter((k) => k.parentId === c.id)).toHaveLength(1);
  });
});
