import { describe, expect, test } from 'vitest';
import { composeText, graphemeCount, hiddenAfter, isTid, isUnread, itemOfNotification, linkFacets, nextCursor, parseAtUri, POLL_LOOKBACK_MS, postUrl, readCursor, tidFromKey, type BskyNotification } from './bluesky.fns.ts';

describe('tidFromKey', () => {
  test.each(['v1', 'ente:post:channel', 'àèìòù', ''])('%j gives a stable, valid TID', (key) => {
    const a = tidFromKey(key);
    expect(isTid(a)).toBe(true);
    expect(tidFromKey(key)).toBe(a);
  });
  test('different keys give different TIDs', () => {
    expect(tidFromKey('a')).not.toBe(tidFromKey('b'));
  });
  test('the timestamp is in the past', () => {
    const S32 = '234567abcdefghijklmnopqrstuvwxyz';
    let v = 0n;
    for (const c of tidFromKey('x')) v = (v << 5n) | BigInt(S32.indexOf(c));
    const ms = Number((v >> 10n) / 1000n);
    expect(ms).toBeLessThan(Date.now());
    expect(ms).toBeGreaterThanOrEqual(Date.UTC(2023, 0, 1));
  });
});

describe('linkFacets', () => {
  test.each([
    ['Vedi https://comune.it/a', [[5, 24, 'https://comune.it/a']]],
    // "è" takes two bytes in UTF-8: the offsets move by one
    ['Novità: https://x.it/è.', [[9, 24, 'https://x.it/è']]],
    ['🇮🇹 http://a.it, https://b.it/(x)', [[9, 20, 'http://a.it'], [22, 38, 'https://b.it/(x)']]],
    ['niente link qui', []],
  ] as const)('%j', (text, expected) => {
    const got = linkFacets(text).map((f) => [f.index.byteStart, f.index.byteEnd, f.features[0].uri]);
    expect(got).toEqual(expected);
    for (const [s, e, uri] of expected) expect(Buffer.from(text, 'utf8').subarray(s, e).toString('utf8')).toBe(uri);
  });
});

describe('text', () => {
  test.each([
    ['Ciao', null, 'Ciao'],
    ['Ciao', 'https://a.it', 'Ciao\n\nhttps://a.it'],
    ['Vedi https://a.it', 'https://a.it', 'Vedi https://a.it'],
  ])('composeText(%j, %j)', (t, l, out) => expect(composeText(t, l)).toBe(out));
  test.each([
    ['abc', 3],
    ['àèé', 3],
    ['👨‍👩‍👧🇮🇹', 2],
  ])('graphemeCount(%j) = %d', (t, n) => expect(graphemeCount(t)).toBe(n));
  test('postUrl', () => {
    expect(postUrl('at://did:plc:abc/app.bsky.feed.post/3k', 'comune.test')).toBe('https://bsky.app/profile/comune.test/post/3k');
    expect(postUrl('at://did:plc:abc/app.bsky.feed.like/3k', 'x')).toBeNull();
  });
});

describe('inbox helpers', () => {
  const did = 'did:plc:comune';
  const root = `at://${did}/app.bsky.feed.post/3kroot`;
  const reply = 'at://did:plc:ada/app.bsky.feed.post/3kreply';
  const notification = (over: Partial<BskyNotification> = {}): BskyNotification => ({
    uri: reply,
    cid: 'bafy1',
    author: { did: 'did:plc:ada', handle: 'ada.test', displayName: 'Ada' },
    reason: 'reply',
    record: { text: 'Quando finiscono i lavori?', createdAt: '2020-01-01T00:00:00.000Z', reply: { root: { uri: root, cid: 'r' }, parent: { uri: root, cid: 'r' } } },
    indexedAt: '2026-03-02T10:00:00.000Z',
    ...over,
  });

  test.each([
    [root, { did, collection: 'app.bsky.feed.post', rkey: '3kroot' }],
    ['at://did:web:comune.example.it/app.bsky.feed.threadgate/3k', { did: 'did:web:comune.example.it', collection: 'app.bsky.feed.threadgate', rkey: '3k' }],
    ['https://bsky.app/profile/x/post/3k', null],
    ['at://ada.test/app.bsky.feed.post/3k', null],
  ])('parseAtUri(%j)', (uri, parts) => expect(parseAtUri(uri)).toEqual(parts));

  test('a reply is a comment in the thread of its root, dated when the network indexed it', () => {
    expect(itemOfNotification(notification(), new Date())).toEqual({
      platformId: reply,
      kind: 'comment',
      threadRef: root,
      parentRef: root,
      author: { platformId: 'did:plc:ada', name: 'Ada', handle: '@ada.test' },
      text: 'Quando finiscono i lavori?',
      receivedAt: new Date('2026-03-02T10:00:00.000Z'),
      url: 'https://bsky.app/profile/ada.test/post/3kreply',
    });
  });
  test('a quote answers the post it quotes; a mention is its own thread; likes are not items', () => {
    const quote = notification({ reason: 'quote', record: { text: 'Guardate qui', embed: { $type: 'app.bsky.embed.record', record: { uri: root, cid: 'r' } } } });
    expect(itemOfNotification(quote, new Date())).toMatchObject({ threadRef: root, parentRef: null });
    const mention = notification({ reason: 'mention', record: { text: '@comune.test aiuto' } });
    expect(itemOfNotification(mention, new Date())).toMatchObject({ threadRef: reply, parentRef: null });
    expect(itemOfNotification(notification({ reason: 'like' }), new Date())).toBeNull();
    expect(itemOfNotification(notification({ author: { did: 'did:plc:x', handle: 'x.test' } }), new Date())!.author.name).toBe('x.test');
  });

  test('the poll cursor returns each notification once, also when several share an instant', () => {
    const a = { uri: 'at://a', indexedAt: '2026-03-02T10:00:00.000Z' };
    const b = { uri: 'at://b', indexedAt: '2026-03-02T10:00:00.000Z' };
    const c = { uri: 'at://c', indexedAt: '2026-03-02T10:00:01.000Z' };
    const first = readCursor(nextCursor(null, [a]));
    expect(first).toEqual({ at: a.indexedAt, seen: new Map([['at://a', Date.parse(a.indexedAt)]]) });
    expect([a, b, c].filter((n) => isUnread(n, first)).map((n) => n.uri)).toEqual(['at://b', 'at://c']);
    const second = readCursor(nextCursor(first, [b, c]));
    expect(second!.at).toBe(c.indexedAt);
    expect([a, b, c].filter((n) => isUnread(n, second))).toEqual([]);
    expect(nextCursor(null, [])).toBeNull();
    expect(readCursor('not json')).toBeNull();
  });

  test('a reply that sorts before what was already read (late indexing, a slow clock) is still returned, once', () => {
    const read = { uri: 'at://letto', indexedAt: '2026-03-02T10:05:00.000Z' };
    const cursor = readCursor(nextCursor(null, [read]));
    // indexedAt is the AppView's sortAt: the earlier of createdAt and the indexing time.
    const late = { uri: 'at://tardivo', indexedAt: '2026-03-02T10:01:00.000Z' };
    expect(isUnread(late, cursor)).toBe(true);
    expect(isUnread(read, cursor)).toBe(false);
    const after = readCursor(nextCursor(cursor, [late]));
    expect(after!.at).toBe(read.indexedAt); // the newest instant does not move back
    expect([late, read].filter((n) => isUnread(n, after))).toEqual([]);
    // Older than the look-back window: read before, not returned again.
    const old = { uri: 'at://vecchio', indexedAt: new Date(Date.parse(read.indexedAt) - POLL_LOOKBACK_MS - 1).toISOString() };
    expect(isUnread(old, after)).toBe(false);
    // What falls out of the window is forgotten, so the cursor does not grow without end.
    const much = { uri: 'at://dopo', indexedAt: new Date(Date.parse(read.indexedAt) + POLL_LOOKBACK_MS + 60_000).toISOString() };
    expect([...readCursor(nextCursor(after, [much]))!.seen.keys()]).toEqual(['at://dopo']);
  });

  test('a cursor of the earlier form ({at, uris}) is still understood', () => {
    const c = readCursor(JSON.stringify({ at: '2026-03-02T10:00:00.000Z', uris: ['at://a'] }));
    expect(isUnread({ uri: 'at://a', indexedAt: '2026-03-02T10:00:00.000Z' }, c)).toBe(false);
    expect(isUnread({ uri: 'at://b', indexedAt: '2026-03-02T10:00:00.000Z' }, c)).toBe(true);
  });

  test.each([
    [[], reply, true, [reply]],
    [[reply], reply, true, null],
    [['at://x', reply], reply, false, ['at://x']],
    [['at://x'], reply, false, null],
  ])('hiddenAfter(%j, …, hide=%s)', (current, uri, hide, out) => expect(hiddenAfter(current, uri, hide)).toEqual(out));
});
