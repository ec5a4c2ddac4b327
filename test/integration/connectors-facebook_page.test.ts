/**
 * The Facebook Page connector against a fake Graph API that follows the documented shapes
 * (test/fakes/facebook.ts). No database, no network beyond loopback.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { facebookPageConnector as fb } from '../../src/connectors/facebook_page/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext, refusedUrl } from '../fakes/kernel.ts';
import { type FacebookFake, GRAPH_ERRORS, startFacebookFake } from '../fakes/facebook.ts';

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
