import { describe, expect, test } from 'vitest';
import { measureText, platformLimits, type EditorialPlatform } from '../editorial/index.ts';
import { behaviourTemplate, fullText, headlineIt, validityIt, variantFor, type AlertContent } from './alerts.fns.ts';

const long: AlertContent = {
  code: 'arancione',
  risks: ['idrogeologico', 'idraulico', 'temporali'],
  zones: [{ name: 'Zona A – Appennino centrale' }, { name: 'Zona B – Pianura e costa' }, { name: 'Zona C – Collina' }],
  validFrom: new Date('2026-11-10T23:00:00Z'),
  validTo: new Date('2026-11-11T12:00:00Z'),
  source: 'Centro Funzionale Decentrato della Regione Emilia-Romagna e Agenzia per la sicurezza territoriale',
  measures: ['Attivato il Centro Operativo Comunale', 'Scuole di ogni ordine e grado chiuse', 'Parchi e cimiteri chiusi'],
  behaviour: ['Evita sottopassi e scantinati', 'Non attraversare strade allagate', 'Stai lontano da argini e ponti', 'Limita gli spostamenti'],
  ordinanceUrl: 'https://www.comune.example.it/amministrazione/ordinanze/2026/ordinanza-sindacale-n-123-chiusura-scuole-allerta-arancione',
  infoUrl: 'https://allertameteo.regione.emilia-romagna.it',
};

describe('alert templates', () => {
  test('headline follows the typical Comune post', () => {
    expect(headlineIt(long)).toBe(
      'ALLERTA METEO – Mercoledì 11 novembre 2026: Codice Arancione per rischio idrogeologico, idraulico e temporali dalle ore 00.00 alle ore 13.00 di mercoledì 11 novembre 2026',
    );
    expect(validityIt(new Date('2026-11-10T20:00:00Z'), new Date('2026-11-11T12:00:00Z'))).toBe('dalle ore 21.00 di martedì 10 novembre 2026 alle ore 13.00 di mercoledì 11 novembre 2026');
    expect(fullText(long)).toContain('Emergenze: 112');
  });

  // Words of the full text, plus those of the compact headline ("ore 00.00–13.00 del 11/11").
  const words = new Set([...fullText(long).split(/\s+/), 'METEO', 'ore', 'del', '00.00–13.00', '11/11'].map((w) => w.replace(/[.,;:…]+$/, '')));
  test.each(['x', 'bluesky', 'mastodon', 'telegram', 'facebook_page', 'instagram', 'linkedin', 'whatsapp'] as EditorialPlatform[])('%s: within the limit, whole words, code, risk, validity and link kept', (p) => {
    const t = variantFor(p, long);
    const max = platformLimits(p).maxChars!;
    expect(measureText(p, t)).toBeLessThanOrEqual(max);
    expect(t).toContain('Codice Arancione');
    expect(t).toContain('idrogeologico');
    expect(t).toMatch(/00\.00/);
    expect(t).toMatch(/13\.00/);
    expect(t).toContain(long.ordinanceUrl);
    expect(t).toContain('112');
    for (const w of t.split(/\s+/)) if (!w.endsWith('…')) expect(words.has(w.replace(/[.,;:…]+$/, '')), `${p}: "${w}"`).toBe(true);
  });

  test('short platforms drop behaviour rules before measures, zones and source', () => {
    const x = variantFor('x', long);
    expect(x).not.toContain('Comportamenti');
    const masto = variantFor('mastodon', long);
    expect(masto.length).toBeGreaterThan(x.length);
    expect(variantFor('facebook_page', long)).toBe(fullText(long));
  });
});

describe('ready behaviour rules for the composer', () => {
  test('a red alert: stay home first, then each risk’s rules, then where to stay updated, no repeats', () => {
    const lines = behaviourTemplate('rossa', ['idrogeologico', 'idraulico']);
    expect(lines[0]).toBe('Resta in casa se puoi e segui le indicazioni delle autorità');
    expect(lines).toContain('Evita sottopassi e scantinati');
    expect(lines).toContain('Non scendere in cantine e garage');
    expect(lines.at(-1)).toBe('Segui gli aggiornamenti sui canali ufficiali del Comune');
    expect(new Set(lines).size).toBe(lines.length);
  });

  test('two risks sharing a rule list it once; verde carries no risk rules; no code, only the risks’', () => {
    const wind = behaviourTemplate('gialla', ['temporali', 'vento']);
    expect(wind.filter((l) => l === 'Fissa gli oggetti sui balconi')).toHaveLength(1);
    expect(behaviourTemplate('verde', ['neve'])).toEqual(['Segui gli aggiornamenti sui canali ufficiali del Comune']);
    expect(behaviourTemplate(null, ['incendi'])).toEqual(['Non accendere fuochi all’aperto', 'Non gettare mozziconi', 'Segnala subito ogni fumo al 112']);
    expect(behaviourTemplate(null, [])).toEqual([]);
  });
});
