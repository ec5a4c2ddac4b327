import { describe, expect, test } from 'vitest';
import { entryHtml, etagOf, notModified, renderFeed, textToHtml, type FeedInput } from './feeds.fns.ts';

describe('textToHtml', () => {
  test.each([
    ['Ciao', '<p>Ciao</p>'],
    ['a < b & c', '<p>a &lt; b &amp; c</p>'],
    ['riga 1\nriga 2\n\nnuovo', '<p>riga 1<br>riga 2</p>\n<p>nuovo</p>'],
    ['Vedi https://comune.it/x?a=1&b=2.', '<p>Vedi <a href="https://comune.it/x?a=1&amp;b=2">https://comune.it/x?a=1&amp;b=2</a>.</p>'],
    ['<script>alert(1)</script>', '<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'],
  ])('%j', (input, html) => expect(textToHtml(input)).toBe(html));
});

test('images carry their alt text in the HTML', () => {
  const html = entryHtml({
    id: '1',
    title: 't',
    text: 'x',
    link: null,
    publishedAt: new Date(),
    updatedAt: new Date(),
    images: [{ url: 'https://a.it/m/1', mime: 'image/png', size: 3, alt: 'Il "sindaco" & la giunta' }],
  });
  expect(html).toContain('alt="Il &quot;sindaco&quot; &amp; la giunta"');
});

describe('conditional requests', () => {
  const modified = new Date('2026-03-01T10:00:00.500Z');
  test.each([
    [{}, false],
    [{ 'if-none-match': '"abc"' }, true],
    [{ 'if-none-match': 'W/"abc"' }, true],
    [{ 'if-none-match': '"x", "abc"' }, true],
    [{ 'if-none-match': '"other"', 'if-modified-since': modified.toUTCString() }, false],
    [{ 'if-modified-since': modified.toUTCString() }, true],
    [{ 'if-modified-since': new Date('2026-03-01T09:59:59Z').toUTCString() }, false],
    [{ 'if-modified-since': 'not a date' }, false],
  ])('%j → %s', (headers, expected) => expect(notModified(headers, '"abc"', modified)).toBe(expected));
  test('the ETag changes with the bytes', () => expect(etagOf('a')).not.toBe(etagOf('b')));
});

test('an empty feed is still valid JSON Feed 1.1 and XML', () => {
  const input: FeedInput = { ente: { slug: 's', name: 'Comune di Sà', website: null, email: null, updatedAt: new Date(0) }, base: 'http://x', entries: [] };
  expect(JSON.parse(renderFeed(input, 'json'))).toMatchObject({ version: 'https://jsonfeed.org/version/1.1', items: [] });
  expect(renderFeed(input, 'rss')).toContain('<rss version="2.0"');
  expect(renderFeed(input, 'atom')).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
});
