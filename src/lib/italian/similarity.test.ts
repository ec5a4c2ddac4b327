import { describe, expect, test } from 'vitest';
import { cosine, jaccard, stems, termVector, textSimilarity } from './similarity.ts';

describe('similarity', () => {
  test('stop words are dropped and inflections share a stem', () => {
    expect(stems('Le buche della strada e le strade con le buche')).toEqual(
      stems('buche strada strade buche'),
    );
    expect(termVector('rifiuto rifiuti').size).toBe(1);
  });

  test.each([
    ['Quando riapre la piscina comunale?', 'La piscina comunale riapre lunedì dopo i lavori', 0.4, 1],
    ['Quando passa la raccolta dei rifiuti ingombranti?', 'Raccolta rifiuti ingombranti: il calendario', 0.4, 1],
    ['Chi ha vinto la partita ieri sera?', 'Allerta meteo arancione per temporali', 0, 0.05],
  ])('%s ~ %s in [%d, %d]', (a, b, lo, hi) => {
    const s = textSimilarity(a, b);
    expect(s).toBeGreaterThanOrEqual(lo);
    expect(s).toBeLessThanOrEqual(hi);
  });

  test('cosine and jaccard are 1 on identical texts and 0 on empty ones', () => {
    const v = termVector('orari dello sportello anagrafe');
    expect(cosine(v, v)).toBeCloseTo(1);
    expect(jaccard(v, v)).toBe(1);
    expect(cosine(v, termVector(''))).toBe(0);
  });
});
