/**
 * Tokenising a post's text: links, emoji, hashtags and mentions, with UTF-16 offsets. Shared by the
 * character counters of the platforms and by the checks.
 */

export interface TextToken {
  start: number;
  end: number;
  text: string;
}

export interface ExtractedLink extends TextToken {
  /** The address to fetch: as written, or with `http://` when the text has no scheme. */
  url: string;
  /** The scheme as written; null for `www.comune.it` or a bare `comune.it`. */
  scheme: 'https' | 'http' | null;
}

const URL_CHARS = String.raw`[^\s<>"«»]`;
// Bare domains are recognised only for the TLDs an Italian PA post actually uses, so that
// "ore 9.30" or "art.3" never look like links.
const LINK = new RegExp(
  String.raw`https?:\/\/${URL_CHARS}+` +
    String.raw`|(?<![\p{L}\p{N}@.\/_-])(?:www\.${URL_CHARS}+` +
    String.raw`|(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:it|eu|com|org|net|gov|edu|info|io)(?![\p{L}\p{N}_@-])(?:[\/?#]${URL_CHARS}*)?)`,
  'giu',
);
const TRAILING = /[.,;:!?'"’”»)\]}*…]$/u;

// Several checks tokenise the same text; a small memo keeps that to once per text. Callers get
// fresh arrays, so they may push or sort freely (the tokens themselves are shared: read-only).
const MEMO_SIZE = 64;
/** Memoises a pure text → array function on its last 64 texts; returns a fresh array each time. */
export function memo<T>(fn: (text: string) => T[]): (text: string) => T[] {
  const cache = new Map<string, T[]>();
  return (text) => {
    let hit = cache.get(text);
    if (hit === undefined) {
      hit = fn(text);
      if (cache.size >= MEMO_SIZE) cache.delete(cache.keys().next().value as string);
      cache.set(text, hit);
    }
    return hit.slice();
  };
}

// No link can exist without one of these: skips the costly scan for most texts.
const LINK_HINT = /:\/\/|www\.|\.(?:it|eu|com|org|net|gov|edu|info|io)(?![a-z0-9])/i;

/** Every link in a text (with scheme, `www.` or a bare domain), so the caller knows what to fetch. */
export const extractLinks: (text: string) => ExtractedLink[] = memo(scanLinks);

function scanLinks(text: string): ExtractedLink[] {
  const out: ExtractedLink[] = [];
  if (!LINK_HINT.test(text)) return out;
  for (const m of text.matchAll(LINK)) {
    let raw = m[0];
    // Punctuation that ends the sentence is not part of the address; a closing parenthesis is,
    // when it closes one opened inside the address (Wikipedia-style paths).
    while (TRAILING.test(raw)) {
      if (raw.endsWith(')') && count(raw, '(') >= count(raw, ')')) break;
      raw = raw.slice(0, -1);
    }
    const lower = raw.slice(0, 8).toLowerCase();
    const scheme = lower.startsWith('https://') ? 'https' : lower.startsWith('http://') ? 'http' : null;
    if (raw.length < 4 || (scheme !== null && raw.length <= scheme.length + 3)) continue;
    const start = m.index;
    out.push({ start, end: start + raw.length, text: raw, url: scheme ? raw : `http://${raw}`, scheme });
  }
  return out;
}

function count(s: string, ch: string): number {
  let n = 0;
  for (const c of s) if (c === ch) n++;
  return n;
}

// An emoji is a flag (two regional indicators), a keycap, or a pictograph with its optional
// skin-tone modifier, variation selector, tag sequence and ZWJ-joined parts.
const PICTO = String.raw`\p{Extended_Pictographic}(?:\p{Emoji_Modifier}|\uFE0F|[\u{E0020}-\u{E007E}]+\u{E007F})?`;
const EMOJI = new RegExp(
  String.raw`\p{Regional_Indicator}{2}|[#*0-9]\uFE0F?\u20E3|${PICTO}(?:\u200D${PICTO})*`,
  'gu',
);
const EMOJI_PRESENTATION = /^\p{Emoji_Presentation}/u;

/**
 * Emoji as a reader sees them, one token per emoji however many code points it has. Characters
 * with text presentation by default (©, ®, ™, ↔) count only when followed by U+FE0F.
 */
export const findEmoji: (text: string) => TextToken[] = memo(scanEmoji);

function scanEmoji(text: string): TextToken[] {
  const out: TextToken[] = [];
  if (!MAYBE_EMOJI.test(text)) return out;
  for (const m of text.matchAll(EMOJI)) {
    const t = m[0];
    const first = t.codePointAt(0) ?? 0;
    const isKeycap = t.endsWith('\u20E3');
    const isFlag = first >= 0x1f1e6 && first <= 0x1f1ff;
    if (isKeycap || isFlag || t.length > (first > 0xffff ? 2 : 1) || EMOJI_PRESENTATION.test(t)) {
      out.push({ start: m.index, end: m.index + t.length, text: t });
    }
  }
  return out;
}
// Cheap pre-test: no emoji can exist without one of these code units.
const MAYBE_EMOJI = /[\u00A9\u00AE\u203C-\u3299\uD83C-\uD83E\u20E3]/;

const HASHTAG = /(?<![\p{L}\p{M}\p{N}_&\/#＃])[#＃]([\p{L}\p{M}\p{N}_]+)/gu;
const HAS_LETTER = /\p{L}/u;
const MENTION =
  /(?<![\p{L}\p{N}_.@\/])@([\p{L}\p{N}_](?:[\p{L}\p{N}_.-]*[\p{L}\p{N}_])?)(?:@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+)?/gu;

export interface TagToken extends TextToken {
  /** The name without `#` or `@` (for a fediverse mention, without the instance). */
  body: string;
}

/** Hashtags with at least one letter (#2025 is not a hashtag), outside links. */
export const findHashtags: (text: string) => TagToken[] = memo((text) =>
  text.includes('#') || text.includes('＃') ? tokens(text, HASHTAG).filter((t) => HAS_LETTER.test(t.body)) : [],
);

/** Mentions: @comune, @comune.bsky.social, @comune@mastodon.uno; e-mail addresses are not. */
export const findMentions: (text: string) => TagToken[] = memo((text) => (text.includes('@') ? tokens(text, MENTION) : []));

function tokens(text: string, re: RegExp): TagToken[] {
  const out: TagToken[] = [];
  const links = extractLinks(text);
  for (const m of text.matchAll(re)) {
    const start = m.index;
    const end = start + m[0].length;
    if (links.some((l) => start < l.end && end > l.start)) continue;
    out.push({ start, end, text: m[0], body: m[1] ?? '' });
  }
  return out;
}
