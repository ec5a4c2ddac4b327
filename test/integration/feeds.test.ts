/**
 * The Ente's own feeds, public and without login: RSS 2.0, Atom 1.0 and JSON Feed 1.1 of its
 * published posts, read back with an independent parser (Debian's python3-feedparser).
 */
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { listPublishedPosts, readPublishedMedia } from '../../src/modules/editorial/index.ts';
import { anonymous, createEnte, SYSTEM, startTestApp, type TestApp } from '../support/app.ts';
import { backends } from '../support/db.ts';
import { insertPublishedPost } from '../support/published.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

interface Parsed {
  bozo: number;
  bozo_exception: string | null;
  version: string;
  encoding: string;
  feed: { title: string; language?: string; author?: string };
  entries: {
    title: string;
    link: string;
    id: string;
    published: number | null;
    updated: number | null;
    summary: string;
    author?: string;
    enclosures: { href: string; type: string; length?: string }[];
  }[];
}

/** Parses a feed with Debian's feedparser in a separate process, from stdin, as JSON. */
function feedparser(body: Buffer): Parsed {
  const script = [
    'import sys, json, calendar, html, feedparser',
    'd = feedparser.parse(sys.stdin.buffer.read())',
    'ts = lambda t: calendar.timegm(t) if t else None',
    '# the title as a reader shows it: an HTML-typed title is unescaped once',
    'shown = lambda e: html.unescape(e.title) if e.get("title_detail", {}).get("type") == "text/html" else e.get("title")',
    'out = {"bozo": int(d.bozo), "bozo_exception": str(d.get("bozo_exception")) if d.bozo else None, "version": d.version, "encoding": d.encoding,',
    ' "feed": {"title": d.feed.get("title"), "language": d.feed.get("language"), "author": d.feed.get("author")},',
    ' "entries": [{"title": shown(e), "link": e.get("link"), "id": e.get("id"), "published": ts(e.get("published_parsed")),',
    '   "updated": ts(e.get("updated_parsed")), "summary": e.get("summary"), "author": e.get("author"),',
    '   "enclosures": [dict(x) for x in e.get("enclosures", [])]} for e in d.entries]}',
    'print(json.dumps(out))',
  ].join('\n');
  const r = spawnSync('/usr/bin/python3', ['-c', script], { input: body, encoding: 'utf8', timeout: 30_000 });
  if (r.status !== 0) throw new Error(`feedparser failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Parsed;
}

describe.each(backends())('feeds on %s', (kind) => {
  let app: TestApp;
  let slug: string;
  let enteId: string;
  let mediaId: string;
  let draftMediaId: string;
  let tgId: string;
  let authorId: string;
  const base = 'https://redazione.comune.test';
  const t0 = new Date('2026-02-10T08:30:00Z');
  const day = 86_400_000;

  beforeAll(async () => {
    app = await startTestApp(kind, { REDAZIONE_PUBLIC_URL: base });
    const e = await createEnte(app, 'sant-agata');
    slug = e.ente.slug;
    enteId = e.ente.id;
    await app.services.organisation.updateEnte(SYSTEM, enteId, { website: 'https://www.comune.santagata.test' });
    const author = e.people.social_media_manager!;
    const channel = (platform: 'telegram' | 'website', handle: string) =>
      app.services.channels.create(SYSTEM, enteId, {
        platform,
        handle,
        name: `Canale ${handle}`,
        url: `https://t.me/${handle}`,
        purpose: 'Avvisi',
        audience: 'Tutti',
      });
    const tg = (await channel('telegram', 'avvisi'))!.id;
    tgId = tg;
    authorId = author;
    const site = (await channel('website', 'sito'))!.id;

    // 58 + 2 published posts (and a draft), so the feed keeps the newest 50.
    for (let i = 0; i < 58; i++) {
      await insertPublishedPost(app, enteId, author, { title: `Avviso n. ${i}`, body: `Testo ${i}`, at: new Date(t0.getTime() + i * 60_000), channelIds: [tg] });
    }
    const withImage = await insertPublishedPost(app, enteId, author, {
      title: 'Perché la città è più verde: <nuovi> alberi & aiuole',
      body: 'Testo per i social',
      texts: { [site]: 'Città più verde: 120 alberi in via Dante & piazza Cavour.\nDettagli: https://www.comune.santagata.test/alberi?a=1&b=2' },
      at: new Date(t0.getTime() + 2 * day),
      channelIds: [tg, site],
      link: 'https://www.comune.santagata.test/alberi',
      images: [{ bytes: PNG, mime: 'image/png', filename: 'alberi piazza.png', alt: 'Filari di tigli in piazza Cavour' }],
    });
    mediaId = withImage.mediaIds[0]!;
    await insertPublishedPost(app, enteId, author, { title: 'Senza link', body: 'Solo testo', at: new Date(t0.getTime() + day), channelIds: [tg] });
    const political = (await app.services.channels.create(SYSTEM, enteId, {
      platform: 'facebook_page',
      handle: 'sindaco',
      name: 'Pagina del sindaco',
      url: 'https://facebook.com/sindaco',
      purpose: 'Comunicazione politica del sindaco',
      audience: 'Elettori',
      kind: 'political',
    }))!.id;
    await insertPublishedPost(app, enteId, author, { title: 'Comizio del sindaco', body: 'Vota per me', at: new Date(t0.getTime() + 4 * day), channelIds: [political] });
    const draft = await insertPublishedPost(app, enteId, author, {
      title: 'Bozza riservata',
      body: 'Non ancora pubblicata',
      at: new Date(t0.getTime() + 3 * day),
      channelIds: [tg],
      status: 'bozza',
      images: [{ bytes: Buffer.from('riservato'), mime: 'image/png', filename: 'x.png', alt: null }],
    });
    draftMediaId = draft.mediaIds[0]!;
  });
  afterAll(async () => {
    await app?.close();
  });

  describe('listPublishedPosts (editorial read function)', () => {
    test('newest first, only published variants on institutional channels, own-channel text, limit', async () => {
      const rows = await listPublishedPosts(app.services.db, enteId, 50);
      expect(rows).toHaveLength(50);
      expect(rows[0]!.title).toMatch(/^Perché/);
      expect(rows[0]!.text).toMatch(/^Città più verde/); // the website variant's text
      expect(rows[0]!.link).toBe('https://www.comune.santagata.test/alberi');
      expect(rows[0]!.media).toEqual([expect.objectContaining({ id: mediaId, altText: 'Filari di tigli in piazza Cavour', mime: 'image/png' })]);
      expect(rows[1]!.title).toBe('Senza link');
      expect(rows[1]!.text).toBe('Solo testo');
      expect(rows.some((r) => r.title === 'Bozza riservata')).toBe(false);
      expect(rows.some((r) => r.title === 'Comizio del sindaco')).toBe(false); // political channel: not the Ente's voice
      const times = rows.map((r) => r.publishedAt.getTime());
      expect([...times].sort((a, b) => b - a)).toEqual(times);
      expect(rows.at(-1)!.title).toBe('Avviso n. 10'); // 60 published: 0..9 fall off the 50
    });
    test('another Ente sees nothing; drafts media is not public', async () => {
      const other = await createEnte(app, 'altro-ente');
      expect(await listPublishedPosts(app.services.db, other.ente.id, 50)).toEqual([]);
      expect(await readPublishedMedia(app.services.db, other.ente.id, mediaId)).toBeNull();
      expect(await readPublishedMedia(app.services.db, enteId, draftMediaId)).toBeNull();
      expect((await readPublishedMedia(app.services.db, enteId, mediaId))!.bytes.equals(PNG)).toBe(true);
    });
  });

  test.each([
    ['feed.rss', 'rss20', 'application/rss+xml; charset=utf-8'],
    ['feed.atom', 'atom10', 'application/atom+xml; charset=utf-8'],
  ])('%s parses back with feedparser: titles, links, dates, accents, < and &', async (file, version, type) => {
    const res = await anonymous(app).get(`/enti/${slug}/${file}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(type);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const parsed = feedparser(res.rawPayload);
    expect(parsed.bozo, parsed.bozo_exception ?? '').toBe(0);
    expect(parsed.version).toBe(version);
    expect(parsed.encoding.toLowerCase()).toBe('utf-8');
    expect(parsed.feed.title).toBe('Comune di sant-agata: notizie e avvisi');
    expect(parsed.entries).toHaveLength(50);

    const first = parsed.entries[0]!;
    expect(first.title).toBe('Perché la città è più verde: <nuovi> alberi & aiuole');
    expect(first.link).toBe('https://www.comune.santagata.test/alberi');
    expect(first.published).toBe((t0.getTime() + 2 * day) / 1000);
    expect(first.summary).toContain('Città più verde: 120 alberi in via Dante &amp; piazza Cavour.');
    expect(first.summary).toContain('<a href="https://www.comune.santagata.test/alberi?a=1&amp;b=2">');
    expect(first.summary).toContain('alt="Filari di tigli in piazza Cavour"');
    expect(first.author).toContain('Comune di sant-agata');
    expect(first.enclosures).toEqual([expect.objectContaining({ href: `${base}/enti/${slug}/media/${mediaId}.png`, type: 'image/png' })]);
    expect(first.id).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
    // Without a link of its own, an item points at the Ente's website.
    expect(parsed.entries[1]!.link).toMatch(/^https:\/\/www\.comune\.santagata\.test\/?$/);
    const dates = parsed.entries.map((e) => e.published!);
    expect([...dates].sort((a, b) => b - a)).toEqual(dates);
    expect(parsed.entries.map((e) => e.title)).not.toContain('Bozza riservata');
  });

  test('feed.json is JSON Feed 1.1 by shape', async () => {
    const res = await anonymous(app).get(`/enti/${slug}/feed.json`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/feed+json; charset=utf-8');
    const f = res.json<Record<string, unknown> & { items: Record<string, unknown>[] }>();
    expect(f).toMatchObject({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Comune di sant-agata: notizie e avvisi',
      home_page_url: 'https://www.comune.santagata.test',
      feed_url: `${base}/enti/${slug}/feed.json`,
      language: 'it',
      authors: [{ name: 'Comune di sant-agata', url: 'https://www.comune.santagata.test' }],
    });
    expect(f.items).toHaveLength(50);
    for (const item of f.items) {
      expect(typeof item.id).toBe('string');
      expect(typeof item.content_html === 'string' || typeof item.content_text === 'string').toBe(true);
      expect(new Date(item.date_published as string).toISOString()).toBe(item.date_published);
      expect(() => new URL(item.url as string)).not.toThrow();
    }
    expect(f.items[0]).toMatchObject({
      title: 'Perché la città è più verde: <nuovi> alberi & aiuole',
      url: 'https://www.comune.santagata.test/alberi',
      date_published: new Date(t0.getTime() + 2 * day).toISOString(),
      image: `${base}/enti/${slug}/media/${mediaId}.png`,
      attachments: [{ url: `${base}/enti/${slug}/media/${mediaId}.png`, mime_type: 'image/png', size_in_bytes: PNG.length, title: 'Filari di tigli in piazza Cavour' }],
    });
  });

  test('ETag and Last-Modified answer 304; a new publication changes them', async () => {
    const c = anonymous(app);
    const first = await c.get(`/enti/${slug}/feed.atom`);
    const etag = first.headers.etag as string;
    const lastModified = first.headers['last-modified'] as string;
    expect(etag).toMatch(/^"[\w-]+"$/);
    expect(new Date(lastModified).getTime()).toBeGreaterThan(0);
    expect((await c.request('GET', `/enti/${slug}/feed.atom`, undefined, { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await c.request('GET', `/enti/${slug}/feed.atom`, undefined, { 'if-modified-since': lastModified })).statusCode).toBe(304);

    await insertPublishedPost(app, enteId, authorId, { title: 'Ultim’ora', body: 'Nuovo avviso', at: new Date(), channelIds: [tgId] });
    const after = await c.request('GET', `/enti/${slug}/feed.atom`, undefined, { 'if-none-match': etag });
    expect(after.statusCode).toBe(200);
    expect(after.headers.etag).not.toBe(etag);
    expect(feedparser(after.rawPayload).entries[0]!.title).toBe('Ultim’ora');
  });

  test('public images of published posts; drafts and unknown Enti are 404', async () => {
    const c = anonymous(app);
    const img = await c.get(`/enti/${slug}/media/${mediaId}.png`);
    expect(img.statusCode).toBe(200);
    expect(img.headers['content-type']).toBe('image/png');
    expect(img.rawPayload.equals(PNG)).toBe(true);
    expect((await c.get(`/enti/${slug}/media/${draftMediaId}.png`)).statusCode).toBe(404);
    expect((await c.get(`/enti/altro-ente/media/${mediaId}.png`)).statusCode).toBe(404);
    expect((await c.get(`/enti/${slug}/media/${mediaId}.jpeg`)).statusCode).toBe(404);
    expect((await c.get(`/enti/${slug}/media/${mediaId}`)).statusCode).toBe(404);
    expect((await c.get('/enti/non-esiste/feed.rss')).statusCode).toBe(404);
  });
});
