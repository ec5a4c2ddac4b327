import { describe, expect, test } from 'vitest';
import { checkPlainLanguage, prose } from './plain-language.fns.ts';
import { context, variant } from './fixtures.ts';

const BUROCRATESE =
  "Si comunica che, ai sensi della deliberazione della Giunta comunale, la presentazione delle istanze finalizzate all'ottenimento dei contributi economici straordinari per l'abbattimento dei canoni di locazione avverrà esclusivamente mediante procedura telematica.";
const CHIARO = 'Domani il mercato è in piazza. Vi aspettiamo dalle 8 alle 13. Portate le borse.';
const MEDIO =
  'Il Comune informa che mercoledì, per lavori alla rete idrica, potranno mancare acqua e pressione in via Roma e nelle strade vicine.';

describe('checkPlainLanguage', () => {
  test.each<[string, string, number | undefined, 'info' | 'warning' | null, string]>([
    ['plain text', CHIARO, undefined, 'info', 'licenza elementare'],
    ['bureaucratic text', BUROCRATESE, undefined, 'warning', 'sotto la soglia di 40'],
    ['average text, default threshold', MEDIO, undefined, 'info', 'Indice Gulpease'],
    ['average text, stricter threshold', MEDIO, 80, 'warning', 'sotto la soglia di 80'],
    ['too short to judge', 'Allerta meteo gialla', undefined, null, ''],
  ])('%s', (_name, text, gulpeaseThreshold, severity, phrase) => {
    const f = checkPlainLanguage(variant({ text }), context({ gulpeaseThreshold }));
    if (severity === null) {
      expect(f).toEqual([]);
      return;
    }
    expect(f).toHaveLength(1);
    expect(f[0]?.ruleId).toBe('plain.gulpease');
    expect(f[0]?.severity).toBe(severity);
    expect(f[0]?.message.it).toContain(phrase);
    expect(f[0]?.message.en).toMatch(/Gulpease index \d+/);
  });

  test('links, hashtags and mentions do not weigh on the index', () => {
    const url = 'https://www.comune.esempio.it/amministrazione-trasparente/bandi-di-gara-e-contratti';
    const withExtras = `${CHIARO} ${url} #RaccoltaDifferenziataPortaAPorta @ProtezioneCivileRegionale`;
    expect(checkPlainLanguage(variant({ text: withExtras }))[0]?.message.it).toBe(
      checkPlainLanguage(variant({ text: CHIARO }))[0]?.message.it,
    );
  });
});

describe('prose', () => {
  test.each<[string, string]>([
    ['Vieni 🎉 oggi #Festa', 'Vieni   oggi  '],
    ['Info su https://comune.it. Grazie @urp', 'Info su  . Grazie  '],
  ])('%s', (text, expected) => {
    expect(prose(text)).toBe(expected);
  });
});
