/**
 * Pure helpers of the Bluesky connector: the deterministic record key, link facets with UTF-8
 * byte offsets, the grapheme count the PDS enforces, and the text that goes out.
 * AT Protocol references: https://atproto.com/specs/record-key (TID),
 * https://docs.bsky.app/docs/advanced-guides/post-richtext (facets are byte ranges in UTF-8).
 */
import crypto from 'node:crypto';

/** The PDS refuses a post whose text has more graphemes than this (lexicon app.bsky.feed.post). */
export const MAX_GRAPHEMES = 300;
/** Bytes limit of one image blob in app.bsky.embed.images. */
export const MAX_IMAGE_BYTES = 1_000_000;
export const MAX_IMAGES = 4;

const S32 = '234567abcdefghijklmnopqrstuvwxyz';
// A TID is 64 bits: 0, 53 bits of microseconds since 1970, 10 bits of clock id.
const WINDOW_START_US = BigInt(Date.UTC(2023, 0, 1)) * 1000n;
const WINDOW_US = 2n * 365n * 86_400n * 1_000_000n;

/**
 * A valid TID derived only from the idempotency key, so every attempt of one variant writes the
 * same record key and a retry can never create a second post. The PDS only accepts TIDs as keys
 * of app.bsky.feed.post ("Invalid TID string" otherwise); the timestamp part falls in 2023–2024,
 * never in the future, and clients order posts by `createdAt`, not by key.
 */
export function tidFromKey(idempotencyKey: string): string {
  const h = crypto.createHash('sha256').update(`redazione:bsky:${idempotencyKey}`).digest();
  const micros = WINDOW_START_US + (h.readBigUInt64BE(0) % WINDOW_US);
  const clock = BigInt(h.readUInt16BE(8) & 0x3ff);
  let v = (micros << 10n) | clock;
  let out = '';
  for (let i = 0; i < 13; i++) {
    out = S32[Number(v & 31n)]! + out;
    v >>= 5n;
  }
  return out;
}

/** True for a syntactically valid TID. */
export const isTid = (s: string) => /^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$/.test(s);

/** User-perceived characters, as the PDS counts them. */
export function graphemeCount(text: string): number {
  let n = 0;
  for (const _ of new Intl.Segmenter('it', { granularity: 'grapheme' }).segment(text)) n++;
  return n;
}

/** The text that goes out: the variant's text, plus its link on a new line when not already in it. */
export function composeText(text: string, link?: string | null): string {
  const t = text.trim();
  if (!link || t.includes(link)) return t;
  return t ? `${t}\n\n${link}` : link;
}

export interface LinkFacet {
  index: { byteStart: number; byteEnd: number };
  features: [{ $type: 'app.bsky.richtext.facet#link'; uri: string }];
}

// http(s) URLs; a trailing punctuation mark ends the sentence, not the URL.
const URL_RE = /https?:\/\/[^\s<>"']+/g;

/** One link facet per http(s) URL in the text, with UTF-8 byte offsets. */
export function linkFacets(text: string): LinkFacet[] {
  const facets: LinkFacet[] = [];
  for (const m of text.matchAll(URL_RE)) {
    let uri = m[0];
    while (/[.,;:!?)\]]$/.test(uri) && !(uri.endsWith(')') && uri.includes('('))) uri = uri.slice(0, -1);
    try {
      new URL(uri);
    } catch {
      continue;
    }
    const byteStart = Buffer.byteLength(text.slice(0, m.index), 'utf8');
    facets.push({
      index: { byteStart, byteEnd: byteStart + Buffer.byteLength(uri, 'utf8') },
      features: [{ $type: 'app.bsky.richtext.facet#link', uri }],
    });
  }
  return facets;
}

/** The public web address of a post on bsky.app, from its at:// URI and the author's handle. */
export function postUrl(uri: string, handle: string): string | null {
  const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(uri);
  return m ? `https://bsky.app/profile/${handle || m[1]}/post/${m[2]}` : null;
}

/** The parts of an at:// URI of a record: `at://<did>/<collection>/<rkey>`. */
export function parseAtUri(uri: string): { did: string; collection: string; rkey: string } | null {
  const m = /^at:\/\/(did:[a-z]+:[A-Za-z0-9._:%-]+)\/([a-zA-Z0-9.-]+)\/([A-Za-z0-9._~:-]{1,512})$/.exec(uri);
  return m ? { did: m[1]!, collection: m[2]!, rkey: m[3]! } : null;
}

/** A strong reference to a record (lexicon com.atproto.repo.strongRef). */
export interface StrongRef {
  uri: string;
  cid: string;
}

/** The reasons of app.bsky.notification.listNotifications that are comments to the Ente. */
export const INBOX_REASONS = ['reply', 'mention', 'quote'] as const;

/** A notification as app.bsky.notification.listNotifications gives it (the fields we read). */
export interface BskyNotification {
  uri: string;
  cid: string;
  author: { did: string; handle: string; displayName?: string };
  reason: string;
  record: unknown;
  indexedAt: string;
}

/**
 * How far back a poll looks again. A notification's `indexedAt` is the AppView's `sortAt`, the
 * earlier of the post's `createdAt` (the author's clock) and the moment it was indexed: a reply
 * indexed late, or written on a clock that runs behind, sorts before notifications already read.
 * So a poll re-reads this window and skips only the URIs it has already returned.
 */
export const POLL_LOOKBACK_MS = 30 * 60_000;
/** At most this many URIs are remembered (a busy half hour); the oldest go first. */
const MAX_REMEMBERED = 2_000;

/**
 * The poll cursor: the newest `indexedAt` read, and the URIs read within the look-back window
 * before it, each with its `indexedAt` in milliseconds, so a poll returns each notification once.
 */
export interface PollCursor {
  at: string;
  seen: Map<string, number>;
}

export function readCursor(cursor: string | null): PollCursor | null {
  if (!cursor) return null;
  try {
    const c = JSON.parse(cursor) as { at?: unknown; seen?: unknown; uris?: unknown };
    if (typeof c.at !== 'string' || Number.isNaN(Date.parse(c.at))) return null;
    const at = Date.parse(c.at);
    const seen = new Map<string, number>();
    if (Array.isArray(c.seen)) {
      for (const e of c.seen) if (Array.isArray(e) && typeof e[0] === 'string' && typeof e[1] === 'number') seen.set(e[0], e[1]);
    } else if (Array.isArray(c.uris)) {
      // The earlier form: the URIs read at the newest instant only.
      for (const u of c.uris) if (typeof u === 'string') seen.set(u, at);
    }
    return { at: c.at, seen };
  } catch {
    /* an unreadable cursor reads again from the latest page */
  }
  return null;
}

/** The oldest `indexedAt` a poll after `c` still reads. */
export function windowStart(c: PollCursor): number {
  return Date.parse(c.at) - POLL_LOOKBACK_MS;
}

/** Whether a notification has not been returned yet: newer than the window, or in it and unseen. */
export function isUnread(n: Pick<BskyNotification, 'uri' | 'indexedAt'>, c: PollCursor | null): boolean {
  if (!c) return true;
  if (Date.parse(n.indexedAt) < windowStart(c)) return false;
  return !c.seen.has(n.uri);
}

/** The cursor after reading `read` on top of `previous`. */
export function nextCursor(previous: PollCursor | null, read: Pick<BskyNotification, 'uri' | 'indexedAt'>[]): string | null {
  let at = previous?.at ?? null;
  const seen = new Map<string, number>(previous?.seen ?? []);
  for (const n of read) {
    const t = Date.parse(n.indexedAt);
    if (Number.isNaN(t)) continue;
    seen.set(n.uri, t);
    if (at === null || t > Date.parse(at)) at = n.indexedAt;
  }
  if (at === null) return null;
  const from = Date.parse(at) - POLL_LOOKBACK_MS;
  const kept = [...seen].filter(([, t]) => t >= from).sort((a, b) => b[1] - a[1]).slice(0, MAX_REMEMBERED);
  return JSON.stringify({ at, seen: kept });
}

interface PostLike {
  text?: unknown;
  createdAt?: unknown;
  reply?: { root?: { uri?: unknown }; parent?: { uri?: unknown } };
  embed?: { $type?: unknown; record?: { uri?: unknown; record?: { uri?: unknown } } };
}

/** The post a quote embeds (app.bsky.embed.record, or recordWithMedia), if any. */
function quotedUri(record: PostLike): string | null {
  const e = record.embed;
  const uri = e?.record?.uri ?? e?.record?.record?.uri;
  return typeof uri === 'string' ? uri : null;
}

/**
 * A reply, mention or quote as an inbox comment: its thread is the root post of the conversation
 * (a quote answers the post it quotes), its parent the post it replies to.
 */
export function itemOfNotification(n: BskyNotification, now: Date) {
  if (!(INBOX_REASONS as readonly string[]).includes(n.reason)) return null;
  const record = (n.record ?? {}) as PostLike;
  if (typeof record.text !== 'string' || !record.text.trim()) return null;
  const root = typeof record.reply?.root?.uri === 'string' ? record.reply.root.uri : null;
  const parent = typeof record.reply?.parent?.uri === 'string' ? record.reply.parent.uri : null;
  const created = typeof record.createdAt === 'string' ? Date.parse(record.createdAt) : Number.NaN;
  const indexed = Date.parse(n.indexedAt);
  return {
    platformId: n.uri,
    kind: 'comment' as const,
    threadRef: root ?? (n.reason === 'quote' ? quotedUri(record) : null) ?? n.uri,
    parentRef: parent,
    author: { platformId: n.author.did, name: n.author.displayName?.trim() || n.author.handle, handle: `@${n.author.handle}` },
    text: record.text,
    // When the network saw it: `createdAt` is whatever the author's client wrote.
    receivedAt: new Date(!Number.isNaN(indexed) ? indexed : !Number.isNaN(created) ? created : now.getTime()),
    url: postUrl(n.uri, n.author.handle),
  };
}

/** The threadgate's hidden replies after hiding or unhiding `uri`; null when nothing changes. */
export function hiddenAfter(current: readonly string[], uri: string, hide: boolean): string[] | null {
  const has = current.includes(uri);
  if (hide === has) return null;
  return hide ? [...current, uri] : current.filter((u) => u !== uri);
}

/** Lexicon app.bsky.feed.threadgate: at most this many hidden replies. */
export const MAX_HIDDEN_REPLIES = 300;
