import { describe, expect, test } from 'vitest';
import { ATTACK, compileNames, compileWords, findWording, FIRST_PERSON_SINGULAR, OWN_ADMINISTRATION, PARTY, PARTY_ACRONYM } from './political-lexicon.ts';

describe('compileWords', () => {
  test.each<[string[], string, string[]]>([
    [["l'opposizione"], 'Secondo l’opposizione e l\'opposizione e l’ opposizione', ['l’opposizione', "l'opposizione", 'l’ opposizione']],
    [['lista civica'], 'la Lista   Civica\ne la lista\ncivica', ['Lista   Civica', 'lista\ncivica']],
    [['città'], 'città, cittadina, Città!', ['città', 'Città']],
    [['PD'], 'il PD e il pd e il PDF', ['PD', 'pd']],
  ])('%j in %s', (phrases, text, expected) => {
    expect(Array.from(text.matchAll(compileWords(phrases)), (m) => m[0])).toEqual(expected);
  });

  test('case-sensitive acronyms', () => {
    expect(Array.from('il PD e il pd e il PDF'.matchAll(compileWords(['PD'], true)), (m) => m[0])).toEqual(['PD']);
  });
});

describe('compileNames', () => {
  const re = compileNames(['Mario Rossi', 'Anna Maria De Luca', "Lucia D'Amico"]);
  test.each<[string, string[]]>([
    ['Interviene Mario Rossi', ['Mario Rossi']],
    ['Firmato: Rossi Mario', ['Rossi Mario']],
    ['il sindaco Rossi e la sindaca Rossi', ['sindaco Rossi', 'sindaca Rossi']],
    ['il primo cittadino Mario Rossi', ['primo cittadino Mario Rossi']],
    ['il signor Rossi', []],
    ['Anna Maria De Luca e l’assessora De Luca', ['Anna Maria De Luca', 'assessora De Luca']],
    ['Lucia D’Amico, consigliera D’Amico', ['Lucia D’Amico', 'consigliera D’Amico']],
    ['Mario Rossini', []],
  ])('%s', (text, expected) => {
    expect(re && Array.from(text.matchAll(re), (m) => m[0])).toEqual(expected);
  });

  test('no names, no regex', () => {
    expect(compileNames([])).toBeNull();
    expect(compileNames(['  '])).toBeNull();
  });
});

describe('findWording', () => {
  test.each<[string, string[]]>([
    ['La mia giunta e la nostra amministrazione', ['own_administration', 'own_administration']],
    ['Il PD e il Partito Democratico', ['party', 'party']],
    ['La precedente amministrazione', ['attack']],
  ])('%s', (text, ids) => {
    expect(findWording(text, [FIRST_PERSON_SINGULAR, OWN_ADMINISTRATION, PARTY, PARTY_ACRONYM, ATTACK]).map((m) => m.category.id)).toEqual(ids);
  });

  test('overlapping matches keep the earlier, longer one', () => {
    const m = findWording('la mia giunta', [OWN_ADMINISTRATION, FIRST_PERSON_SINGULAR]);
    expect(m.map((x) => x.text)).toEqual(['la mia giunta']);
  });
});
