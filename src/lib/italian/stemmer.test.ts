import { describe, expect, test } from 'vitest';
import { stemItalian } from './stemmer.ts';

// Expected stems from the sample vocabulary published with the Snowball Italian algorithm.
describe('stemItalian', () => {
  test.each([
    ['abbandonata', 'abbandon'],
    ['abbandonerà', 'abbandon'],
    ['abbandoneranno', 'abbandon'],
    ['abbandono', 'abband'],
    ['abbandonò', 'abbandon'],
    ['abbassamento', 'abbass'],
    ['abbassandola', 'abbass'],
    ['abbassarsi', 'abbass'],
    ['abbassassero', 'abbass'],
    ['abbastanza', 'abbast'],
    ['abbatté', 'abbatt'],
    ['abbattesse', 'abbattess'],
    ['abbattimento', 'abbatt'],
    ['abbenché', 'abbenc'],
    ['abbi', 'abbi'],
    ['pronunciamento', 'pronunc'],
    ['pronunziarle', 'pronunz'],
    ['propaganda', 'propagand'],
    ['propagazione', 'propag'],
    ['propaghino', 'propaghin'],
    ['propensione', 'propension'],
    ['proponenti', 'proponent'],
    ['proponendosi', 'propon'],
    ['proponga', 'propong'],
    ['propizio', 'propiz'],
    ['divano', 'divan'],
  ])('%s -> %s', (word, stem) => {
    expect(stemItalian(word)).toBe(stem);
  });

  test('singular and plural of a noun share a stem', () => {
    expect(stemItalian('panchine')).toBe(stemItalian('panchina'));
    expect(stemItalian('rifiuti')).toBe(stemItalian('rifiuto'));
  });
});
