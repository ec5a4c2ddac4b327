import { describe, expect, test } from 'vitest';
import { detectPropaganda } from './politics.fns.ts';
import { scanOf } from './test-scan.ts';

describe('detectPropaganda', () => {
  test.each([
    ['Votate la Lista Civica Rossi alle comunali!', 'hide'],
    ["Alle elezioni votate Fratelli d'Italia", 'hide'],
    ['Votatemi, sarò il vostro consigliere', 'hide'],
    ['mettete la croce sul simbolo della Lega', 'hide'],
    ['#votaBianchi', 'hide'],
    ['il PD alle elezioni ha perso', 'review'],
    ['la Lega ha governato male questa città', 'none'],
    ['alle prossime elezioni non vi voto più', 'none'],
    ['dove si vota per il referendum? quale seggio?', 'none'],
  ])('%s -> %s', (text, expected) => {
    expect(detectPropaganda(scanOf(text))[0]?.ceiling ?? 'none').toBe(expected);
  });
});
