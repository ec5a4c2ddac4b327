import { describe, expect, test } from 'vitest';
import { isValidSlug, slugify } from './organisation.fns.ts';

describe('slugs', () => {
  test.each([
    ["Comune di Sant'Agata de' Goti", 'comune-di-sant-agata-de-goti'],
    ['Città Metropolitana di Roma Capitale', 'citta-metropolitana-di-roma-capitale'],
    ['  ARPA   Toscana ', 'arpa-toscana'],
  ])('slugify(%s)', (name, slug) => {
    expect(slugify(name)).toBe(slug);
    expect(isValidSlug(slug)).toBe(true);
  });

  test.each(['', '-comune', 'comune-', 'Comune', 'comune di', 'comune_esempio', 'a'.repeat(65)])('%s is not a slug', (s) => {
    expect(isValidSlug(s)).toBe(false);
  });
});
