import { describe, expect, test } from 'vitest';
import { csvField, recordsToCsv, toCsv, type CsvValue } from './csv.fns.ts';

/** A strict RFC 4180 reader for the tests: the output must parse back to the same cells. */
function parse(csv: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < csv.length) {
    const c = csv[i];
    if (quoted) {
      if (c === '"' && csv[i + 1] === '"') {
        field += '"';
        i += 2;
      } else if (c === '"') {
        quoted = false;
        i++;
      } else {
        field += c;
        i++;
      }
    } else if (c === '"' && field === '') {
      quoted = true;
      i++;
    } else if (c === delimiter) {
      row.push(field);
      field = '';
      i++;
    } else if (c === '\r' && csv[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i += 2;
    } else {
      if (c === '"' || c === '\r' || c === '\n') throw new Error(`bare ${JSON.stringify(c)} at ${i}`);
      field += c;
      i++;
    }
  }
  if (field !== '' || row.length > 0) throw new Error('last record not terminated by CRLF');
  return rows;
}

describe('csvField', () => {
  test.each<[CsvValue, string]>([
    ['Mercato', 'Mercato'],
    ['Piazza Cavour, 1', '"Piazza Cavour, 1"'],
    ['Il "bando" casa', '"Il ""bando"" casa"'],
    ['riga 1\nriga 2', '"riga 1\nriga 2"'],
    ['a\rb', '"a\rb"'],
    ['città; più', 'città; più'],
    [42, '42'],
    [true, 'true'],
    [null, ''],
    [undefined, ''],
    [new Date('2025-03-10T09:00:00Z'), '2025-03-10T09:00:00.000Z'],
  ])('%j → %s', (value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  test.each<[CsvValue, string]>([
    ['=HYPERLINK("http://x")', `"'=HYPERLINK(""http://x"")"`],
    ['+39 051 123456', "'+39 051 123456"],
    ['@ComuneDiBologna', "'@ComuneDiBologna"],
    [-5, '-5'],
  ])('formula escaping: %j', (value, expected) => {
    expect(csvField(value, { escapeFormulas: true })).toBe(expected);
  });
});

describe('toCsv', () => {
  const rows: CsvValue[][] = [
    ['canale', 'testo', 'programmato'],
    ['facebook_page', 'Domani, in piazza, il "mercato"\nVi aspettiamo!', new Date('2025-03-11T08:00:00Z')],
    ['x', '', null],
  ];

  test('CRLF rows that parse back to the same cells', () => {
    const csv = toCsv(rows);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.split('\r\n')[0]).toBe('canale,testo,programmato');
    expect(parse(csv)).toEqual(rows.map((r) => r.map((v) => (v instanceof Date ? v.toISOString() : (v ?? '').toString()))));
  });

  test.each<[boolean, boolean]>([
    [true, true],
    [false, false],
  ])('bom %s', (bom, has) => {
    expect(toCsv([['città']], { bom }).startsWith('\uFEFF')).toBe(has);
  });

  test('semicolon delimiter quotes semicolons, not commas', () => {
    const csv = toCsv([['Piazza Cavour, 1', 'ore 9; ore 10']], { delimiter: ';' });
    expect(csv).toBe('Piazza Cavour, 1;"ore 9; ore 10"\r\n');
    expect(parse(csv, ';')).toEqual([['Piazza Cavour, 1', 'ore 9; ore 10']]);
  });

  test('recordsToCsv', () => {
    const csv = recordsToCsv(
      [{ id: 1, titolo: 'Allerta, gialla' }],
      [
        { header: 'id', value: (r) => r.id },
        { header: 'titolo', value: (r) => r.titolo },
      ],
    );
    expect(csv).toBe('id,titolo\r\n1,"Allerta, gialla"\r\n');
  });
});
