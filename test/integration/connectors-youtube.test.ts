/**
 * The YouTube connector against a fake of the Data API v3 (test/fakes/youtube.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { titleFor, youtubeConnector as yt } from '../../src/connectors/youtube/index.ts';
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

  test('declares reply, hide, unhide, delete and polling', () => {
    expect(yt.interactionCapabilities).toEqual({ reply: true, hide: true, unhide: true, delete: true, poll: true });
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
    expect(first.cursor).toBe(`${b.published.toISOString()}|${b.id}`);
    const q = fake.received(/commentThreads$/)[0]!.query;
    expect([q.get('allThreadsRelatedToChannelId'), q.get('order'), q.get('textFormat')]).toEqual([fake.channelId, 'time', 'plainText']);

    expect((await yt.poll(ctx(), first.cursor)).items).toEqual([]);
    await yt.reply(ctx(), { inReplyTo: asItem(b), text: 'Grazie!', idempotencyKey: 'k' });
    const r = fake.addComment('vid2', 'Prego a lei', { parentId: b.id, published: new Date(Date.now() + 1000) });
    const c = fake.addComment('vid3', 'Terzo', { published: new Date(Date.now() + 2000) });
    const second = await yt.poll(ctx(), first.cursor);
    expect(second.items.map((i) => i.platformId)).toEqual([c.id, r.id]);
    expect(second.items[1]!.parentRef).toBe(b.id);
    expect(second.cursor).toBe(`${c.published.toISOString()}|${c.id}`);
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
