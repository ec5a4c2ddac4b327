import { expect, test } from 'vitest';
import { enteGrammar, formatDateIt, joinIt, ordinalIt, sentence } from './ente.fns.ts';

test.each([
  ['comune', 'Comune di Esempio', ['il Comune', 'Il Comune', 'del Comune', 'al Comune', 'del Comune di Esempio']],
  ['regione', 'Regione Esempio', ['la Regione', 'La Regione', 'della Regione', 'alla Regione', 'della Regione Esempio']],
  ['camera_di_commercio', 'Camera di commercio di Esempio', ['la Camera di Commercio', 'La Camera di Commercio', 'della Camera di Commercio', 'alla Camera di Commercio', 'della Camera di commercio di Esempio']],
  ['agenzia', 'ARPA Esempio', ["l'Agenzia", "L'Agenzia", "dell'Agenzia", "all'Agenzia", "dell'Agenzia ARPA Esempio"]],
] as const)('grammar of a %s', (type, name, [the, The, of, to, ofName]) => {
  const g = enteGrammar({ type, name });
  expect([g.the, g.The, g.of, g.to, g.ofName]).toEqual([the, The, of, to, ofName]);
});

test('without an Ente, the generic "l\'Ente"', () => {
  expect(enteGrammar().of).toBe("dell'Ente");
  expect(enteGrammar().theName).toBe("l'Ente");
});

test.each([
  [[], ''],
  [['Anna'], 'Anna'],
  [['Anna', 'Marco'], 'Anna e Marco'],
  [['Anna', 'Marco', 'Elena'], 'Anna, Marco ed Elena'],
])('joinIt(%j)', (xs, out) => {
  expect(joinIt(xs)).toBe(out);
});

test.each([
  ['2025-03-07', '7 marzo 2025'],
  ['2025-13-01', '2025-13-01'],
  ['ieri', 'ieri'],
])('formatDateIt(%s)', (iso, out) => {
  expect(formatDateIt(iso)).toBe(out);
});

test('ordinals and sentences', () => {
  expect(ordinalIt(1)).toBe('prima');
  expect(ordinalIt(3)).toBe('terza');
  expect(ordinalIt(12)).toBe('numero 12');
  expect(sentence('notizie e avvisi;  ')).toBe('notizie e avvisi.');
  expect(sentence('   ')).toBe('');
});
