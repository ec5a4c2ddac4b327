import { describe, expect, test } from 'vitest';
import { isDirected, isNegated, isQuoted } from './context.fns.ts';
import { scanOf } from './test-scan.ts';

const directed = (text: string, word: string): boolean => {
  const s = scanOf(text);
  return isDirected(s.words, s.words.findIndex((w) => w.w === word));
};
const spanOf = (text: string, word: string) => {
  const s = scanOf(text);
  const start = s.norm.text.indexOf(word);
  return { s, start, end: start + word.length };
};

describe('context', () => {
  test.each([
    ['sei uno schifoso', 'schifoso', true],
    ['il sindaco è un buffone', 'buffone', true],
    ['brutto verme', 'verme', true],
    ['questa strada è schifosa', 'schifosa', false],
    ['il treno è ritardato di venti minuti', 'ritardato', false],
    ['carne di maiale', 'maiale', false],
  ])('directed: %s -> %s', (text, word, expected) => {
    expect(directed(text, word)).toBe(expected);
  });

  test.each([
    ["mi ha detto 'sei un idiota'", 'idiota', true],
    ['mi ha dato del cretino', 'cretino', true],
    ['ha scritto "ti ammazzo" sotto il post', 'ti ammazzo', true],
    ['sei un idiota', 'idiota', false],
  ])('quoted: %s -> %s', (text, word, expected) => {
    const { s, start, end } = spanOf(text, word);
    expect(isQuoted(s, start, end)).toBe(expected);
  });

  test.each([
    ['non odio i gay', 'odio', true],
    ['nessuno merita di morire', 'merita', true],
    ['odio i gay', 'odio', false],
  ])('negated: %s -> %s', (text, word, expected) => {
    const { s, start } = spanOf(text, word);
    expect(isNegated(s, start)).toBe(expected);
  });
});
