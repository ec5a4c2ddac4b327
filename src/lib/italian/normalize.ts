/**
 * De-obfuscation of Italian as citizens write it, for matching only (never for display):
 * lowercase, accents stripped, leet digits/symbols inside words, spaced letters ("s c e m o"),
 * dotted letters ("m.e.r.d.a"), long repeated letters ("scemooooo" -> "scemoo").
 * Asterisks inside words ("m*rda") are kept as `*`, a one-letter wildcard for the lexicon.
 * Every normalized character keeps the span of the original text it came from, so evidence
 * found in the normalized text points into the ORIGINAL text.
 */
export interface Normalized {
  text: string;
  /** start[i], end[i]: the original span of normalized character i (end exclusive). */
  start: Uint32Array;
  end: Uint32Array;
}

const FOLD: Record<string, string> = {};
const addFold = (from: string, to: string): void => {
  for (const c of from) FOLD[c] = to;
};
addFold('àáâäãåā', 'a');
addFold('èéêëē', 'e');
addFold('ìíîïī', 'i');
addFold('òóôöõøō', 'o');
addFold('ùúûüū', 'u');
addFold('ç', 'c');
addFold('ñ', 'n');
addFold('’‘`´', "'");
addFold('“”«»', '"');

const code = (c: string): number => c.charCodeAt(0);
/** Leet character code -> letter code (0 when none). */
const LEET = new Uint8Array(128);
for (const [k, v] of Object.entries({ '4': 'a', '3': 'e', '1': 'i', '0': 'o', '5': 's', '7': 't', '@': 'a', $: 's' })) LEET[code(k)] = code(v);
const DOT = 46, DASH = 45, UNDERSCORE = 95, STAR = 42, BANG = 33, SPACE = 32, QUESTION = 63, COMMA = 44;
const isJoiner = (c: number): boolean => c === DOT || c === DASH || c === UNDERSCORE || c === STAR;
const isLetter = (c: number): boolean => c >= 97 && c <= 122;
const isSpace = (c: number): boolean => c === SPACE || c === 10 || c === 9 || c === 13;
const isLeet = (c: number): boolean => c < 128 && LEET[c] !== 0;
const isVowel = (c: number): boolean => c === 97 || c === 101 || c === 105 || c === 111 || c === 117;

/** A growable triple of buffers: UTF-16 code units and original start/end offsets. */
class Buf {
  c = new Uint16Array(256);
  s = new Uint32Array(256);
  e = new Uint32Array(256);
  n = 0;
  reset(capacity: number): void {
    if (this.c.length < capacity) {
      const size = Math.max(capacity, this.c.length * 2);
      this.c = new Uint16Array(size);
      this.s = new Uint32Array(size);
      this.e = new Uint32Array(size);
    }
    this.n = 0;
  }
  push(ch: number, s: number, e: number): void {
    const n = this.n++;
    this.c[n] = ch;
    this.s[n] = s;
    this.e[n] = e;
  }
  at(i: number): number {
    return i >= 0 && i < this.n ? (this.c[i] as number) : -1;
  }
}
// Scratch buffers reused across calls: normalization runs once per comment on the hot path.
const A = new Buf();
const B = new Buf();
const C = new Buf();

/** Lowercases and folds one non-ASCII code point (fancy Unicode letters through NFKD). */
function foldSlow(ch: string, cp: number): string {
  const lower = ch.toLowerCase();
  const f = FOLD[lower];
  if (f !== undefined) return f;
  if (cp >= 0x1d400 || (cp >= 0xff01 && cp <= 0xff5e) || (cp >= 0x0300 && cp <= 0x036f)) {
    return lower.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
  }
  return lower;
}

/** Normalizes text for matching and keeps the map back to the original offsets. */
export function normalizeForMatching(input: string): Normalized {
  A.reset(input.length * 2 + 8);
  let ascii = true;
  for (let i = 0; i < input.length; ) {
    const u = input.charCodeAt(i);
    if (u < 128) {
      A.push(u >= 65 && u <= 90 ? u + 32 : u, i, i + 1);
      i++;
      continue;
    }
    ascii = false;
    const cp = input.codePointAt(i) as number;
    const width = cp > 0xffff ? 2 : 1;
    const f = foldSlow(input.slice(i, i + width), cp);
    for (let k = 0; k < f.length; k++) A.push(f.charCodeAt(k), i, i + width);
    i += width;
  }
  B.reset(A.n + 8);
  deobfuscateWords(A, B);
  C.reset(B.n + 8);
  joinSpacedLetters(B, C);
  A.reset(C.n + 8);
  squeezeRuns(C, A);
  // Most comments are plain ASCII that no step changed: the native lowercase is the same text.
  const unchanged = ascii && A.n === input.length && A.s[A.n - 1] === A.n - 1;
  const text = unchanged && sameAsLower(A, input) ? input.toLowerCase() : toText(A);
  return { text, start: A.s.slice(0, A.n), end: A.e.slice(0, A.n) };
}

function sameAsLower(b: Buf, input: string): boolean {
  for (let i = 0; i < b.n; i++) {
    const u = input.charCodeAt(i);
    if ((u >= 65 && u <= 90 ? u + 32 : u) !== b.c[i]) return false;
  }
  return true;
}

// ignoreBOM keeps a leading U+FEFF, so offsets stay aligned with the maps.
const decoder = new TextDecoder('utf-16le', { ignoreBOM: true });
function toText(b: Buf): string {
  const view = b.c.subarray(0, b.n);
  return decoder.decode(new Uint8Array(view.buffer, view.byteOffset, view.byteLength));
}

/** Maps a span of the normalized text back to the original text. */
export function originalSpan(n: Normalized, start: number, end: number): { start: number; end: number } {
  if (n.start.length === 0) return { start: 0, end: 0 };
  const s = Math.min(Math.max(start, 0), n.start.length - 1);
  const e = Math.min(Math.max(end - 1, s), n.end.length - 1);
  return { start: n.start[s] as number, end: n.end[e] as number };
}

/** Inside a word that contains letters: leet to letters, joiners between single letters out. */
function deobfuscateWords(a: Buf, out: Buf): void {
  let i = 0;
  while (i < a.n) {
    if (isSpace(a.c[i] as number)) {
      out.push(a.c[i] as number, a.s[i] as number, a.e[i] as number);
      i++;
      continue;
    }
    let j = i;
    let letters = 0;
    while (j < a.n && !isSpace(a.c[j] as number)) {
      if (isLetter(a.c[j] as number)) letters++;
      j++;
    }
    const dotted = letters >= 3 && isDottedLetters(a, i, j);
    for (let k = i; k < j; k++) {
      const ch = a.c[k] as number;
      if (dotted && isJoiner(ch)) continue;
      const prev = k > i ? (a.c[k - 1] as number) : -1;
      const next = k + 1 < j ? (a.c[k + 1] as number) : -1;
      // Leet only next to letters: "c0glione", "m3rd4", not "in 10 giorni".
      if (letters > 0 && isLeet(ch) && (isLetter(prev) || isLetter(next) || (next >= 0 && isLeet(next)))) {
        out.push(LEET[ch] as number, a.s[k] as number, a.e[k] as number);
      } else if (ch === BANG && isLetter(prev) && isLetter(next)) out.push(105, a.s[k] as number, a.e[k] as number);
      else out.push(ch, a.s[k] as number, a.e[k] as number);
    }
    i = j;
  }
}

/** "m.e.r.d.a", "s-c-e-m-o": single letters (or leet) separated by one joiner each. */
function isDottedLetters(a: Buf, from: number, to: number): boolean {
  let end = to;
  while (end > from) {
    const c = a.c[end - 1] as number;
    if (c === DOT || c === BANG || c === QUESTION || c === COMMA) end--;
    else break;
  }
  if (end - from < 5) return false;
  for (let k = from; k < end; k++) {
    const ch = a.c[k] as number;
    if ((k - from) % 2 === 1 ? !isJoiner(ch) : !(isLetter(ch) || isLeet(ch))) return false;
  }
  return true;
}

/** "s c e m o" -> "scemo": runs of at least three single letters, one of them a consonant. */
function joinSpacedLetters(a: Buf, out: Buf): void {
  let i = 0;
  while (i < a.n) {
    let j = i;
    let singles = 0;
    let consonant = false;
    while (isLetter(a.at(j)) && !isLetter(a.at(j - 1)) && !isLetter(a.at(j + 1))) {
      singles++;
      if (!isVowel(a.at(j))) consonant = true;
      if (a.at(j + 1) === SPACE && isLetter(a.at(j + 2)) && !isLetter(a.at(j + 3))) j += 2;
      else break;
    }
    if (singles >= 3 && consonant) {
      for (let k = i; k <= j; k += 2) out.push(a.c[k] as number, a.s[k] as number, a.e[k] as number);
      i = j + 1;
    } else {
      out.push(a.c[i] as number, a.s[i] as number, a.e[i] as number);
      i++;
    }
  }
}

/** Runs of three or more identical letters become two ("scemooooo" -> "scemoo"). */
function squeezeRuns(a: Buf, out: Buf): void {
  for (let i = 0; i < a.n; i++) {
    const ch = a.c[i] as number;
    const n = out.n;
    if (isLetter(ch) && n >= 2 && out.c[n - 1] === ch && out.c[n - 2] === ch) {
      out.e[n - 1] = a.e[i] as number; // extend the last kept letter over the dropped one
      continue;
    }
    out.push(ch, a.s[i] as number, a.e[i] as number);
  }
}
