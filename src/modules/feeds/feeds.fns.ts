/**
 * The Ente's own feeds, written from its published posts: RSS 2.0 and Atom 1.0 with `feed@6`,
 * JSON Feed 1.1 by hand (feed@6 writes JSON Feed version 1 only, without `authors`, `language`
 * or `attachments`). Pure functions: no database, no HTTP.
 */
import crypto from 'node:crypto';
import { Feed, type Item } from 'feed';

export type FeedFormat = 'rss' | 'atom' | 'json';

export const CONTENT_TYPES: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
};

export interface FeedEnte {
  slug: string;
  name: string;
  website: string | null;
  email: string | null;
  updatedAt: Date;
}

export interface FeedImage {
  url: string;
  mime: string;
  size: number;
  alt: string | null;
}

export interface FeedEntry {
  id: string;
  title: string;
  text: string;
  link: string | null;
  publishedAt: Date;
  updatedAt: Date;
  images: FeedImage[];
}

export interface FeedInput {
  ente: FeedEnte;
  /** Absolute base URL of this installation, without a trailing slash. */
  base: string;
  entries: FeedEntry[];
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

const URL_RE = /https?:\/\/[^\s<>"']+[^\s<>"'.,;:!?)\]]/g;

/** Plain text to safe HTML: escaped, links made clickable, paragraphs and line breaks kept. */
export function textToHtml(text: string): string {
  const linkify = (line: string) => {
    let out = '';
    let last = 0;
    for (const m of line.matchAll(URL_RE)) {
      out += escapeHtml(line.slice(last, m.index)) + `<a href="${escapeHtml(m[0])}">${escapeHtml(m[0])}</a>`;
      last = m.index + m[0].length;
    }
    return out + escapeHtml(line.slice(last));
  };
  return text
    .trim()
    .split(/\n{2,}/)
    .map((p) => `<p>${p.split('\n').map(linkify).join('<br>')}</p>`)
    .join('\n');
}

/** The item's HTML: its text, then each image with its alt text. */
export function entryHtml(e: FeedEntry): string {
  const imgs = e.images.map((i) => `<p><img src="${escapeHtml(i.url)}" alt="${escapeHtml(i.alt ?? '')}"></p>`);
  return [textToHtml(e.text), ...imgs].join('\n');
}

export function feedUrls(base: string, slug: string) {
  const root = `${base}/enti/${encodeURIComponent(slug)}`;
  return { rss: `${root}/feed.rss`, atom: `${root}/feed.atom`, json: `${root}/feed.json`, policy: `${root}/social-media-policy` };
}

/** When the feed last changed: its newest item, else the Ente. */
export function lastModified(input: FeedInput): Date {
  const times = input.entries.map((e) => e.updatedAt.getTime());
  return new Date(Math.max(input.ente.updatedAt.getTime(), ...times));
}

const title = (ente: FeedEnte) => `${ente.name}: notizie e avvisi`;
const description = (ente: FeedEnte) => `Le pubblicazioni ufficiali di ${ente.name}, dal canale proprio dell'Ente.`;

/** Where an item points: its own link, else the Ente's site, else its public policy page. */
const entryLink = (input: FeedInput, e: FeedEntry) => e.link ?? input.ente.website ?? feedUrls(input.base, input.ente.slug).policy;

function xmlFeed(input: FeedInput, format: 'rss' | 'atom'): string {
  const { ente, base } = input;
  const urls = feedUrls(base, ente.slug);
  const author = { name: ente.name, ...(ente.email ? { email: ente.email } : {}), ...(ente.website ? { link: ente.website } : {}) };
  const feed = new Feed({
    id: urls.atom,
    title: title(ente),
    description: description(ente),
    link: ente.website ?? urls.policy,
    language: 'it',
    updated: lastModified(input),
    generator: 'Redazione',
    feedLinks: { rss: urls.rss, atom: urls.atom, json: urls.json },
    author,
    copyright: `© ${ente.name}`,
  });
  for (const e of input.entries) {
    const first = e.images[0];
    const item: Item = {
      // feed@6 writes Atom entry titles as type="html": escape, or "<nuovi>" would vanish as a tag.
      title: format === 'atom' ? escapeHtml(e.title) : e.title,
      id: `urn:uuid:${e.id}`,
      guid: `urn:uuid:${e.id}`,
      link: entryLink(input, e),
      date: e.updatedAt,
      published: e.publishedAt,
      description: entryHtml(e),
      author: [author],
    };
    // RSS allows one enclosure per item; the other images are in the description with their alt.
    if (first) item.enclosure = { url: first.url, type: first.mime, length: first.size, ...(format === 'atom' && first.alt ? { title: first.alt } : {}) };
    feed.addItem(item);
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}

function jsonFeed(input: FeedInput): string {
  const { ente, base } = input;
  const urls = feedUrls(base, ente.slug);
  const author = { name: ente.name, ...(ente.website ? { url: ente.website } : {}) };
  return JSON.stringify(
    {
      version: 'https://jsonfeed.org/version/1.1',
      title: title(ente),
      home_page_url: ente.website ?? urls.policy,
      feed_url: urls.json,
      description: description(ente),
      language: 'it',
      authors: [author],
      items: input.entries.map((e) => ({
        id: `urn:uuid:${e.id}`,
        url: entryLink(input, e),
        title: e.title,
        content_html: entryHtml(e),
        content_text: e.text,
        date_published: e.publishedAt.toISOString(),
        date_modified: e.updatedAt.toISOString(),
        authors: [author],
        language: 'it',
        ...(e.images[0] ? { image: e.images[0].url } : {}),
        ...(e.images.length
          ? { attachments: e.images.map((i) => ({ url: i.url, mime_type: i.mime, size_in_bytes: i.size, ...(i.alt ? { title: i.alt } : {}) })) }
          : {}),
      })),
    },
    null,
    2,
  );
}

/** The feed document in a format. */
export function renderFeed(input: FeedInput, format: FeedFormat): string {
  return format === 'json' ? jsonFeed(input) : xmlFeed(input, format);
}

/** A strong validator of the exact bytes. */
export const etagOf = (body: string) => `"${crypto.createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`;

/** Whether a conditional GET can be answered 304 (If-None-Match wins over If-Modified-Since). */
export function notModified(headers: { 'if-none-match'?: string; 'if-modified-since'?: string }, etag: string, modified: Date): boolean {
  const inm = headers['if-none-match'];
  if (inm) return inm.split(',').some((t) => t.trim().replace(/^W\//, '') === etag || t.trim() === '*');
  const ims = headers['if-modified-since'];
  if (!ims) return false;
  const since = Date.parse(ims);
  return !Number.isNaN(since) && Math.floor(modified.getTime() / 1000) <= Math.floor(since / 1000);
}
