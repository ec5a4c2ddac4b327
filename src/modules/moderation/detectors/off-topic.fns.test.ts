import { describe, expect, test } from 'vitest';
import { detectOffTopic } from './off-topic.fns.ts';
import { scanOf } from './test-scan.ts';

const POST = 'Allerta meteo arancione per temporali: scuole chiuse domani, evitate i sottopassi.';

describe('detectOffTopic', () => {
  test.each([
    ['Qualcuno ha visto la partita ieri sera? Che gol pazzesco al novantesimo, incredibile davvero.', true],
    ['Ricetta della nonna: farina, uova, zucchero e un pizzico di sale, cuocere mezz\'ora a fuoco lento.', true],
    ['Le scuole resteranno chiuse anche dopodomani se continua la pioggia?', false],
    ['Quando sistemate le buche di via Roma? Sono mesi che aspettiamo una risposta.', false], // civic
    ['Che bello!', false], // too short to judge
  ])('%s -> %s', (text, off) => {
    const found = detectOffTopic(scanOf(text, { post: POST }));
    expect(found.length > 0).toBe(off);
    for (const d of found) expect(d.ceiling).toBe('review'); // never hide
  });

  test('without a post there is no off-topic', () => {
    expect(detectOffTopic(scanOf('Qualcuno ha visto la partita ieri sera? Che gol pazzesco al novantesimo, incredibile davvero.'))).toEqual([]);
  });
});
