/**
 * The LinkedIn connector against a fake of the versioned REST API (test/fakes/linkedin.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { linkedinConnector as li, toLittleText } from '../../src/connectors/linkedin/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext } from '../fakes/kernel.ts';
import { LI_ERRORS, type LinkedinFake, startLinkedinFake } from '../fakes/linkedin.ts';
import type { IncomingItem } from '../../src/connectors/interactions.ts';
import { parseCommentUrn } from '../../src/connectors/linkedin/interactions.ts';

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
  fake.comments.length = 0;
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

describe('linkedin connector: community inbox interactions', () => {
  const asItem = (c: { urn: string; object: string; parentComment: string | null; text: string; actor: string }): IncomingItem => ({
    platformId: c.urn,
    kind: 'comment',
    threadRef: c.object,
    parentRef: c.parentComment,
    author: { platformId: c.actor, name: 'Membro LinkedIn' },
    text: c.text,
    receivedAt: new Date(),
  });
  const org = () => `urn:li:organization:${fake.organizationId}`;

  test('declares reply, delete and polling; hiding and blocking are not offered by LinkedIn', async () => {
    expect(li.interactionCapabilities).toEqual({ reply: true, hide: false, unhide: false, delete: true, poll: true, block: false });
    expect('block' in li).toBe(false);
    await expectConnectorError(li.moderate(ctx(), { item: { platformId: 'urn:li:comment:(urn:li:share:1,2)', kind: 'comment', threadRef: 'urn:li:share:1' }, action: 'hide' }), 'bad_request', /nascondere/);
    expect(fake.requests).toHaveLength(0);
  });

  test('parses composite comment URNs', () => {
    expect(parseCommentUrn('urn:li:comment:(urn:li:activity:6630000000000000000,6640000000000000000)')).toEqual({ object: 'urn:li:activity:6630000000000000000', id: '6640000000000000000' });
    expect(parseCommentUrn('urn:li:share:1')).toBeNull();
  });

  test('replies as the organisation with parentComment; a reply to a reply goes to its top-level comment', async () => {
    const { platformId: post } = await li.publish(ctx(), req('Bando per le associazioni sportive'));
    const top = fake.addComment(post, 'Qual è la scadenza?');
    const res = await li.reply(ctx(), { inReplyTo: asItem(top), text: 'Il 30 novembre alle 12.', idempotencyKey: 'k' });
    const sent = fake.received(/^POST \/rest\/socialActions\//)[0]!;
    expect(decodeURIComponent(sent.path)).toBe(`/rest/socialActions/${top.urn}/comments`);
    expect(sent.json).toEqual({ actor: org(), object: post, message: { text: 'Il 30 novembre alle 12.' }, parentComment: top.urn });
    const created = fake.comments.find((c) => c.urn === res.platformId)!;
    expect(created).toMatchObject({ actor: org(), parentComment: top.urn, text: 'Il 30 novembre alle 12.' });
    expect(res.url).toContain(encodeURIComponent(res.platformId));
    const nested = fake.addComment(post, 'E si può consegnare a mano?', { parentComment: top.urn });
    await li.reply(ctx(), { inReplyTo: asItem(nested), text: 'Sì, all’URP.', idempotencyKey: 'k2' });
    expect((fake.received(/^POST \/rest\/socialActions\//)[1]!.json as { parentComment: string }).parentComment).toBe(top.urn);
  });

  test('deletes a comment as the organisation; deleting it again is fine', async () => {
    const { platformId: post } = await li.publish(ctx(), req('Avviso viabilità'));
    const c = fake.addComment(post, 'Spam spam spam');
    await li.moderate(ctx(), { item: { platformId: c.urn, kind: 'comment', threadRef: post }, action: 'delete' });
    expect(fake.comments).toHaveLength(0);
    const del = fake.received(/^DELETE /)[0]!;
    expect(decodeURIComponent(del.path)).toBe(`/rest/socialActions/${post}/comments/${c.id}`);
    expect(del.query.get('actor')).toBe(org());
    await li.moderate(ctx(), { item: { platformId: c.urn, kind: 'comment', threadRef: post }, action: 'delete' });
  });

  test('polls the comments (and replies) of the organisation’s recent posts, newer than the cursor, without its own', async () => {
    const { platformId: p1 } = await li.publish(ctx(), req('Primo post'));
    const { platformId: p2 } = await li.publish(ctx(), req('Secondo post'));
    const t = Date.now() - 10_000;
    const a = fake.addComment(p1, 'Domanda sul primo', { created: t });
    const b = fake.addComment(p2, 'Domanda sul secondo', { created: t + 1 });
    const first = await li.poll(ctx(), null);
    expect(first.items.map((i) => i.platformId)).toEqual([a.urn, b.urn]);
    expect(first.items[0]).toMatchObject({ kind: 'comment', threadRef: p1, parentRef: null, author: { platformId: a.actor, name: 'Membro LinkedIn' }, text: 'Domanda sul primo' });
    expect(first.cursor).toBe(`${t + 1}|${b.urn}`);
    expect((await li.poll(ctx(), first.cursor)).items).toEqual([]);
    await li.reply(ctx(), { inReplyTo: asItem(b), text: 'Risposta dell’Ente', idempotencyKey: 'k' });
    const r = fake.addComment(p2, 'Grazie, ma…', { parentComment: b.urn, created: t + 5 });
    const second = await li.poll(ctx(), first.cursor);
    expect(second.items.map((i) => i.platformId)).toEqual([r.urn]);
    expect(second.items[0]!.parentRef).toBe(b.urn);
    expect(fake.received(/^GET \/rest\/posts$/).at(-1)!.headers['x-restli-method']).toBe('FINDER');
  });

  test('organisations that comment are named with one Organization Lookup call per poll; members keep the placeholder', async () => {
    fake.addOrganization('1337', 'Pro Loco di Esempio', 'pro-loco-esempio');
    fake.addOrganization('4242', 'Associazione Sportiva Esempio', 'asd-esempio');
    const { platformId: post } = await li.publish(ctx(), req('Festa del patrono'));
    const t = Date.now() - 10_000;
    const a = fake.addComment(post, 'Noi ci saremo con lo stand!', { actor: 'urn:li:organization:1337', created: t });
    const b = fake.addComment(post, 'Anche noi', { actor: 'urn:li:organization:4242', created: t + 1 });
    const c = fake.addComment(post, 'Ci sarà anche la Pro Loco?', { actor: 'urn:li:organization:1337', parentComment: a.urn, created: t + 2 });
    const m = fake.addComment(post, 'A che ora?', { created: t + 3 });
    const gone = fake.addComment(post, 'Organizzazione chiusa', { actor: 'urn:li:organization:9999', created: t + 4 });
    const { items } = await li.poll(ctx(), null);
    const byUrn = new Map(items.map((i) => [i.platformId, i.author]));
    expect(byUrn.get(a.urn)).toEqual({ platformId: 'urn:li:organization:1337', name: 'Pro Loco di Esempio', handle: 'pro-loco-esempio' });
    expect(byUrn.get(c.urn)?.name).toBe('Pro Loco di Esempio');
    expect(byUrn.get(b.urn)?.name).toBe('Associazione Sportiva Esempio');
    expect(byUrn.get(m.urn)?.name).toBe('Membro LinkedIn');
    expect(byUrn.get(gone.urn)?.name).toBe('Organizzazione LinkedIn'); // unknown to the lookup: placeholder
    const lookups = fake.received(/^GET \/rest\/organizationsLookup$/);
    expect(lookups).toHaveLength(1);
    expect(/^List\(([\d,]+)\)$/.exec(lookups[0]!.query.get('ids')!)![1]!.split(',').sort()).toEqual(['1337', '4242', '9999']);
    // A failing lookup never fails the poll.
    fake.failNext(/^GET \/rest\/organizationsLookup$/, LI_ERRORS.forbidden);
    const again = await li.poll(ctx(), null);
    expect(again.items.find((i) => i.platformId === a.urn)?.author.name).toBe('Organizzazione LinkedIn');
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp]> = [
    ['expired token', LI_ERRORS.expiredToken, 'auth_expired', /scaduto/],
    ['rate limit with Retry-After', LI_ERRORS.rateLimitRetryAfter, 'rate_limited', /riprovo tra 2 minuti/],
    ['permission denied', LI_ERRORS.forbidden, 'disconnected', /amministratore della Pagina/],
    ['server error after sending', LI_ERRORS.serverError, 'unknown_outcome', /controlla sulla piattaforma/],
  ];
  test.each(cases)('reply error: %s', async (_n, failure, kind, it) => {
    const { platformId: post } = await li.publish(ctx(), req(`Post ${_n}`));
    const c = fake.addComment(post, 'Domanda');
    fake.failNext(/^POST \/rest\/socialActions\//, failure);
    await expectConnectorError(li.reply(ctx(), { inReplyTo: asItem(c), text: 'Risposta', idempotencyKey: 'k' }), kind, it);
  });

  test('a channel not connected yet polls nothing, without calls or errors', async () => {
    expect(await li.poll({ ...ctx(), credentials: null }, 'cursore')).toEqual({ items: [], cursor: 'cursore' });
    expect(fake.requests).toHaveLength(0);
  });
});
