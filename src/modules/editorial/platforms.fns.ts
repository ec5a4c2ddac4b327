/**
 * The platforms a channel can live on, their text limits and how each one counts characters.
 * Sources: X and twitter-text (weighted length), Bluesky lexicon (300 graphemes), Mastodon's
 * StatusLengthValidator (graphemes, links as 23, mentions without the instance), the platforms'
 * API documentation for the rest.
 */
import { extractLinks, findEmoji, findMentions } from './text.fns.ts';

// The platforms themselves are the channels registry's: one list for the whole product.
export { PLATFORMS, type Platform } from '../channels/index.ts';
import type { Platform } from '../channels/index.ts';

export type Counting = 'x-weighted' | 'graphemes' | 'chars';

export interface PlatformLimits {
  maxChars: number | null;
  /** 'chars' counts Unicode code points; 'graphemes' what a reader sees as one character. */
  counting: Counting;
  /** Every link counts this many characters, whatever its real length. */
  urlLength?: number;
  requiresMedia?: 'image_or_video' | 'video';
  /** Limit of a caption when the post carries media (Telegram). */
  captionMaxChars?: number;
  /** Limit of the title, for platforms that have one (YouTube). */
  titleMaxChars?: number;
}

interface PlatformInfo extends PlatformLimits {
  label: string;
  /** Where the limit comes from, cited in the findings. */
  source: string;
}

const INFO: Record<Platform, PlatformInfo> = {
  facebook_page: { label: 'Facebook', source: 'Facebook API limits', maxChars: 63206, counting: 'chars' },
  instagram: {
    label: 'Instagram',
    source: 'Instagram API limits',
    maxChars: 2200,
    counting: 'chars',
    requiresMedia: 'image_or_video',
  },
  x: { label: 'X', source: 'X API limits', maxChars: 280, counting: 'x-weighted', urlLength: 23 },
  youtube: {
    label: 'YouTube',
    source: 'YouTube API limits',
    maxChars: 5000,
    counting: 'chars',
    requiresMedia: 'video',
    titleMaxChars: 100,
  },
  linkedin: { label: 'LinkedIn', source: 'LinkedIn API limits', maxChars: 3000, counting: 'chars' },
  telegram: {
    label: 'Telegram',
    source: 'Telegram Bot API limits',
    maxChars: 4096,
    counting: 'chars',
    captionMaxChars: 1024,
  },
  whatsapp: { label: 'WhatsApp', source: 'WhatsApp API limits', maxChars: 4096, counting: 'chars' },
  messenger: { label: 'Messenger', source: 'Messenger Send API limits', maxChars: 2000, counting: 'chars' },
  bluesky: { label: 'Bluesky', source: 'Bluesky (AT Protocol) limits', maxChars: 300, counting: 'graphemes' },
  mastodon: {
    label: 'Mastodon',
    source: 'Mastodon instance limits',
    maxChars: 500,
    counting: 'graphemes',
    urlLength: 23,
  },
  activitypub: {
    label: 'ActivityPub',
    source: 'ActivityPub (Mastodon-compatible) limits',
    maxChars: 500,
    counting: 'graphemes',
    urlLength: 23,
  },
  website: { label: 'sito web', source: 'Nessun limite', maxChars: null, counting: 'chars' },
  rss: { label: 'RSS', source: 'Nessun limite', maxChars: null, counting: 'chars' },
};

/** The limits of a platform and how it counts. */
export function platformLimits(p: Platform): PlatformLimits {
  const { label: _label, source: _source, ...limits } = INFO[p];
  return limits;
}

/** Name of the platform for messages, and the source of its limits. */
export function platformLabel(p: Platform): { label: string; source: string } {
  return { label: INFO[p].label, source: INFO[p].source };
}

/** The length of a text as the platform counts it against its limit. */
export function measureText(p: Platform, text: string): number {
  return scanLength(p, text, Number.POSITIVE_INFINITY).length;
}

/**
 * The counted length and the UTF-16 offset of the first character over `limit` (null when the
 * text fits): the overflow span a redattore has to cut.
 */
export function scanLength(p: Platform, text: string, limit: number): { length: number; overflowAt: number | null } {
  const info = INFO[p];
  switch (info.counting) {
    case 'x-weighted':
      return scanWeighted(text, limit);
    case 'graphemes':
      return scanGraphemes(text, limit, info.urlLength, p === 'mastodon' || p === 'activitypub');
    case 'chars':
      return scanCodePoints(text, limit);
  }
}

interface Unit {
  start: number;
  end: number;
  weight: number;
}

/** Applies the units in order and finds where the running total first passes the limit. */
function total(text: string, units: Iterable<Unit>, limit: number): { length: number; overflowAt: number | null } {
  let length = 0;
  let overflowAt: number | null = null;
  for (const u of units) {
    length += u.weight;
    if (overflowAt === null && length > limit) overflowAt = u.start;
  }
  return { length, overflowAt: overflowAt === null ? null : Math.min(overflowAt, text.length) };
}

function scanCodePoints(text: string, limit: number): { length: number; overflowAt: number | null } {
  let length = 0;
  let overflowAt: number | null = null;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const prev = text.charCodeAt(i - 1);
      if (prev >= 0xd800 && prev <= 0xdbff) continue; // second half of a surrogate pair
    }
    length++;
    if (overflowAt === null && length > limit) overflowAt = i;
  }
  return { length, overflowAt };
}

// twitter-text v3 weights: these ranges count 1, every other code point counts 2; an emoji
// sequence counts 2 however many code points it has; a link counts 23.
const X_LIGHT: readonly (readonly [number, number])[] = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];

function xWeight(cp: number): number {
  // Combining accents count nothing: X normalises to NFC, where "e" + U+0301 becomes "é".
  if (cp >= 0x0300 && cp <= 0x036f) return 0;
  for (const [a, b] of X_LIGHT) if (cp >= a && cp <= b) return 1;
  return 2;
}

function* weightedUnits(text: string): Generator<Unit> {
  const specials: Unit[] = [
    ...extractLinks(text).map((l) => ({ start: l.start, end: l.end, weight: 23 })),
    ...findEmoji(text).map((e) => ({ start: e.start, end: e.end, weight: 2 })),
  ].sort((a, b) => a.start - b.start);
  let k = 0;
  let i = 0;
  while (i < text.length) {
    const s = specials[k];
    if (s && s.start <= i) {
      if (s.end > i) {
        yield s;
        i = s.end;
      }
      k++;
      continue;
    }
    const cp = text.codePointAt(i) ?? 0;
    const size = cp > 0xffff ? 2 : 1;
    yield { start: i, end: i + size, weight: xWeight(cp) };
    i += size;
  }
}

function scanWeighted(text: string, limit: number): { length: number; overflowAt: number | null } {
  return total(text, weightedUnits(text), limit);
}

const SEGMENTER = new Intl.Segmenter('it', { granularity: 'grapheme' });
// Texts made only of these characters have one grapheme per UTF-16 unit (no CR LF pairs,
// no combining marks, no surrogates), so they can skip the segmenter.
const SIMPLE = /^[\n\t\x20-\x7E\u00A0-\u02FF]*$/;

function* graphemeUnits(text: string, urlLength: number | undefined, mastodon: boolean): Generator<Unit> {
  const specials: Unit[] = [];
  if (urlLength !== undefined) {
    // Mastodon shortens only links written with their scheme.
    for (const l of extractLinks(text)) if (l.scheme !== null) specials.push({ start: l.start, end: l.end, weight: urlLength });
  }
  if (mastodon) {
    // @comune@mastodon.uno counts as @comune: the instance is free.
    for (const m of findMentions(text)) specials.push({ start: m.start, end: m.end, weight: m.body.length + 1 });
  }
  specials.sort((a, b) => a.start - b.start);
  let k = 0;
  const simple = SIMPLE.test(text);
  const iter: Iterable<{ index: number; segment: string }> = simple ? asciiSegments(text) : SEGMENTER.segment(text);
  let entered = -1;
  for (const g of iter) {
    let s = specials[k];
    while (s && s.end <= g.index) s = specials[++k];
    if (s && g.index >= s.start) {
      // A special token counts once, at the first grapheme that falls inside it.
      if (entered !== k) yield s;
      entered = k;
      continue;
    }
    yield { start: g.index, end: g.index + g.segment.length, weight: 1 };
  }
}

function* asciiSegments(text: string): Generator<{ index: number; segment: string }> {
  for (let i = 0; i < text.length; i++) yield { index: i, segment: text.charAt(i) };
}

function scanGraphemes(
  text: string,
  limit: number,
  urlLength: number | undefined,
  mastodon: boolean,
): { length: number; overflowAt: number | null } {
  return total(text, graphemeUnits(text, urlLength, mastodon), limit);
}
