import { describe, expect, test } from 'vitest';
import { escapeText, eventStatus, foldLine, formatUtc, toICalendar, type CalendarEvent } from './ical.fns.ts';

/** Unfolds and splits an iCalendar document into [name, value] pairs, as a client would. */
function parse(ics: string): [string, string][] {
  return ics
    .replace(/\r\n[ \t]/g, '')
    .split('\r\n')
    .filter((l) => l !== '')
    .map((l) => {
      const i = l.indexOf(':');
      return [l.slice(0, i), l.slice(i + 1)] as [string, string];
    });
}

function unescape(v: string): string {
  return v.replace(/\\([\\;,nN])/g, (_m, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

const NOW = new Date('2025-03-10T08:00:00Z');
const LUNGA =
  'Il Comune informa che, a causa dei lavori di manutenzione straordinaria della rete idrica, martedì 11 marzo dalle 8:00 alle 14:00 l’erogazione dell’acqua sarà sospesa in via Garibaldi, piazza Cavour; via Mazzini. Info: 💧 https://www.comune.esempio.it/avvisi\nSeconda riga con \\ barra.';

describe('escapeText', () => {
  test.each<[string, string]>([
    ['Piazza Cavour, 1', 'Piazza Cavour\\, 1'],
    ['ore 9; ore 10', 'ore 9\\; ore 10'],
    ['C:\\percorso', 'C:\\\\percorso'],
    ['riga 1\nriga 2\r\nriga 3\rriga 4', 'riga 1\\nriga 2\\nriga 3\\nriga 4'],
    ['campanello\u0007', 'campanello'],
  ])('%j', (input, expected) => {
    expect(escapeText(input)).toBe(expected);
    expect(unescape(escapeText(input))).toBe(input.replace(/\r\n|\r/g, '\n').replace('\u0007', ''));
  });
});

describe('foldLine', () => {
  test.each<[string, string]>([
    ['short ASCII', 'SUMMARY:Mercato'],
    ['long ASCII', `DESCRIPTION:${'a'.repeat(200)}`],
    ['accented letters (2 octets)', `DESCRIPTION:${'à'.repeat(100)}`],
    ['emoji (4 octets)', `DESCRIPTION:${'🎉'.repeat(50)}`],
    ['mixed', `DESCRIPTION:${escapeText(LUNGA)}`],
  ])('%s', (_name, line) => {
    const folded = foldLine(line);
    expect(folded.endsWith('\r\n')).toBe(true);
    const physical = folded.slice(0, -2).split('\r\n');
    for (const [i, p] of physical.entries()) {
      expect(Buffer.byteLength(p, 'utf8')).toBeLessThanOrEqual(75);
      if (i > 0) expect(p.startsWith(' ')).toBe(true);
      // No character was cut in half: each physical line is valid UTF-8 on its own.
      expect(Buffer.from(p, 'utf8').toString('utf8')).toBe(p);
      expect(p).not.toContain('\uFFFD');
    }
    expect(folded.replace(/\r\n /g, '').slice(0, -2)).toBe(line);
  });

  test('a 75-octet line stays on one line, a 76-octet one folds', () => {
    expect(foldLine('x'.repeat(75))).toBe(`${'x'.repeat(75)}\r\n`);
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x\r\n`);
  });
});

describe('toICalendar', () => {
  const events: CalendarEvent[] = [
    {
      uid: 'post-42@redazione.comune.esempio.it',
      start: new Date('2025-03-11T07:00:00.250Z'),
      end: new Date('2025-03-11T07:15:00Z'),
      summary: 'Avviso: sospensione acqua, via Garibaldi',
      description: LUNGA,
      url: 'https://www.comune.esempio.it/avvisi?id=42&x=1,2',
      status: 'scheduled',
      categories: ['Servizi idrici', 'Avvisi; urgenti'],
    },
    { uid: 'post-43', start: new Date('2025-03-12T10:00:00Z'), summary: 'Bozza', status: 'qualcosa' },
  ];
  const ics = toICalendar(events, { prodId: '-//Redazione//Calendario editoriale//IT', calName: 'Calendario, Comune', now: NOW });
  const props = parse(ics);
  const get = (name: string) => props.filter(([n]) => n === name).map(([, v]) => v);

  test('uses CRLF everywhere and folds at 75 octets', () => {
    expect(ics.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(ics.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of ics.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
  });

  test.each<[string, string[]]>([
    ['BEGIN', ['VCALENDAR', 'VEVENT', 'VEVENT']],
    ['VERSION', ['2.0']],
    ['PRODID', ['-//Redazione//Calendario editoriale//IT']],
    ['X-WR-CALNAME', ['Calendario\\, Comune']],
    ['UID', ['post-42@redazione.comune.esempio.it', 'post-43']],
    ['DTSTAMP', ['20250310T080000Z', '20250310T080000Z']],
    ['DTSTART', ['20250311T070000Z', '20250312T100000Z']],
    ['DTEND', ['20250311T071500Z']],
    ['STATUS', ['CONFIRMED']],
    ['URL', ['https://www.comune.esempio.it/avvisi?id=42&x=1,2']],
    ['CATEGORIES', ['Servizi idrici,Avvisi\\; urgenti']],
  ])('%s', (name, values) => {
    expect(get(name)).toEqual(values);
  });

  test('the description survives folding and escaping', () => {
    expect(get('DESCRIPTION').map(unescape)).toEqual([LUNGA]);
    expect(get('SUMMARY').map(unescape)).toEqual(['Avviso: sospensione acqua, via Garibaldi', 'Bozza']);
  });
});

test.each<[string, string | undefined]>([
  ['CONFIRMED', 'CONFIRMED'],
  ['draft', 'TENTATIVE'],
  ['published', 'CONFIRMED'],
  ['canceled', 'CANCELLED'],
  ['boh', undefined],
])('eventStatus(%s)', (s, expected) => {
  expect(eventStatus(s)).toBe(expected);
});

test('formatUtc drops milliseconds', () => {
  expect(formatUtc(new Date('2025-12-31T23:59:59.999Z'))).toBe('20251231T235959Z');
});
