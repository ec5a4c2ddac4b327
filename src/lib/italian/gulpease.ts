/**
 * Gulpease readability index for Italian (Lucisano & Piemontese, 1988):
 *   G = 89 + (300 * sentences - 10 * letters) / words, clamped to 0..100; higher is easier.
 * Letters are alphabetic characters only; words are runs containing at least one letter or digit;
 * sentences end at . ! ? or … followed by space/end (not after abbreviations such as "L.", "art.",
 * "n." or a single initial), or at a blank line that ends a paragraph.
 */
export interface GulpeaseResult {
  index: number;
  letters: number;
  words: number;
  sentences: number;
  /** Who can read the text easily, in the index's classic bands. */
  level: GulpeaseLevel;
}

export type GulpeaseLevel = 'elementare' | 'media' | 'superiore' | 'difficile';

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
const LETTER = /\p{L}/gu;

/** Counts letters, words and sentences of an Italian text and computes its Gulpease index. */
export function gulpease(text: string): GulpeaseResult {
  const words = text.match(WORD)?.length ?? 0;
  const letters = text.match(LETTER)?.length ?? 0;
  if (words === 0) return { index: 100, letters: 0, words: 0, sentences: 0, level: 'elementare' };
  const sentences = Math.max(1, countSentences(text));
  const raw = 89 + (300 * sentences - 10 * letters) / words;
  const index = Math.round(Math.min(100, Math.max(0, raw)) * 10) / 10;
  return { index, letters, words, sentences, level: levelOf(index) };
}

/** Abbreviations common in Italian administrative text, which a dot does not end. */
const ABBREVIATIONS = new Set(['art', 'artt', 'n', 'nn', 'c', 'co', 'lett', 'pag', 'pagg', 'dott', 'dr', 'sig', 'sigg', 'prof', 'avv', 'ing', 'geom', 'on', 'tel', 'cfr', 'es', 'p', 'pp', 'cap', 'reg', 'dlgs', 'lgs', 'dpr', 'dl', 'vs', 'ss', 'sgg']);

function countSentences(text: string): number {
  // A run of terminators counts once ("Davvero?!"); decimals like 3.5 do not end a sentence.
  let count = 0;
  for (const m of text.matchAll(/([.!?…]+)(?=\s|$)|\n\s*\n/gu)) {
    if (m[1]?.startsWith('.') && m[1].length === 1) {
      const before = text.slice(Math.max(0, m.index - 12), m.index).match(/([\p{L}.]+)$/u)?.[1] ?? '';
      const word = before.toLowerCase().replace(/\./g, '');
      if (word.length === 1 || ABBREVIATIONS.has(word)) continue;
    }
    count++;
  }
  return count;
}

/** The reader a text suits: below 80 hard for primary school, 60 middle school, 40 high school. */
export function levelOf(index: number): GulpeaseLevel {
  if (index >= 80) return 'elementare';
  if (index >= 60) return 'media';
  if (index >= 40) return 'superiore';
  return 'difficile';
}
