/**
 * Flood memory: identical or near-identical comments by one author, or the same text posted by
 * many authors, inside a time window. Bounded memory: expired entries are swept regularly and
 * each author keeps only the latest comments.
 */

export interface FloodOptions {
  /** Window in milliseconds (default 30 minutes). */
  windowMs: number;
  /** Copies by one author, the current one included, that make a flood (default 3). */
  sameAuthorLimit: number;
  /** Distinct authors posting the same text that make a coordinated flood (default 5). */
  crossAuthorLimit: number;
  /** Near-identical: Jaccard similarity of the word sets at least this (default 0.8). */
  nearIdentical: number;
}

export interface FloodCounts {
  /** Comments by this author in the window identical or near-identical to this one, itself included. */
  sameAuthor: number;
  /** Distinct authors who posted this exact text in the window, this one included. */
  crossAuthors: number;
}

interface AuthorEntry {
  at: number;
  key: number;
  /** The caller's id of the comment, when given: the same comment recorded twice counts once. */
  item?: string;
  /** sorted, distinct word hashes */
  words: Uint32Array;
  /** `signature(words)`: rules most pairs out before the merge. */
  sig: number;
}

const DEFAULTS: FloodOptions = { windowMs: 30 * 60_000, sameAuthorLimit: 3, crossAuthorLimit: 5, nearIdentical: 0.8 };
const PER_AUTHOR = 20;
const SWEEP_EVERY = 2000;
/** Only the first words make the fingerprint: enough to tell comments apart, bounded cost. */
const FINGERPRINT_WORDS = 64;

function hashWord(w: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < w.length; i++) h = Math.imul(h ^ w.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Order-sensitive key of the text and its sorted distinct word hashes (no Set per comment). */
function fingerprint(words: string[]): { key: number; set: Uint32Array } {
  const hashes = new Uint32Array(words.length);
  let key = 0x811c9dc5;
  for (let i = 0; i < words.length; i++) {
    const h = hashWord(words[i] as string);
    hashes[i] = h;
    key = Math.imul(key ^ h, 0x01000193);
  }
  hashes.sort();
  let n = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[n++] = hashes[i] as number;
  return { key: key >>> 0, set: hashes.subarray(0, n) };
}

/** One bit per word (its hash modulo 32): a 32-bit summary of a set of word hashes. */
export function signature(set: Uint32Array): number {
  let sig = 0;
  for (let i = 0; i < set.length; i++) sig |= 1 << ((set[i] as number) & 31);
  return sig;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}

/**
 * False only when two sets (sizes `la`, `lb`, signatures `sa`, `sb`) cannot reach Jaccard `t`:
 * a bit set in one signature and not the other comes from a word in only one set, so the bits of
 * `sa ^ sb` are at most the size of the symmetric difference X; and Jaccard ≥ t needs
 * |X| ≤ (1 − t)·|A ∪ B| = (1 − t)·(la + lb + |X|)/2, that is |X| ≤ (1 − t)(la + lb)/(1 + t).
 * Exact as a filter: it never rules out a pair that `nearIdentical` accepts.
 */
export function mayBeNearIdentical(sa: number, la: number, sb: number, lb: number, t: number): boolean {
  return popcount(sa ^ sb) * (1 + t) <= (1 - t) * (la + lb) + 1e-9; // rounding must never rule a pair out
}

/** The words a fingerprint is made of: letters only, no punctuation or emoji. */
export function floodWords(normalized: string): string[] {
  return normalized.match(/[a-z]+/g) ?? [];
}

/**
 * Whether the Jaccard similarity of two sorted distinct hash arrays is at least `t`, by merging.
 * The merge stops as soon as the words already missing on either side rule it out: most pairs of
 * comments by one person differ in their first few words, so few are walked to the end.
 */
export function nearIdentical(a: Uint32Array, b: Uint32Array, t: number): boolean {
  const la = a.length;
  const lb = b.length;
  if (la === 0 && lb === 0) return true;
  // The best case, every word of the shorter in the longer, already falls short.
  if (Math.min(la, lb) < t * Math.max(la, lb)) return false;
  let i = 0, j = 0, inter = 0;
  while (i < la && j < lb) {
    const x = a[i] as number, y = b[j] as number;
    if (x === y) { inter++; i++; j++; continue; }
    if (x < y) i++;
    else j++;
    // At most this many words can still be shared: if even that is too few, stop.
    const best = inter + Math.min(la - i, lb - j);
    if (best < t * (la + lb - best)) return false;
  }
  return inter >= t * (la + lb - inter);
}

/** Drops a text's authors who posted it before `since`, and notes the oldest instant left. */
function expire(entry: { authors: Map<string, number>; oldest: number }, since: number): void {
  let oldest = Infinity;
  for (const [a, t] of entry.authors) {
    if (t < since) entry.authors.delete(a);
    else if (t < oldest) oldest = t;
  }
  entry.oldest = oldest;
}

export class FloodTracker {
  readonly options: FloodOptions;
  private readonly byAuthor = new Map<string, AuthorEntry[]>();
  /** Per text: who posted it and when, and the oldest of those instants (nothing to expire before it). */
  private readonly byText = new Map<number, { authors: Map<string, number>; oldest: number }>();
  private records = 0;

  constructor(options: Partial<FloodOptions> = {}) {
    this.options = { ...DEFAULTS, ...options };
  }

  /**
   * Records a comment and returns how many copies are in the window. With `item` (a stable id of
   * the comment), recording the same comment again (a re-delivery) does not add a copy.
   */
  record(allWords: string[], author: string | undefined, at: number, item?: string): FloodCounts {
    if (++this.records % SWEEP_EVERY === 0) this.sweep(at);
    const words = allWords.length > FINGERPRINT_WORDS ? allWords.slice(0, FINGERPRINT_WORDS) : allWords;
    const { key, set } = fingerprint(words);
    const since = at - this.options.windowMs;
    let sameAuthor = 1;
    let crossAuthors = 1;
    if (author !== undefined && words.length > 0) {
      let list = this.byAuthor.get(author);
      if (!list) this.byAuthor.set(author, (list = []));
      while (list.length > 0 && (list[0] as AuthorEntry).at < since) list.shift();
      let seen = false;
      const sig = signature(set);
      const t = this.options.nearIdentical;
      for (const e of list) {
        if (item !== undefined && e.item === item) seen = true;
        else if (e.key === key || (mayBeNearIdentical(e.sig, e.words.length, sig, set.length, t) && nearIdentical(e.words, set, t))) sameAuthor++;
      }
      if (!seen) {
        list.push({ at, key, words: set, sig, item });
        if (list.length > PER_AUTHOR) list.shift();
      }
    }
    if (words.length >= 4) {
      let entry = this.byText.get(key);
      if (!entry) this.byText.set(key, (entry = { authors: new Map<string, number>(), oldest: at }));
      entry.authors.set(author ?? `anon:${this.records}`, at);
      if (at < entry.oldest) entry.oldest = at;
      // Walk the authors only when one of them may have left the window.
      if (entry.oldest < since) expire(entry, since);
      crossAuthors = entry.authors.size;
    }
    return { sameAuthor, crossAuthors };
  }

  /** Drops everything remembered about one author (GDPR erasure). */
  forget(author: string): void {
    this.byAuthor.delete(author);
    for (const [k, { authors }] of this.byText) {
      authors.delete(author);
      if (authors.size === 0) this.byText.delete(k);
    }
  }

  /** Number of texts and authors in memory (for tests and metrics). */
  size(): { authors: number; texts: number } {
    return { authors: this.byAuthor.size, texts: this.byText.size };
  }

  private sweep(now: number): void {
    const since = now - this.options.windowMs;
    for (const [a, list] of this.byAuthor) if ((list[list.length - 1]?.at ?? 0) < since) this.byAuthor.delete(a);
    for (const [k, entry] of this.byText) {
      expire(entry, since);
      if (entry.authors.size === 0) this.byText.delete(k);
    }
  }
}
