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
