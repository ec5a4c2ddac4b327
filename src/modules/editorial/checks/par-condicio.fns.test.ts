import { describe, expect, test } from 'vitest';
import { activePeriod, checkParCondicio, romeDay } from './par-condicio.fns.ts';
import { context, variant } from './fixtures.ts';
import type { CheckContext } from './types.ts';

const ELEZIONI = { id: 'amm-2025', name: 'Elezioni amministrative 2025', start: '2025-04-20', end: '2025-05-26' };
const inPeriod = (over: Partial<CheckContext> = {}): CheckContext =>
  context({
    now: new Date('2025-05-02T08:00:00Z'),
    electoralPeriods: [ELEZIONI],
    enteNames: { ente: 'Comune di Esempio', mayor: ['Mario Rossi'], councillors: ['Anna Maria De Luca', 'Giulia Bianchi'] },
    ...over,
  });
const NEUTRO = 'Da lunedì 5 maggio la via Garibaldi è chiusa al traffico per lavori alla rete idrica.';
const DECLARED = { impersonal: true, indispensable: true, reason: 'Informazione di viabilità necessaria alla sicurezza' };

describe('activePeriod', () => {
  test.each<[string, string | null, boolean]>([
    ['2025-04-19T21:59:59Z', null, false], // 23:59 in Rome on the 19th
    ['2025-04-19T22:00:00Z', null, true], // 00:00 in Rome on the 20th
    ['2025-05-26T21:59:00Z', null, true],
    ['2025-05-26T22:00:00Z', null, false],
    ['2025-03-01T10:00:00Z', '2025-05-01T10:00:00Z', true], // scheduled date wins over now
    ['2025-05-01T10:00:00Z', '2025-06-15T10:00:00Z', false],
  ])('now %s, scheduled %s → %s', (now, scheduled, inside) => {
    const ctx = context({ now: new Date(now), scheduledAt: scheduled ? new Date(scheduled) : null, electoralPeriods: [ELEZIONI] });
    expect(activePeriod(ctx) !== null).toBe(inside);
  });

  test('romeDay follows summer time', () => {
    expect(romeDay(new Date('2025-07-31T22:30:00Z'))).toBe('2025-08-01');
    expect(romeDay(new Date('2025-01-31T22:30:00Z'))).toBe('2025-01-31');
  });
});

describe('checkParCondicio: the period', () => {
  test.each<[string, CheckContext, 'blocking' | 'info' | null, string]>([
    ['outside any period', context({ electoralPeriods: [ELEZIONI] }), null, ''],
    ['in period, nothing declared', inPeriod(), 'blocking', 'Manca: la forma impersonale'],
    ['in period, only impersonal', inPeriod({ parCondicio: { ...DECLARED, indispensable: false } }), 'blocking', "l'indispensabilità"],
    ['in period, no reason', inPeriod({ parCondicio: { ...DECLARED, reason: '  ' } }), 'blocking', 'la motivazione scritta'],
    ['in period, fully declared', inPeriod({ parCondicio: DECLARED }), 'info', 'Motivazione: «Informazione di viabilità'],
    ['political channel', inPeriod({ channelKind: 'political' }), null, ''],
  ])('%s', (_name, ctx, severity, phrase) => {
    const f = checkParCondicio(variant({ text: NEUTRO }), ctx).filter((x) => x.ruleId === 'par_condicio.period');
    if (severity === null) {
      expect(f).toEqual([]);
      return;
    }
    expect(f.map((x) => x.severity)).toEqual([severity]);
    expect(f[0]?.message.it).toContain(phrase);
    expect(f[0]?.message.it).toContain('dal 20/04/2025 al 26/05/2025');
    expect(f[0]?.rule).toBe('L. 28/2000 art. 9');
  });
});

describe('checkParCondicio: sanctioned wording (even when declared)', () => {
  test.each<[string, string[]]>([
    [NEUTRO, []],
    ['Abbiamo realizzato la nuova pista ciclabile di via Emilia.', ['Abbiamo realizzato']],
    ['Oggi ho inaugurato la scuola di via Dante.', ['ho inaugurato']],
    ['La mia giunta ha lavorato per voi.', ['La mia giunta']],
    ["L'Amministrazione ha realizzato 3 nuovi parchi.", ["L'Amministrazione ha realizzato"]],
    ["L’amministrazione comunale ha finalmente completato i lavori.", ['L’amministrazione comunale ha finalmente completato']],
    ['Il sindaco Mario Rossi ha incontrato i commercianti.', ['sindaco Mario Rossi']],
    ['Presente il sindaco Rossi alla cerimonia.', ['sindaco Rossi']],
    ["Interviene l'assessora De Luca.", ['assessora De Luca']],
    ['Saluti da Bianchi Giulia, consigliera delegata.', ['Bianchi Giulia']],
    ['Concerto con il patrocinio del Comune in piazza.', ['con il patrocinio del Comune']],
    ['Grazie al nostro impegno la piscina riapre. Promessa mantenuta!', ['Grazie al nostro impegno', 'Promessa mantenuta']],
    ['Incontro con la lista civica e il PD.', ['lista civica', 'PD']],
    ['La Lega Navale organizza un corso di vela; la Lega Pro torna allo stadio.', []],
    ["Scarica l'app IO per ricevere gli avvisi.", []],
    ['Rossi è un cognome comune: il signor Rossi ha chiamato.', []],
  ])('%s', (text, spans) => {
    const f = checkParCondicio(variant({ text }), inPeriod({ parCondicio: DECLARED })).filter(
      (x) => x.ruleId === 'par_condicio.sanctioned_wording',
    );
    expect(f.map((x) => text.slice(x.span?.start, x.span?.end))).toEqual(spans);
    for (const x of f) expect(x.severity).toBe('warning');
  });

  test('no wording warnings outside the period', () => {
    expect(checkParCondicio(variant({ text: 'Abbiamo realizzato il parco.' }), context())).toEqual([]);
  });
});
