/**
 * Bag-of-stems similarity for Italian: tokenize -> drop stop words -> Snowball stems ->
 * term-frequency vectors compared by cosine or Jaccard. Used for off-topic detection and for
 * grouping citizens' recurring questions.
 */
import { normalizeForMatching } from './normalize.ts';
import { stemCached } from './stemmer.ts';
import { isStopword } from './stopwords.ts';

/** Stem -> count. */
export type TermVector = Map<string, number>;

const TOKEN = /[a-z]+/g;

/** The normalized, stop-word-free stems of a text, in order. */
export function stems(text: string): string[] {
  const out: string[] = [];
  for (const m of normalizeForMatching(text).text.matchAll(TOKEN)) {
    const w = m[0];
    if (w.length < 2 || isStopword(w)) continue;
    out.push(stemCached(w));
  }
  return out;
}

/** Term-frequency vector of a text's stems. */
export function termVector(text: string): TermVector {
  const v: TermVector = new Map();
  for (const s of stems(text)) v.set(s, (v.get(s) ?? 0) + 1);
  return v;
}

/** Cosine similarity of two term vectors, 0..1 (0 when either is empty). */
export function cosine(a: TermVector, b: TermVector): number {
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let dot = 0;
  for (const [k, x] of small) dot += x * (large.get(k) ?? 0);
  if (dot === 0) return 0;
  return dot / (norm(a) * norm(b));
}

/** Jaccard similarity of the two vectors' term sets, 0..1. */
export function jaccard(a: TermVector, b: TermVector): number {
  if (a.size === 0 && b.size === 0) return 0;
  let inter = 0;
  for (const k of a.keys()) if (b.has(k)) inter++;
  return inter / (a.size + b.size - inter);
}

function norm(v: TermVector): number {
  let s = 0;
  for (const x of v.values()) s += x * x;
  return Math.sqrt(s);
}

/** Cosine similarity of two texts. */
export function textSimilarity(a: string, b: string): number {
  return cosine(termVector(a), termVector(b));
}
