/**
 * A live character count per platform, as the server counts it (src/modules/editorial/
 * platforms.fns.ts): X weighs characters and counts every link as 23; Bluesky and Mastodon count
 * graphemes (Mastodon: links as 23, mentions without the instance); the others count code points.
 * "Verifica" gives the authoritative count.
 */
import type { Platform } from '../api/types';

type Counting = 'x-weighted' | 'graphemes' | 'chars';

const LIMITS: Record<Platform, { max: number | null; counting: Counting; urlLength?: number }> = {
  facebook_page: { max: 63206, counting: 'chars' },
  instagram: { max: 2200, counting: 'chars' },
  x: { max: 280, counting: 'x-weighted', urlLength: 23 },
  youtube: { max: 5000, counting: 'chars' },
  linkedin: { max: 3000, counting: 'chars' },
  telegram: { max: 4096, counting: 'chars' },
  whatsapp: { max: 4096, counting: 'chars' },
  messenger: { max: 2000, counting: 'chars' },
  bluesky: { max: 300, counting: 'graphemes' },
  mastodon: { max: 500, counting: 'graphemes', urlLength: 23 },
  activitypub: { max: 500, counting: 'graphemes', urlLength: 23 },
  website: { max: null, counting: 'chars' },
  rss: { max: null, counting: 'chars' },
};

const LINK = /\bhttps?:\/\/[^\s<>"]+[^\s<>".,;:!?)\]}'’»]/giu;
const BARE_LINK = /\b(?:www\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:it|eu|com|org|net|gov|edu|info)(?:\/[^\s<>"]*[^\s<>".,;:!?)\]}'’»])?/giu;
const MENTION = /(?<![\w@])@([a-z0-9_]+)@[a-z0-9.-]+\.[a-z]{2,}/giu;
const EMOJI = /\p{Extended_Pictographic}(?:\uFE0F|\u200D\p{Extended_Pictographic}|[\u{1F3FB}-\u{1F3FF}])*/gu;

interface Special {
  start: number;
  end: number;
  weight: number;
}

function links(text: string, withBare: boolean): Special[] {
  const out: Special[] = [];
  for (const m of text.matchAll(LINK)) out.push({ start: m.index, end: m.index + m[0].length, weight: 23 });
  if (withBare) {
    for (const m of text.matchAll(BARE_LINK)) {
      const start = m.index;
      if (!out.some((l) => start >= l.start && start < l.end)) out.push({ start, end: start + m[0].length, weight: 23 });
    }
  }
  return out;
}

function xWeight(cp: number): number {
  if (cp >= 0x0300 && cp <= 0x036f) return 0;
  if (cp <= 0x10ff || (cp >= 0x2000 && cp <= 0x200d) || (cp >= 0x2010 && cp <= 0x201f) || (cp >= 0x2032 && cp <= 0x2037)) return 1;
  return 2;
}

/** Counts units in order, letting special tokens (links, emoji, mentions) count as a whole. */
function countWith(text: string, specials: Special[], unit: (i: number) => { size: number; weight: number }): number {
  specials.sort((a, b) => a.start - b.start);
  let length = 0;
  let k = 0;
  let i = 0;
  while (i < text.length) {
    const s = specials[k];
    if (s && s.start <= i) {
      if (s.end > i) {
        length += s.weight;
        i = s.end;
      }
      k++;
      continue;
    }
    const u = unit(i);
    length += u.weight;
    i += u.size;
  }
  return length;
}

let segmenter: Intl.Segmenter | null = null;

function graphemeStarts(text: string): Set<number> {
  segmenter ??= new Intl.Segmenter('it', { granularity: 'grapheme' });
  const starts = new Set<number>();
  for (const g of segmenter.segment(text)) starts.add(g.index);
  return starts;
}

/** The length of a text as the platform counts it, and the platform's limit (null = none). */
export function countFor(platform: Platform, text: string): { length: number; limit: number | null } {
  const info = LIMITS[platform] ?? { max: null, counting: 'chars' as const };
  if (info.counting === 'x-weighted') {
    const specials = [...links(text, true), ...[...text.matchAll(EMOJI)].map((m) => ({ start: m.index, end: m.index + m[0].length, weight: 2 }))];
    const length = countWith(text, specials, (i) => {
      const cp = text.codePointAt(i) ?? 0;
      return { size: cp > 0xffff ? 2 : 1, weight: xWeight(cp) };
    });
    return { length, limit: info.max };
  }
  if (info.counting === 'graphemes') {
    const specials: Special[] = info.urlLength ? links(text, false) : [];
    if (platform === 'mastodon' || platform === 'activitypub') {
      for (const m of text.matchAll(MENTION)) specials.push({ start: m.index, end: m.index + m[0].length, weight: (m[1]?.length ?? 0) + 1 });
    }
    const starts = graphemeStarts(text);
    const length = countWith(text, specials, (i) => {
      let j = i + 1;
      while (j < text.length && !starts.has(j)) j++;
      return { size: j - i, weight: 1 };
    });
    return { length, limit: info.max };
  }
  return { length: [...text].length, limit: info.max };
}
