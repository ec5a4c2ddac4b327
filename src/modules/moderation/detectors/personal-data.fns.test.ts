import { describe, expect, test } from 'vitest';
import { detectPersonalData } from './personal-data.fns.ts';
import { scanOf } from './test-scan.ts';

describe('detectPersonalData', () => {
  test.each([
    ['CF RSSMRA85T10A562S', 'hide', 0.95],
    ['CF RSSMRA85T10A562T', null, 0], // wrong check letter: not personal data
    ['chiamatemi al 333 1234567', 'hide', 0.85],
    ["l'URP risponde allo 0574 123456", null, 0], // the Ente's own number
    ['numero verde 800 123456', null, 0],
    ['scrivete a urp@comune.esempio.it', null, 0],
    ['scrivete a ufficio.tributi@comune.esempio.it', null, 0], // own domain
    ['scrivetemi a giulia.b@gmail.com', 'hide', 0.8],
    ['IBAN IT60X0542811101000000123456', 'hide', 0.95],
    ['IBAN IT61X0542811101000000123456', 'review', 0.5], // checksum failed: a person checks
    ['abito in via Verdi 12', 'hide', 0.8],
    ['buca davanti a via Verdi 12', null, 0], // an address alone is a place, not a person
    ['Anna Neri è in dialisi', 'hide', 0.85],
    ['P.IVA 00743110157', 'review', 0.55],
  ] as const)('%s', (text, ceiling, confidence) => {
    const found = detectPersonalData(scanOf(text));
    if (ceiling === null) return expect(found).toEqual([]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ category: 'dati_personali', ceiling, confidence });
  });
});
