/**
 * The YouTube connector against a fake of the Data API v3 (test/fakes/youtube.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { titleFor, youtubeConnector as yt } from '../../src/connectors/youtube/index.ts';
import { SWEEP_EVERY_MS, WATCHED } from '../../src/connectors/youtube/interactions.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext } from '../fakes/kernel.ts';
import { startYoutubeFake, YT_ERRORS, type YoutubeFake } from '../fakes/youtube.ts';
import type { IncomingItem } from '../../src/connectors/interactions.ts';

let fake: YoutubeFake;
const ctx = (over: { token?: string; refreshToken?: string } = {}) =>
  loopbackContext('youtube', fake.url, { accessToken: over.token ?? fake.token, refreshToken: over.refreshToken ?? '1//refreshYT', account: { clientId: 'cid.apps.googleusercontent.com', clientSecret: 'gsecret' } });
const req = (text: string, extra: Partial<Parameters<typeof yt.publish>[1]> = {}) => ({ idempotencyKey: `k-${text}`, text, media: [fakeMedia('video')], ...extra });

beforeAll(async () => {
  fake = await startYoutubeFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.videos.length = 0;
  fake.sessions.clear();
  fake.requests.length = 0;
  fake.comments.length = 0;
  fake.banned.clear();
});

describe('youtube connector', () => {
  test('resumable upload: session with snippet and public status, then the bytes to Location', async () => {
    const res = await yt.publish(ctx(), req('Consiglio comunale del 12 novembre: la registrazione integrale.', { title: 'Consiglio comunale 12/11' }));
    expect(fake.videos[0]).toMatchObject({ title: 'Consiglio comunale 12/11', description: 'Consiglio comunale del 12 novembre: la registrazione integrale.', privacy: 'public', size: 2048, type: 'video/mp4' });
    const session = fake.received(/^POST \/upload/)[0]!;
    expect(session.headers['x-upload-content-length']).toBe('2048');
    expect(res).toMatchObject({ platformId: fake.videos[0]!.id, url: `https://www.youtube.com/watch?v=${fake.videos[0]!.id}` });
  });

  test('the title comes from the first line when none is given, cut at 100', () => {
    expect(titleFor({ text: 'Prima riga\nseconda', title: null })).toBe('Prima riga');
    const long = titleFor({ text: `${'parola '.repeat(30)}fine`, title: null });
    expect([...long].length).toBeLessThanOrEqual(100);
    expect(long.endsWith('…')).toBe(true);
  });

  test('without a video: bad_request; a title over 100: how much to cut; no call', async () => {
    await expectConnectorError(yt.publish(ctx(), req('Solo testo', { media: [] })), 'bad_request', /YouTube richiede un video/);
    await expectConnectorError(yt.publish(ctx(), req('Testo', { media: [fakeMedia('image')] })), 'bad_request', /richiede un video/);
    await expectConnectorError(yt.publish(ctx(), req('x', { title: 't'.repeat(104) })), 'bad_request', /Titolo troppo lungo per YouTube: accorcia di 4 caratteri/);
    expect(fake.requests).toHaveLength(0);
  });

  test('identity is the channel of the token', async () => {
    expect(await yt.identity(ctx())).toEqual({ id: fake.channelId, handle: '@comunediesempio', name: 'Comune di Esempio', url: 'https://www.youtube.com/@comunediesempio' });
  });

  test('delete; a video already gone is fine', async () => {
    const { platformId } = await yt.publish(ctx(), req('Da togliere'));
    await yt.delete(ctx(), platformId);
    expect(fake.videos).toHaveLength(0);
    await yt.delete(ctx(), platformId);
  });

  test('bytes accepted then dropped: unknown outcome; lookup in the uploads playlist finds it; no duplicate', async () => {
    const since = new Date(Date.now() - 1000);
    fake.failNext(/^PUT \/upload/, { drop: 'after' });
    await expectConnectorError(yt.publish(ctx(), req('Diretta del consiglio', { link: 'https://www.comune.esempio.it/consiglio' })), 'unknown_outcome');
    const found = await yt.lookup(ctx(), { idempotencyKey: 'k', text: 'Diretta del consiglio', since });
    expect(found?.platformId).toBe(fake.videos[0]!.id);
    expect(fake.videos).toHaveLength(1);
    expect(await yt.lookup(ctx(), { idempotencyKey: 'k', text: 'Altro video', since })).toBeNull();
    expect(fake.received(/search/)).toHaveLength(0); // 1-unit playlistItems, not 100-unit search
  });

  test('a session that fails to open is before any video exists: transient', async () => {
    fake.failNext(/^POST \/upload/, { drop: 'after' });
    await expectConnectorError(yt.publish(ctx(), req('x')), 'transient');
    expect(fake.videos).toHaveLength(0);
  });

  const cases: Array<[string, RegExp, Failure, ConnectorErrorKind, RegExp]> = [
    ['403 quotaExceeded: until midnight Pacific', /^POST \/upload/, YT_ERRORS.quotaExceeded, 'rate_limited', /mezzanotte del Pacifico/],
    ['400 uploadLimitExceeded', /^POST \/upload/, YT_ERRORS.uploadLimit, 'rate_limited', /riprovo domani/],
    ['401 authError', /^POST \/upload/, YT_ERRORS.authError, 'auth_expired', /token di YouTube è scaduto/],
    ['403 forbidden', /^POST \/upload/, YT_ERRORS.forbidden, 'disconnected', /nega il permesso/],
    ['400 invalidTitle', /^POST \/upload/, YT_ERRORS.invalidTitle, 'bad_request', /titolo o descrizione/],
    ['500 on the bytes', /^PUT \/upload/, YT_ERRORS.serverError, 'unknown_outcome', /verifico/],
    ['503 on the session', /^POST \/upload/, YT_ERRORS.unavailable, 'transient', /riprovo/],
  ];
  test.each(cases)('error: %s', async (_n, match, failure, kind, it) => {
    fake.failNext(match, failure);
    const e = await expectConnectorError(yt.publish(ctx(), req('Avviso')), kind, it);
    if (kind === 'rate_limited') {
      expect(e.details.retryAfterMs).toBeGreaterThan(0);
      expect(e.details.retryAfterMs).toBeLessThanOrEqual(24 * 3600 * 1000);
    }
  });

  test('refresh with the refresh token; a revoked one is auth_expired', async () => {
    await expectConnectorError(yt.identity(ctx({ token: 'old' })), 'auth_expired');
    const creds = await yt.refresh!(ctx({ token: 'old' }));
    expect(creds.accessToken).toBe(fake.token);
    expect(creds.refreshToken).toBe('1//refreshYT');
    expect((await yt.identity({ ...ctx(), credentials: creds })).id).toBe(fake.channelId);
    await expectConnectorError(yt.refresh!(ctx({ refreshToken: 'revoked' })), 'auth_expired', /Token has been expired or revoked/);
  });
});

describe('youtube connector: community inbox interactions', () => {
  const asItem = (c: { id: string; videoId: string; parentId: string | null; text: string }): IncomingItem => ({
    platformId: c.id,
    kind: 'comment',
    threadRef: c.videoId,
    parentRef: c.parentId,
    author: { platformId: 'UCx', name: '@cittadino' },
    text: c.text,
    receivedAt: new Date(),
  });
  const item = (id: string) => ({ platformId: id, kind: 'comment' as const, threadRef: 'vid1' });

  test('declares reply, hide, unhide, delete, polling and block (ban)', () => {
    expect(yt.interactionCapabilities).toEqual({ reply: true, hide: true, unhide: true, delete: true, poll: true, block: true });
  });

  test('replies with comments.insert under the top-level comment, also when answering a reply', async () => {
    const top = fake.addComment('vid1', 'A che ora inizia il consiglio?');
    const res = await yt.reply(ctx(), { inReplyTo: asItem(top), text: 'Alle 18, in diretta qui.', idempotencyKey: 'k' });
    const sent = fake.received(/^POST \/youtube\/v3\/comments$/)[0]!;
    expect(sent.query.get('part')).toBe('snippet');
    expect(sent.json).toEqual({ snippet: { parentId: top.id, textOriginal: 'Alle 18, in diretta qui.' } });
    expect(fake.comments.find((c) => c.id === res.platformId)).toMatchObject({ parentId: top.id, text: 'Alle 18, in diretta qui.' });
    expect(res.url).toBe(`https://www.youtube.com/watch?v=vid1&lc=${encodeURIComponent(res.platformId)}`);
    const nested = fake.addComment('vid1', 'E la registrazione?', { parentId: top.id });
    await yt.reply(ctx(), { inReplyTo: asItem(nested), text: 'Resta sul canale.', idempotencyKey: 'k2' });
    expect((fake.received(/^POST \/youtube\/v3\/comments$/)[1]!.json as { snippet: { parentId: string } }).snippet.parentId).toBe(top.id);
  });

  test('hide → heldForReview, unhide → published, delete → rejected; deleting a comment already gone is fine', async () => {
    const c = fake.addComment('vid1', 'Insulto');
    await yt.moderate(ctx(), { item: item(c.id), action: 'hide' });
    expect(c.status).toBe('heldForReview');
    expect(fake.received(/setModerationStatus$/)[0]!.query.get('id')).toBe(c.id);
    await yt.moderate(ctx(), { item: item(c.id), action: 'unhide' });
    expect(c.status).toBe('published');
    await yt.moderate(ctx(), { item: item(c.id), action: 'delete' });
    expect(c.status).toBe('rejected');
    await yt.moderate(ctx(), { item: item('Ugzsparito'), action: 'delete' });
    await expectConnectorError(yt.moderate(ctx(), { item: item('Ugzsparito'), action: 'hide' }), 'bad_request', /non esiste più/);
  });

  test('polls comment threads newest first: first page, then only what is newer than the cursor; skips the channel’s own replies', async () => {
    const t0 = Date.now() - 60_000;
    const a = fake.addComment('vid1', 'Primo <commento> & co.', { published: new Date(t0) });
    const b = fake.addComment('vid2', 'Secondo', { published: new Date(t0 + 1000) });
    const first = await yt.poll(ctx(), null);
    expect(first.items.map((i) => i.platformId).sort()).toEqual([a.id, b.id].sort());
    // textFormat=plainText: the citizen's text as written, not HTML-escaped.
    expect(first.items.find((i) => i.platformId === a.id)).toMatchObject({ text: 'Primo <commento> & co.', threadRef: 'vid1', parentRef: null, author: { platformId: a.author.channelId, name: '@cittadino', handle: '@cittadino' } });
    expect(JSON.parse(first.cursor!)).toMatchObject({ at: b.published.toISOString(), id: b.id });
    const q = fake.received(/commentThreads$/)[0]!.query;
    expect([q.get('allThreadsRelatedToChannelId'), q.get('order'), q.get('textFormat')]).toEqual([fake.channelId, 'time', 'plainText']);

    expect((await yt.poll(ctx(), first.cursor)).items).toEqual([]);
    await yt.reply(ctx(), { inReplyTo: asItem(b), text: 'Grazie!', idempotencyKey: 'k' });
    const r = fake.addComment('vid2', 'Prego a lei', { parentId: b.id, published: new Date(Date.now() + 1000) });
    const c = fake.addComment('vid3', 'Terzo', { published: new Date(Date.now() + 2000) });
    const second = await yt.poll(ctx(), first.cursor);
    // Oldest first, as they were written.
    expect(second.items.map((i) => i.platformId)).toEqual([r.id, c.id]);
    expect(second.items[0]!.parentRef).toBe(b.id);
    expect(JSON.parse(second.cursor!)).toMatchObject({ at: c.published.toISOString(), id: c.id });
  });

  test('a cursor of the older form `{publishedAt}|{id}` is still read', async () => {
    const old = fake.addComment('vid1', 'Vecchio', { published: new Date(Date.now() - 60_000) });
    const fresh = fake.addComment('vid1', 'Nuovo', { published: new Date(Date.now() - 1000) });
    const res = await yt.poll(ctx(), `${old.published.toISOString()}|${old.id}`);
    expect(res.items.map((i) => i.platformId)).toEqual([fresh.id]);
  });

  test('a new reply to an old thread, no longer among the newest pages, is picked up by the sweep of watched threads', async () => {
    const t0 = Date.now() - 3 * 3_600_000;
    let clock = Date.now();
    const at = () => ({ ...ctx(), now: () => new Date(clock) });
    const oldThread = fake.addComment('vid1', 'Quando riapre la biblioteca?', { published: new Date(t0) });
    const first = await yt.poll(at(), null);
    expect(first.items.map((i) => i.platformId)).toEqual([oldThread.id]);
    // 150 newer threads push it to the second page; the poll that reads them stops at that page.
    for (let i = 1; i <= 150; i++) fake.addComment('vid2', `commento ${i}`, { published: new Date(t0 + 60_000 + i * 1000) });
    const second = await yt.poll(at(), first.cursor);
    expect(second.items).toHaveLength(150);
    // A citizen answers in the old thread.
    const reply = fake.addComment('vid1', 'Lunedì, ho chiesto allo sportello.', { parentId: oldThread.id, published: new Date(clock) });
    const calls = () => fake.requests.filter((r) => r.path !== '/youtube/v3/channels'); // the token's channel, read once a poll
    fake.requests.length = 0;
    // Before the sweep interval: one page of the newest threads (1 unit), the old thread is not on it.
    clock += 60_000;
    const third = await yt.poll(at(), second.cursor);
    expect(third.items).toEqual([]);
    expect(calls().map((r) => r.path)).toEqual(['/youtube/v3/commentThreads']);
    // After it: the watched threads' reply counts (151 threads: 4 calls of at most 50 ids) and the
    // replies of the one whose count grew (1 call).
    fake.requests.length = 0;
    clock += SWEEP_EVERY_MS;
    const fourth = await yt.poll(at(), third.cursor);
    expect(fourth.items.map((i) => i.platformId)).toEqual([reply.id]);
    expect(fourth.items[0]).toMatchObject({ parentRef: oldThread.id, threadRef: 'vid1', text: 'Lunedì, ho chiesto allo sportello.' });
    const byId = fake.received(/^GET \/youtube\/v3\/commentThreads$/).filter((r) => r.query.get('id'));
    expect(byId).toHaveLength(4);
    expect(byId.every((r) => r.query.get('id')!.split(',').length <= 50 && !r.query.get('maxResults'))).toBe(true);
    expect(fake.received(/^GET \/youtube\/v3\/comments$/).map((r) => r.query.get('parentId'))).toEqual([oldThread.id]);
    expect(calls()).toHaveLength(1 + 4 + 1);
    // Seen once: the next sweep returns nothing new.
    clock += SWEEP_EVERY_MS;
    expect((await yt.poll(at(), fourth.cursor)).items).toEqual([]);
    expect(JSON.parse(fourth.cursor!).w.length).toBeLessThanOrEqual(WATCHED);
  });

  test('a thread carries only its last five replies: the others are read with comments.list', async () => {
    const first = await yt.poll(ctx(), null);
    const top = fake.addComment('vid1', 'Domanda sul bando', { published: new Date(Date.now() - 10_000) });
    const replies = Array.from({ length: 7 }, (_, i) => fake.addComment('vid1', `risposta ${i}`, { parentId: top.id, published: new Date(Date.now() - 9_000 + i * 100) }));
    const next = await yt.poll(ctx(), first.cursor);
    expect(next.items.map((i) => i.platformId).sort()).toEqual([top.id, ...replies.map((r) => r.id)].sort());
    expect(fake.received(/^GET \/youtube\/v3\/comments$/)).toHaveLength(1);
  });

  test('block bans the author through their comment (rejected, banAuthor=true): their later comments are rejected', async () => {
    const author = { name: '@molesto', channelId: 'UCmolesto000000000000001' };
    const c = fake.addComment('vid1', 'Insulto', { author });
    await yt.block!(ctx(), { authorPlatformId: author.channelId, recent: [{ platformId: c.id, kind: 'comment', threadRef: 'vid1' }] });
    const sent = fake.received(/setModerationStatus$/)[0]!;
    expect([sent.query.get('id'), sent.query.get('moderationStatus'), sent.query.get('banAuthor')]).toEqual([c.id, 'rejected', 'true']);
    expect(fake.banned.has(author.channelId)).toBe(true);
    expect(fake.addComment('vid2', 'Un altro insulto', { author }).status).toBe('rejected');
  });

  test('block without the inbox’s items finds a recent comment of the author; a gone comment is skipped; none found: by hand', async () => {
    const author = { name: '@molesto', channelId: 'UCmolesto000000000000002' };
    fake.addComment('vid1', 'Altro', { published: new Date(Date.now() - 5000) });
    const mine = fake.addComment('vid1', 'Insulto', { author, published: new Date(Date.now() - 4000) });
    // The inbox's item was deleted meanwhile: 404, then the search finds the other comment.
    await yt.block!(ctx(), { authorPlatformId: author.channelId, recent: [{ platformId: 'Ugzsparito', kind: 'comment', threadRef: 'vid1' }] });
    expect(fake.received(/setModerationStatus$/).map((r) => r.query.get('id'))).toEqual(['Ugzsparito', mine.id]);
    expect(fake.banned.has(author.channelId)).toBe(true);
    await expectConnectorError(yt.block!(ctx(), { authorPlatformId: 'UCnessuno00000000000000003' }), 'bad_request', /a partire da un suo commento.*YouTube Studio/);
    await expectConnectorError(yt.block!(ctx(), { authorPlatformId: 'youtube:@anonimo' }), 'bad_request', /a mano/);
    fake.failNext(/setModerationStatus$/, YT_ERRORS.forbidden);
    await expectConnectorError(yt.block!(ctx(), { authorPlatformId: author.channelId, recent: [{ platformId: mine.id, kind: 'comment', threadRef: 'vid1' }] }), 'disconnected', /proprietario del canale/);
    fake.failNext(/setModerationStatus$/, YT_ERRORS.quotaExceeded);
    await expectConnectorError(yt.block!(ctx(), { authorPlatformId: author.channelId, recent: [{ platformId: mine.id, kind: 'comment', threadRef: 'vid1' }] }), 'rate_limited', /quota giornaliera/);
  });

  test('poll pages through more than 100 new threads', async () => {
    const base = Date.now() - 3_600_000;
    fake.addComment('vid1', 'vecchio', { published: new Date(base) });
    const first = await yt.poll(ctx(), null);
    for (let i = 1; i <= 130; i++) fake.addComment('vid1', `commento ${i}`, { published: new Date(base + i * 1000) });
    const next = await yt.poll(ctx(), first.cursor);
    expect(next.items).toHaveLength(130);
    expect(fake.received(/commentThreads$/).at(-1)!.query.get('pageToken')).toBe('p100');
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp]> = [
    ['quota exceeded', YT_ERRORS.quotaExceeded, 'rate_limited', /quota giornaliera/],
    ['auth error', YT_ERRORS.authError, 'auth_expired', /scaduto o revocato/],
    ['forbidden', YT_ERRORS.forbidden, 'disconnected', /proprietario del canale o del video/],
    ['server error after sending', YT_ERRORS.serverError, 'unknown_outcome', /controlla sulla piattaforma/],
  ];
  test.each(cases)('reply error: %s', async (_n, failure, kind, it) => {
    const c = fake.addComment('vid1', 'Domanda');
    fake.failNext(/^POST \/youtube\/v3\/comments$/, failure);
    await expectConnectorError(yt.reply(ctx(), { inReplyTo: asItem(c), text: 'Risposta', idempotencyKey: 'k' }), kind, it);
  });

  test('a channel not connected yet polls nothing, without calls or errors', async () => {
    expect(await yt.poll({ ...ctx(), credentials: null }, 'cursore')).toEqual({ items: [], cursor: 'cursore' });
    expect(fake.requests).toHaveLength(0);
  });
});
