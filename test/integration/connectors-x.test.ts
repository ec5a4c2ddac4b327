/**
 * The X connector against a fake of X API v2 (test/fakes/x.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { weightedLength, xConnector as x } from '../../src/connectors/x/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext } from '../fakes/kernel.ts';
import { startXFake, X_ERRORS, type XFake } from '../fakes/x.ts';

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
