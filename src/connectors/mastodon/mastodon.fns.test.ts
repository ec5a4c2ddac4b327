import { describe, expect, test } from 'vitest';
import { compareIds, itemOfMention, replyText, withoutLeadingMentions, type MastodonNotification } from './mastodon.fns.ts';

describe('compareIds', () => {
  test.each([
    ['9', '10', -1],
    ['110000000000000001', '110000000000000002', -1],
    ['1100000000000000020', '110000000000000002', 1],
    ['42', '42', 0],
  ])('%s vs %s', (a, b, sign) => expect(Math.sign(compareIds(a, b))).toBe(sign));
});

describe('withoutLeadingMentions', () => {
  test.each([
    ['@comune Quando apre?', 'Quando apre?'],
    ['@comune@social.comune.it @ada Quando apre?', 'Quando apre?'],
    ['Ciao @comune, quando apre?', 'Ciao @comune, quando apre?'],
    ['@comune', '@comune'],
  ])('%j', (t, out) => expect(withoutLeadingMentions(t)).toBe(out));
});

describe('replyText', () => {
  test.each([
    ['Apre alle 9.', '@ada@altra.social', '@ada@altra.social Apre alle 9.'],
    ['@ada@altra.social apre alle 9.', '@ada@altra.social', '@ada@altra.social apre alle 9.'],
    ['Apre alle 9.', '@ada', '@ada Apre alle 9.'],
    // "@ada" inside "@adalberto" is not a mention of @ada.
    ['Come detto a @adalberto, apre alle 9.', '@ada', '@ada Come detto a @adalberto, apre alle 9.'],
    ['Apre alle 9.', null, 'Apre alle 9.'],
  ])('%j to %j', (t, h, out) => expect(replyText(t, h)).toBe(out));
});

describe('itemOfMention', () => {
  const account = { id: '7', username: 'ada', acct: 'ada@altra.social', display_name: 'Ada Lovelace' };
  const n = (over: Partial<NonNullable<MastodonNotification['status']>> = {}, type = 'mention'): MastodonNotification => ({
    id: '900',
    type,
    created_at: '2026-03-02T10:00:00.000Z',
    account,
    status: {
      id: '555',
      uri: 'https://altra.social/users/ada/statuses/555',
      url: 'https://altra.social/@ada/555',
      created_at: '2026-03-02T09:59:59.000Z',
      content: '<p><span class="h-card"><a href="https://comune.social/@comune" class="u-url mention">@<span>comune</span></a></span> Quando riapre la piscina?</p>',
      visibility: 'public',
      in_reply_to_id: '100',
      account,
      ...over,
    },
  });
  test('a reply to a post is a comment in the thread of the conversation root', () => {
    expect(itemOfMention(n(), '99')).toEqual({
      platformId: '555',
      kind: 'comment',
      threadRef: '99',
      parentRef: '100',
      author: { platformId: '7', name: 'Ada Lovelace', handle: '@ada@altra.social' },
      text: 'Quando riapre la piscina?',
      receivedAt: new Date('2026-03-02T09:59:59.000Z'),
      url: 'https://altra.social/@ada/555',
    });
  });
  test('without a known root the parent is the thread; a bare mention is its own thread', () => {
    expect(itemOfMention(n(), null)!.threadRef).toBe('100');
    expect(itemOfMention(n({ in_reply_to_id: null }), null)).toMatchObject({ threadRef: '555', parentRef: null });
  });
  test('a direct status is a private message in a conversation per person', () => {
    expect(itemOfMention(n({ visibility: 'direct' }), '99')).toMatchObject({ kind: 'message', threadRef: 'dm:7' });
  });
  test('other notification types and empty statuses are not items', () => {
    expect(itemOfMention(n({}, 'favourite'), null)).toBeNull();
    expect(itemOfMention({ ...n(), status: null }, null)).toBeNull();
  });
});
