import { describe, expect, test } from 'vitest';
import { checkPrivacy } from './privacy.fns.ts';
import { context, variant } from './fixtures.ts';

const OWN = { phones: ['+39 051 219 4321'], emails: ['sindaco@comune.esempio.it'], domains: ['comune.esempio.it'] };

describe('checkPrivacy', () => {
  test.each<[string, [string, string][]]>([
    ['Per informazioni chiamate lo 051 219 4321 o scrivete a urp@comune.esempio.it', []],
    ['Chiamate il +39 051 2194321', []],
    ['Scrivete a protocollo@pec.comune.esempio.it oppure a info@inps.it', []],
    ['Numero verde 800 123 456 attivo tutti i giorni', []],
    ['Il sig. Mario Bianchi, cell. 347 123 4567, ha smarrito il portafoglio', [['347 123 4567', 'warning']]],
    ['Adesioni: mario.rossi@gmail.com', [['mario.rossi@gmail.com', 'warning']]],
    ['Beneficiario con codice fiscale RSSMRA85T10A562S', [['RSSMRA85T10A562S', 'warning']]],
    ['Codice sbagliato RSSMRA85T10A562X', []],
    ['Donazioni su IT60 X054 2811 1010 0000 0123 456 per la famiglia', [['IT60 X054 2811 1010 0000 0123 456', 'warning']]],
    ['La signora Maria Verdi è malata di cancro e chiede aiuto', [['signora Maria Verdi è malata di cancro', 'warning']]],
    ['Chiusura di via Garibaldi 12 per lavori', [['via Garibaldi 12', 'info']]],
    ['La ditta, partita IVA 01234567897, ha vinto il bando', []],
  ])('%s', (text, expected) => {
    const f = checkPrivacy(variant({ text }), context({ ownContacts: OWN }));
    expect(f.map((x) => [text.slice(x.span?.start, x.span?.end), x.severity])).toEqual(expected);
    for (const x of f) {
      expect(x.ruleId).toBe('privacy.personal_data');
      // The finding points at the data but does not repeat it.
      expect(x.message.it).not.toContain(text.slice(x.span?.start, x.span?.end));
    }
  });

  test('without ownContacts, the Ente’s own number counts as a phone number', () => {
    const f = checkPrivacy(variant({ text: 'Chiamate lo 051 219 4321' }), context());
    expect(f.map((x) => x.message.it)).toEqual([expect.stringContaining('un numero di telefono')]);
  });

  test('health data cites art. 2-septies', () => {
    const [f] = checkPrivacy(variant({ text: 'La signora Maria Verdi è malata di cancro e chiede aiuto' }), context());
    expect(f?.rule).toContain('2-septies');
  });
});
