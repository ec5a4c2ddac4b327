import { describe, expect, test } from 'vitest';
import { chatOf, messageUrl, parseMessageRef } from './telegram.fns.ts';

describe('parseMessageRef', () => {
  test.each([
    ['-1001234567890:42', { chatId: '-1001234567890', messageId: 42 }],
    ['4242:77', { chatId: '4242', messageId: 77 }],
    ['@comune_esempio:5', { chatId: '@comune_esempio', messageId: 5 }],
    ['chat:4242', null],
    ['-100123:0', null],
    ['-100123:abc', null],
    ['https://mastodon.example/notes/1', null],
    ['', null],
  ])('%j', (ref, expected) => expect(parseMessageRef(ref)).toEqual(expected));
});

describe('chatOf: the chat of an item as the inbox stores it', () => {
  test.each([
    [{ platformId: '-100555:9', threadRef: '-100555:3' }, '-100555'],
    [{ platformId: '4242:77', threadRef: 'chat:4242' }, '4242'],
    // An item whose own id is not a message reference still finds its chat from the thread.
    [{ platformId: 'x', threadRef: 'chat:-987' }, '-987'],
    [{ platformId: 'x', threadRef: '-100555:3' }, '-100555'],
    [{ platformId: 'x', threadRef: 'y' }, null],
  ])('%j', (item, chat) => expect(chatOf(item)).toBe(chat));
});

describe('messageUrl', () => {
  test.each([
    ['@comune', undefined, 7, 'https://t.me/comune/7'],
    ['-1001234', 'gruppo_comune', 7, 'https://t.me/gruppo_comune/7'],
    ['-1001234', undefined, 7, 'https://t.me/c/1234/7'],
    ['4242', undefined, 7, null],
  ] as const)('%s %s %d', (chat, user, id, url) => expect(messageUrl(chat, user, id)).toBe(url));
});
