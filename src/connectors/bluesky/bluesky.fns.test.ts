import { describe, expect, test } from 'vitest';
import { composeText, graphemeCount, isTid, linkFacets, postUrl, tidFromKey } from './bluesky.fns.ts';

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
