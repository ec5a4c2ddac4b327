import { describe, expect, test } from 'vitest';
import {
  codiceFiscaleCheckLetter,
  findPersonalData,
  isValidCodiceFiscale,
  isValidIban,
  isValidPartitaIva,
  type PersonalDataKind,
} from './identifiers.ts';

describe('isValidCodiceFiscale', () => {
  test.each([
    // The textbook example (Mario Rossi, 10/12/1985, Assisi): check letter S.
    ['RSSMRA85T10A562S', true],
    ['rssmra85t10a562s', true],
    ['MRTMTT91D08F205J', true],
    // Same person, wrong check letter.
    ['RSSMRA85T10A562T', false],
    // Omocodia: the last digit 2 of A562 replaced by N (=2); the check letter becomes H.
    ['RSSMRA85T10A56NH', true],
    ['RSSMRA85T10A56NS', false],
    // Month letter Z does not exist; day 35 does not exist.
    ['RSSMRA85Z10A562S', false],
    ['RSSMRA85T35A562S', false],
    ['RSSMRA85T10A562', false],
    ['COSTITUZIONALITA', false],
  ])('%s -> %s', (cf, ok) => {
    expect(isValidCodiceFiscale(cf)).toBe(ok);
  });

  test('omocodia letters decode as digits in the check computation', () => {
    // A562 -> A56N: the odd/even value of N as a letter differs from the digit 2, so the check
    // letter changes; it must still be a valid code with its own check letter.
    const base = 'RSSMRA85T10A56N';
    expect(isValidCodiceFiscale(base + codiceFiscaleCheckLetter(base))).toBe(true);
    expect(codiceFiscaleCheckLetter(base)).not.toBe('S');
  });
});

describe('isValidPartitaIva', () => {
  test.each([
    // 0+7+3+1+1 = 12 (odd), 0+8+2+0+1 = 11 (even, doubled minus 9): 23 -> check 7.
    ['00743110157', true],
    ['IT00743110157', true],
    ['00743110158', false],
    ['00000000000', false],
    ['0074311015', false],
    ['12345678903', false], // office code 890 does not exist
  ])('%s -> %s', (p, ok) => {
    expect(isValidPartitaIva(p)).toBe(ok);
  });
});

describe('isValidIban', () => {
  test.each([
    ['IT60X0542811101000000123456', true],
    ['IT60 X054 2811 1010 0000 0123 456', true],
    ['it60x0542811101000000123456', true],
    ['IT61X0542811101000000123456', false], // wrong check digits
    ['IT60X054281110100000012345', false], // 26 characters
    ['GB82WEST12345698765432', true],
    ['XX', false],
  ])('%s -> %s', (iban, ok) => {
    expect(isValidIban(iban)).toBe(ok);
  });
});

type Row = [string, PersonalDataKind | null, string | null, boolean | null];

describe('findPersonalData', () => {
  test.each<Row>([
    ['Il mio codice fiscale è RSSMRA85T10A562S grazie', 'codice_fiscale', 'RSSMRA85T10A562S', true],
    // CF-shaped with a wrong check letter: reported with valid:false (consumers must ignore it).
    ['CF RSSMRA85T10A562T', 'codice_fiscale', 'RSSMRA85T10A562T', false],
    // A 16-letter word is not a CF at all.
    ['incostituzionale precipitevolissimevolmente', null, null, null],
    ['P.IVA 00743110157', 'partita_iva', '00743110157', true],
    ['partita iva: 00743110158', 'partita_iva', '00743110158', false],
    ['IBAN IT60 X054 2811 1010 0000 0123 456 grazie', 'iban', 'IT60 X054 2811 1010 0000 0123 456', true],
    ['chiamami al 333 1234567', 'phone', '333 1234567', true],
    ['cell. 3331234567', 'phone', '3331234567', true],
    ['tel +39 06.1234.5678 ore pasti', 'phone', '+39 06.1234.5678', true],
    ['0039 347-123-4567', 'phone', '0039 347-123-4567', true],
    ['numero 02 8765 4321', 'phone', '02 8765 4321', true],
    ['scrivete a mario.rossi@gmail.com', 'email', 'mario.rossi@gmail.com', true],
    ['mario.rossi (at) libero . it', 'email', 'mario.rossi (at) libero . it', true],
    ['la mia CIE è CA00000AA', 'cie', 'CA00000AA', true],
    ['tessera 80380 000 1234 5678 9012', 'tessera_sanitaria', '80380 000 1234 5678 9012', true],
    ['abito in via Giuseppe Verdi 12, venite', 'address', 'via Giuseppe Verdi 12', true],
    ['sta in piazza Garibaldi, n. 3', 'address', 'piazza Garibaldi, n. 3', true],
    ['Mario Rossi è malato di tumore', 'health', 'Mario Rossi è malato di tumore', true],
    ['Luca Bianchi ha il diabete', 'health', 'Luca Bianchi ha il diabete', true],
    ['la signora Verdi fa la dialisi', 'health', 'la signora Verdi fa la dialisi', true],
    ['Anna Neri è in dialisi da anni', 'health', 'Anna Neri è in dialisi', true],
  ])('%s', (text, kind, matched, valid) => {
    const found = findPersonalData(text);
    if (kind === null) {
      expect(found).toEqual([]);
      return;
    }
    expect(found).toHaveLength(1);
    const f = found[0]!;
    expect(f.kind).toBe(kind);
    expect(f.text).toBe(matched);
    expect(f.valid).toBe(valid);
    expect(text.slice(f.start, f.end)).toBe(matched);
  });

  test.each([
    'che schifo di buche in via Roma',
    'in via Roma da 3 mesi non passa nessuno',
    'in via Roma 40 metri di buche',
    'dalle 09.00 alle 18.00 del 03.04.2024',
    'stanziati 350.000.000 euro',
    'Il Sindaco è malato di protagonismo',
    'nel 2024 sono stati 1500',
    'protocollo n. 123456',
  ])('no personal data in %s', (text) => {
    expect(findPersonalData(text)).toEqual([]);
  });

  test('finds several kinds in order, with spans into the original text', () => {
    const text = 'Sono RSSMRA85T10A562S, tel. 347 123 4567, mail a.b@pec.it';
    const found = findPersonalData(text);
    expect(found.map((f) => f.kind)).toEqual(['codice_fiscale', 'phone', 'email']);
    for (const f of found) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  test('long and binary input does not throw and stays fast', () => {
    const big = 'via Roma '.repeat(12_000) + '\u0000\uFFFF' + '3'.repeat(5000);
    const t0 = performance.now();
    expect(() => findPersonalData(big)).not.toThrow();
    expect(performance.now() - t0).toBeLessThan(500);
  });
});
