import { describe, expect, test } from 'vitest';
import { createActivity, fullText, noteHtml, noteKeyOf, PUBLIC, queueBackoffMs, queueIdleMs } from './activitypub.fns.ts';

describe('noteHtml', () => {
  test.each([
    ['Ciao', '<p>Ciao</p>'],
    ['<b>non è HTML</b> & basta', '<p>&lt;b&gt;non è HTML&lt;/b&gt; &amp; basta</p>'],
    ['a\nb\n\nc', '<p>a<br>b</p><p>c</p>'],
    [
      'Info: https://comune.it/a?x=1&y=2.',
      '<p>Info: <a href="https://comune.it/a?x=1&amp;y=2" rel="nofollow noopener noreferrer" target="_blank">https://comune.it/a?x=1&amp;y=2</a>.</p>',
    ],
    ['javascript:alert(1) "x"', '<p>javascript:alert(1) &quot;x&quot;</p>'],
  ])('%j', (text, html) => expect(noteHtml(text)).toBe(html));
});

test('noteKeyOf is stable, URL-safe and distinct', () => {
  expect(noteKeyOf('k')).toBe(noteKeyOf('k'));
  expect(noteKeyOf('k')).not.toBe(noteKeyOf('j'));
  expect(noteKeyOf('k')).toMatch(/^[A-Za-z0-9_-]{26}$/);
});

test.each([
  ['Testo', null, 'Testo'],
  ['Testo', 'https://a.it', 'Testo\n\nhttps://a.it'],
  ['Vedi https://a.it', 'https://a.it', 'Vedi https://a.it'],
])('fullText(%j, %j)', (t, l, out) => expect(fullText(t, l)).toBe(out));

test('createActivity: public, cc followers, attachments named by alt text', () => {
  const a = createActivity({
    actor: 'https://x.it/ap/enti/e',
    followers: 'https://x.it/ap/enti/e/followers',
    noteId: 'https://x.it/ap/enti/e/notes/k',
    text: 'Ciao',
    link: 'https://x.it/n',
    published: new Date('2026-01-01T00:00:00Z'),
    attachments: [{ url: 'https://x.it/m/0', mediaType: 'image/png', name: 'Una mappa' }],
  });
  expect(a).toMatchObject({
    type: 'Create',
    id: 'https://x.it/ap/enti/e/notes/k/activity',
    to: [PUBLIC],
    cc: ['https://x.it/ap/enti/e/followers'],
    object: {
      type: 'Note',
      id: 'https://x.it/ap/enti/e/notes/k',
      content: '<p>Ciao</p><p><a href="https://x.it/n" rel="nofollow noopener noreferrer" target="_blank">https://x.it/n</a></p>',
      attachment: [{ type: 'Image', mediaType: 'image/png', url: 'https://x.it/m/0', name: 'Una mappa' }],
    },
  });
});

describe('queue timing', () => {
  test.each([
    [1, 1_000],
    [2, 2_000],
    [4, 8_000],
    [11, 600_000],
    [40, 600_000],
  ])('backoff after claim %i is %i ms', (claims, ms) => expect(queueBackoffMs(claims)).toBe(ms));

  test.each([
    [null, 1_000, 1_000], // nothing waiting: poll
    [0, 1_000, 5], // due now (another process is committing its claim): look again very soon
    [250.2, 1_000, 251],
    [60_000, 1_000, 1_000],
  ])('next due in %j ms, poll %i: sleep %i ms', (next, poll, ms) => expect(queueIdleMs(next, poll)).toBe(ms));
});
