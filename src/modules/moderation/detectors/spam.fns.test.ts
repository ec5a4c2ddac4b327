import { describe, expect, test } from 'vitest';
import { detectSpam } from './spam.fns.ts';
import { scanOf } from './test-scan.ts';

const top = (text: string): string => {
  const d = detectSpam(scanOf(text)).sort((a, b) => b.confidence - a.confidence)[0];
  return d ? d.ceiling : 'none';
};

describe('detectSpam', () => {
  test.each([
    ['Guadagna da casa fino a 500 euro al giorno!', 'hide'],
    ['Il nostro CAF offre pratiche ISEE gratuite, chiamateci', 'hide'],
    ['Rivolgetevi al nostro patronato, vi aiutiamo con la domanda', 'hide'],
    ['Mi sono rivolto al CAF per la TARI e mi hanno detto che serve l\'ISEE', 'none'],
    ['Vendo generatore, scrivimi in privato 338 7778889', 'hide'],
    ['Clicca qui bit.ly/abc', 'hide'],
    ['Offerte sui libri: www.mercatino-libri.it', 'hide'],
    ['Ecco l\'articolo: www.giornale-locale.it/notizia', 'review'], // a bare link: a person decides
    ['Trovate tutto su www.comune.esempio.it/lavori', 'none'], // own site
    ['Il modulo è su https://www.inps.it/bonus', 'none'], // institutional
    ['Ho chiamato il 333 1234567 ma non risponde nessuno', 'none'],
    ['Impresa edile offre asfaltature a prezzi bassi, preventivo gratuito', 'hide'],
  ])('%s -> %s', (text, expected) => {
    expect(top(text)).toBe(expected);
  });
});
