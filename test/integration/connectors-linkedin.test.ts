/**
 * The LinkedIn connector against a fake of the versioned REST API (test/fakes/linkedin.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { linkedinConnector as li, toLittleText } from '../../src/connectors/linkedin/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext } from '../fakes/kernel.ts';
import { LI_ERRORS, type LinkedinFake, startLinkedinFake } from '../fakes/linkedin.ts';

let fake: LinkedinFake;
const ctx = (over: { token?: string; refreshToken?: string; clientSecret?: string } = {}) =>
  loopbackContext('linkedin', fake.url, {
    accessToken: over.token ?? fake.token,
    refreshToken: over.refreshToken ?? 'AQXrefresh',
    account: { organizationId: fake.organizationId, clientId: 'client-li', clientSecret: over.clientSecret ?? 'secret-li' },
  });
const req = (text: string, extra: Partial<Parameters<typeof li.publish>[1]> = {}) => ({ idempotencyKey: `k-${text}`, text, media: [], ...extra });

beforeAll(async () => {
  fake = await startLinkedinFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.posts.length = 0;
  fake.images.clear();
  fake.requests.length = 0;
});

describe('linkedin connector', () => {
  test('publishes text as the organisation, with version headers, and takes the URN from x-restli-id', async () => {
    const res = await li.publish(ctx(), req('Bando per 3 borse di studio (scadenza 30/11) #giovani'));
    const sent = fake.received(/^POST \/rest\/posts$/)[0]!;
    expect(sent.headers['linkedin-version']).toMatch(/^\d{6}$/);
    expect(sent.headers['x-restli-protocol-version']).toBe('2.0.0');
    expect(sent.json).toMatchObject({
      author: `urn:li:organization:${fake.organizationId}`,
      commentary: 'Bando per 3 borse di studio \\(scadenza 30/11\\) {hashtag|\\#|giovani}',
      visibility: 'PUBLIC',
      lifecycleState: 'PUBLISHED',
      distribution: { feedDistribution: 'MAIN_FEED' },
    });
    expect(res.platformId).toBe(fake.posts[0]!.id);
    expect(res.url).toBe(`https://www.linkedin.com/feed/update/${fake.posts[0]!.id}/`);
  });

  test('little text escaping', () => {
    expect(toLittleText('a_b *c* @x [y] <z> ~w | {v} \\ #tag #2024')).toBe('a\\_b \\*c\\* \\@x \\[y\\] \\<z\\> \\~w \\| \\{v\\} \\\\ {hashtag|\\#|tag} {hashtag|\\#|2024}');
  });

  test('a link without media becomes an article', async () => {
    await li.publish(ctx(), req('Leggi il bando', { link: 'https://www.comune.esempio.it/bando', title: 'Bando borse di studio' }));
    expect(fake.received(/^POST \/rest\/posts$/)[0]!.json).toMatchObject({ content: { article: { source: 'https://www.comune.esempio.it/bando', title: 'Bando borse di studio' } } });
  });

  test('an image is initialised, uploaded, and attached with its alt text; several go in multiImage', async () => {
    await li.publish(ctx(), req('Una foto', { media: [fakeMedia('image')] }));
    const [urn, img] = [...fake.images.entries()][0]!;
    expect(img).toEqual({ uploaded: true, size: 2048, type: 'image/png' });
    expect(fake.received(/^POST \/rest\/posts$/)[0]!.json).toMatchObject({ content: { media: { id: urn, altText: 'Locandina della festa patronale in piazza' } } });
    expect(fake.received(/^PUT /)[0]!.headers.authorization).toBe(`Bearer ${fake.token}`);

    await li.publish(ctx(), req('Due foto', { media: [fakeMedia('image'), fakeMedia('image', { altText: 'Seconda' })] }));
    const post = fake.received(/^POST \/rest\/posts$/)[1]!.json as { content: { multiImage: { images: Array<{ altText: string }> } } };
    expect(post.content.multiImage.images.map((i) => i.altText)).toEqual(['Locandina della festa patronale in piazza', 'Seconda']);
  });

  test('too long, or a video: bad_request before any call', async () => {
    await expectConnectorError(li.publish(ctx(), req('x'.repeat(3005))), 'bad_request', /Testo troppo lungo per LinkedIn: accorcia di 5 caratteri/);
    await expectConnectorError(li.publish(ctx(), req('v', { media: [fakeMedia('video')] })), 'bad_request', /video/);
    expect(fake.requests).toHaveLength(0);
  });

  test('identity reads the organisation', async () => {
    expect(await li.identity(ctx())).toEqual({ id: `urn:li:organization:${fake.organizationId}`, handle: 'comune-di-esempio', name: 'Comune di Esempio', url: 'https://www.linkedin.com/company/comune-di-esempio/' });
  });

  test('delete removes the post; a post already gone is fine', async () => {
    const { platformId } = await li.publish(ctx(), req('Da togliere'));
    await li.delete(ctx(), platformId);
    expect(fake.posts).toHaveLength(0);
    expect(fake.received(/^DELETE /)[0]!.path).toBe(`/rest/posts/${encodeURIComponent(platformId)}`);
    await li.delete(ctx(), platformId);
  });

  test('accepted then dropped: unknown outcome, lookup (FINDER by author) finds it, no duplicate', async () => {
    const since = new Date(Date.now() - 1000);
    fake.failNext(/^POST \/rest\/posts$/, { drop: 'after' });
    await expectConnectorError(li.publish(ctx(), req('Chiusura strade (maratona) #sport')), 'unknown_outcome');
    const found = await li.lookup(ctx(), { idempotencyKey: 'k', text: 'Chiusura strade (maratona) #sport', since });
    expect(found?.platformId).toBe(fake.posts[0]!.id);
    expect(fake.posts).toHaveLength(1);
    expect(await li.lookup(ctx(), { idempotencyKey: 'k', text: 'altro', since })).toBeNull();
  });

  test('LinkedIn says duplicate: already published when lookup sees it, else bad_request', async () => {
    const first = await li.publish(ctx(), req('Stesso testo'));
    const again = await li.publish(ctx(), req('Stesso testo'));
    expect(again.platformId).toBe(first.platformId);
    expect(fake.posts).toHaveLength(1);
    fake.failNext(/^POST \/rest\/posts$/, { status: 422, body: { status: 422, code: 'DUPLICATE_POST', message: 'Content is a duplicate of urn:li:share:1' } });
    await expectConnectorError(li.publish(ctx(), req('Mai visto')), 'bad_request', /duplicate/);
  });

  test('an upload failure happens before the post: transient, nothing published', async () => {
    fake.failNext(/^PUT /, { drop: 'after' });
    await expectConnectorError(li.publish(ctx(), req('Foto', { media: [fakeMedia('image')] })), 'transient');
    expect(fake.posts).toHaveLength(0);
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp, number?]> = [
    ['401 expired', LI_ERRORS.expiredToken, 'auth_expired', /scaduto o revocato/],
    ['429 without Retry-After: until midnight UTC', LI_ERRORS.rateLimit, 'rate_limited', /limite giornaliero/],
    ['429 with Retry-After', LI_ERRORS.rateLimitRetryAfter, 'rate_limited', /tra 2 minuti/, 120_000],
    ['403 access denied', LI_ERRORS.forbidden, 'disconnected', /amministratore/],
    ['422 invalid', LI_ERRORS.invalid, 'bad_request', /LinkedIn ha rifiutato il post/],
    ['500 after accept', LI_ERRORS.serverError, 'unknown_outcome', /verifico/],
    ['503 before accept', LI_ERRORS.unavailable, 'transient', /riprovo/],
  ];
  test.each(cases)('publish error: %s', async (_n, failure, kind, it, retry) => {
    fake.failNext(/^POST \/rest\/posts$/, failure);
    const e = await expectConnectorError(li.publish(ctx(), req('Avviso')), kind, it);
    if (retry) expect(e.details.retryAfterMs).toBe(retry);
    if (kind === 'rate_limited' && !retry) expect(e.details.retryAfterMs).toBeGreaterThan(0);
  });

  test('refresh exchanges the refresh token for a new access token that works', async () => {
    const old = fake.token;
    await expectConnectorError(li.identity(ctx({ token: 'stale' })), 'auth_expired');
    const creds = await li.refresh!(ctx({ token: 'stale' }));
    expect(creds.accessToken).not.toBe(old);
    expect(creds.accessToken).toBe(fake.token);
    expect(creds.refreshToken).toBe('AQXrefresh');
    expect(Date.parse(creds.expiresAt!)).toBeGreaterThan(Date.now());
    expect((await li.identity({ ...ctx(), credentials: creds })).name).toBe('Comune di Esempio');
  });

  test('refresh with a revoked refresh token, or without app credentials, is auth_expired', async () => {
    await expectConnectorError(li.refresh!(ctx({ refreshToken: 'revoked' })), 'auth_expired', /ricollega il canale/);
    await expectConnectorError(li.refresh!(ctx({ clientSecret: '' })), 'auth_expired');
  });
});
