import { describe, expect, test } from 'vitest';
import { detectOffensivePhrases, detectOffensiveWords } from './offensive.fns.ts';
import { scanOf } from './test-scan.ts';

const top = (text: string) => {
  const s = scanOf(text);
  const phrases = detectOffensivePhrases(s);
  const all = [...phrases, ...detectOffensiveWords(s, phrases)];
  all.sort((a, b) => (a.ceiling === b.ceiling ? b.confidence - a.confidence : a.ceiling === 'hide' ? -1 : 1));
  return all[0] ? `${all[0].ceiling}:${all[0].category}` : 'none';
};

describe('offensive words and phrases', () => {
  test.each([
    ['sei uno schifoso', 'hide:insulti'],
    ['che schifo di buche in via Roma', 'none'],
    ['questa strada è schifosa', 'none'],
    ['il sindaco è un idiota', 'hide:insulti'],
    ['Idiota!', 'hide:insulti'],
    ["mi ha detto 'sei un idiota'", 'review:insulti'],
    ['mi ha dato del cretino', 'review:insulti'],
    ['sei un buffone', 'review:insulti'],
    ['i ladri hanno rubato le bici in stazione', 'none'],
    ['siete dei ladri', 'review:insulti'],
    ['carne di maiale alla mensa', 'none'],
    ['siete dei maiali', 'hide:insulti'],
    ['il treno è ritardato', 'none'],
    ['sei un ritardato', 'hide:discriminazione'],
    ['Cazzo, che giornata!', 'hide:turpiloquio'],
    ['sei una merda', 'hide:insulti'],
    ['mi avete rotto i coglioni', 'hide:turpiloquio'],
    ['porco dio che traffico', 'hide:turpiloquio'],
    ['che palle', 'review:turpiloquio'],
    ['ma che c4zz0 fate', 'hide:turpiloquio'],
    ['che m*rda', 'hide:turpiloquio'],
    ['sei un c o g l i o n e', 'hide:insulti'],
    ['ti vengo a prendere', 'hide:minacce'],
    ['sappiamo dove abiti', 'hide:minacce'],
    ['te la faccio pagare', 'hide:minacce'],
    ['ti spacco la faccia', 'hide:minacce'],
    ['quelli del comune andrebbero impiccati', 'hide:minacce'],
    ['ammazza che caldo', 'none'],
    ['ti denuncio ai carabinieri', 'none'],
    ["mi ha scritto 'ti ammazzo'", 'review:minacce'],
    ['gli immigrati sono tutti delinquenti', 'hide:discriminazione'],
    ['tornatevene al vostro paese', 'hide:discriminazione'],
    ['le donne dovrebbero stare a casa', 'hide:discriminazione'],
    ['gli immigrati con permesso possono fare domanda?', 'none'],
    ['il vicino è un frocio', 'hide:discriminazione'],
    ['finocchio gratinato alla mensa', 'none'],
    ['il sindaco non ha fatto nulla, vergogna', 'none'],
    ['servizio pessimo, incompetenti', 'none'],
  ])('%s -> %s', (text, expected) => {
    expect(top(text)).toBe(expected);
  });
});
