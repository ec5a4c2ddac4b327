import { describe, expect, test } from 'vitest';
import { checkInstitutional } from './institutional.fns.ts';
import { context, variant } from './fixtures.ts';

describe('checkInstitutional', () => {
  test.each<[string, string[]]>([
    ['Da lunedì la biblioteca apre anche il sabato mattina, dalle 9 alle 13.', []],
    ['Vi aspettiamo alla festa del quartiere.', []],
    ['Oggi ho firmato il nuovo piano del traffico.', ['ho firmato']],
    ['Io credo in questa città.', ['Io']],
    ['Sono orgogliosa di questo risultato.', ['Sono orgogliosa']],
    ['Il nostro sindaco ha incontrato i cittadini.', ['Il nostro sindaco']],
    ['Dopo anni di abbandono da parte della precedente amministrazione, la piazza rinasce.', ['precedente amministrazione']],
    ["L'opposizione ha votato contro il bilancio.", ["L'opposizione"]],
    ['Le richieste della minoranza linguistica slovena sono accolte.', []],
    ['Il Partito Democratico e Fratelli d’Italia presentano le liste.', ['Partito Democratico', 'Fratelli d’Italia']],
    ['Avanti così! Il 25 maggio votate per la lista del cambiamento.', ['Avanti così', 'votate per la lista']],
    ['Grazie al nostro lavoro i cantieri sono chiusi.', ['Grazie al nostro lavoro']],
    ["Per votare serve la tessera elettorale: scarica l'app IO.", []],
  ])('%s', (text, spans) => {
    const f = checkInstitutional(variant({ text }), context());
    expect(f.map((x) => text.slice(x.span?.start, x.span?.end))).toEqual(spans);
    for (const x of f) {
      expect(x.ruleId).toBe('institutional.partisan');
      expect(x.severity).toBe('warning');
      expect(x.rule).toBe('L. 150/2000');
    }
  });

  test.each([
    ['political', 0],
    ['institutional', 1],
    [undefined, 1],
  ] as const)('channel kind %s', (channelKind, n) => {
    expect(checkInstitutional(variant({ text: 'Oggi ho inaugurato la scuola.' }), context({ channelKind }))).toHaveLength(n);
  });
});
