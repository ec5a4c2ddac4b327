import { describe, expect, test } from 'vitest';
import { gulpease } from '../../../lib/italian/gulpease.ts';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { custodyFor, draftInternalPolicy } from './internal.fns.ts';
import { LAWS } from './laws.text.ts';
import { validatePolicyDocument } from './policy.types.ts';
import { ENTE_TYPES, type EnteProfile } from './profile.types.ts';
import { sectionReadingText } from './render.fns.ts';

const profile = comuneDiEsempio();
const doc = draftInternalPolicy(profile);
const body = (key: string): string => {
  const s = doc.sections.find((x) => x.key === key);
  if (!s) throw new Error(`missing section ${key}`);
  return s.body;
};

describe('draftInternalPolicy', () => {
  test('is a valid internal document with the expected sections', () => {
    expect(validatePolicyDocument(doc)).toEqual([]);
    expect(doc.kind).toBe('internal');
    expect(doc.sections.map((s) => s.key)).toEqual([
      'ambito',
      'ruoli',
      'credenziali',
      'redazione_contenuti',
      'analisi_backup',
      'gruppo_lavoro',
      'desk',
      'uso_personale',
      'stile',
      'crisi',
      'formazione',
      'normativa',
    ]);
  });

  test.each(doc.sections.map((s) => [s.key, s] as const))('section %s reads at Gulpease ≥ 50', (_, s) => {
    expect(gulpease(sectionReadingText(doc, s)).index).toBeGreaterThanOrEqual(50);
  });

  test.each(ENTE_TYPES)('every section of a %s draft reads at Gulpease ≥ 50', (type) => {
    const p = comuneDiEsempio();
    p.ente = { ...p.ente, type, name: 'Ente di Prova' };
    const d = draftInternalPolicy(p);
    for (const s of d.sections) expect(gulpease(sectionReadingText(d, s)).index, s.key).toBeGreaterThanOrEqual(50);
  });

  test.each(LAWS.map((l) => l.cite))('cites %s', (cite) => {
    expect(body('normativa')).toContain(cite);
  });

  test('private use follows DPR 62/2013 arts. 11-bis and 11-ter as amended by DPR 81/2023', () => {
    const b = body('uso_personale');
    expect(b).toContain('11-bis e 11-ter');
    expect(b).toContain('DPR 13 giugno 2023, n. 81');
    expect(b).toContain('account istituzionali solo per lavoro');
    expect(b).toContain('non siano attribuite al Comune');
    expect(b).toContain("danneggiano l'immagine del Comune");
    expect(b).toContain("questioni d'ufficio in conversazioni pubbliche");
  });

  test('lists who runs each channel, from the channels registry and the desks', () => {
    const b = body('ruoli');
    expect(b).toContain('Facebook (Comune di Esempio): desk Ufficio stampa. Responsabile Marco Rossi. Scrive Sara Conti. Approva Marco Rossi.');
    expect(b).toContain('Instagram (Esempio Eventi): desk Campagne ed eventi');
    expect(b).toContain('Anna Verdi: Social Media Manager e approvatore;');
    expect(b).toContain('Franco Moretti: amministratore.');
  });

  test('lists credential custody and flags channels without custodians', () => {
    const p = comuneDiEsempio();
    p.custody = [{ channelName: 'Esempio Eventi', holders: ['Davide Fontana'], mayChange: [] }];
    const b = draftInternalPolicy(p).sections.find((s) => s.key === 'credenziali')?.body ?? '';
    expect(b).toContain('Instagram (Esempio Eventi): custodi Davide Fontana. Chi può cambiarle è da nominare.');
    expect(b).toContain('Facebook (Comune di Esempio): custodi da nominare.');
    expect(body('credenziali')).toContain('Ultimo cambio il 15 gennaio 2025.');
  });

  test('a custody entry may name a channel by handle when names repeat', () => {
    const [fb, , x] = profile.channels;
    const custody = [
      { channelName: 'Comune di Esempio', holders: ['A'], mayChange: ['A'] },
      { channelName: '@ComuneEsempio', holders: ['B'], mayChange: ['B'] },
    ];
    expect(custodyFor(fb!, custody)?.holders).toEqual(['A']);
    expect(custodyFor(x!, custody)?.holders).toEqual(['B']);
  });

  test('says which desk writes for which channel, and who does analytics and backups', () => {
    expect(body('redazione_contenuti')).toContain('WhatsApp (Esempio Avvisi): desk URP e contatti, per tutta la popolazione;');
    expect(body('analisi_backup')).toContain('curate da Anna Verdi e Giulia Bianchi');
    expect(body('analisi_backup')).toContain('curate da Franco Moretti');
  });

  test('describes the five desks and the working group', () => {
    const b = body('desk');
    for (const name of ['URP e contatti', 'Ufficio stampa', 'Partecipazione', 'Campagne ed eventi', 'Comunicazione interna']) {
      expect(b).toContain(`- ${name}`);
    }
    expect(b).toContain('accesso civico');
    expect(body('gruppo_lavoro')).toContain('Anna Verdi (Social Media Manager)');
    expect(body('gruppo_lavoro')).toContain('ed Elena Costa (Campagne ed eventi)');
  });

  test('a desk the Ente has not set up is flagged, and crisis uses its fast channels', () => {
    const p: EnteProfile = { ...comuneDiEsempio(), desks: [] };
    const d = draftInternalPolicy(p);
    const desk = d.sections.find((s) => s.key === 'desk')?.body ?? '';
    expect(desk.match(/non ancora attivo/g)).toHaveLength(5);
    expect(body('crisi')).toContain('i canali più rapidi: X e WhatsApp');
    const noFast = draftInternalPolicy({ ...p, channels: p.channels.filter((c) => c.platform === 'facebook') });
    expect(noFast.sections.find((s) => s.key === 'crisi')?.body).not.toContain('canali più rapidi');
  });
});
