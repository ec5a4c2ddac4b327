import { describe, expect, test } from 'vitest';
import { gulpease, levelOf } from './gulpease.ts';

describe('gulpease', () => {
  // Hand-computed: "Il Comune informa i cittadini." -> 5 words, 25 letters, 1 sentence:
  // 89 + (300*1 - 10*25)/5 = 89 + 50/5 = 99.
  test.each([
    ['Il Comune informa i cittadini.', 5, 25, 1, 99],
    // "Oggi piove. Domani sole." -> 4 words, 19 letters, 2 sentences: 89 + (600-190)/4 = 191.5 -> 100.
    ['Oggi piove. Domani sole.', 4, 19, 2, 100],
    // One long bureaucratic sentence; an elided article stays with its word ("L'amministrazione"
    // is one word of 16 letters): 12 words, 113 letters, 1 sentence:
    // 89 + (300 - 1130)/12 = 89 - 69.17 = 19.8.
    [
      "L'amministrazione comunale provvederà all'erogazione dei contributi previsti dalla vigente normativa regionale tempestivamente.",
      12,
      113,
      1,
      19.8,
    ],
  ])('%s', (text, words, letters, sentences, index) => {
    const r = gulpease(text);
    expect(r.words).toBe(words);
    expect(r.letters).toBe(letters);
    expect(r.sentences).toBe(sentences);
    expect(r.index).toBe(index);
  });

  test.each([
    ['Lo prevede la L. 150/2000 e il D.Lgs. 33/2013 art. 5 c. 2 del testo.', 1],
    ['Ecco: una frase; con punteggiatura interna.', 1],
    ['Davvero?! Sì. Certo…', 3],
    ['Primo paragrafo senza punto\n\nSecondo paragrafo.', 2],
  ])('sentences of %j: %d', (text, n) => {
    expect(gulpease(text).sentences).toBe(n);
  });

  test('empty text is trivially easy and does not divide by zero', () => {
    expect(gulpease('').index).toBe(100);
  });

  test.each([
    [85, 'elementare'],
    [79.9, 'media'],
    [60, 'media'],
    [45, 'superiore'],
    [39, 'difficile'],
  ] as const)('level of %d is %s', (i, level) => {
    expect(levelOf(i)).toBe(level);
  });
});
