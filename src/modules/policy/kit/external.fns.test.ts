import { describe, expect, test } from 'vitest';
import { gulpease } from '../../../lib/italian/gulpease.ts';
import { MODERATION_ACTIONS, MODERATION_CATEGORIES } from '../rulebook.ts';
import { parseBody } from './blocks.fns.ts';
import { comuneDiEsempio } from './comune-di-esempio.fixture.ts';
import { draftExternalPolicy } from './external.fns.ts';
import { LAWS } from './laws.text.ts';
import { validatePolicyDocument } from './policy.types.ts';
import { ENTE_TYPES, type EnteProfile, type EnteType } from './profile.types.ts';
import { sectionReadingText } from './render.fns.ts';

const doc = draftExternalPolicy(comuneDiEsempio());
const section = (key: string) => {
  const s = doc.sections.find((x) => x.key === key);
  if (!s) throw new Error(`missing section ${key}`);
  return s;
};
const fullText = doc.sections.map((s) => sectionReadingText(doc, s)).join('\n\n');

describe('draftExternalPolicy', () => {
  test('is a valid external document with the expected sections in order', () => {
    expect(validatePolicyDocument(doc)).toEqual([]);
    expect(doc.kind).toBe('external');
    expect(doc.title).toContain('Comune di Esempio');
    expect(doc.sections.map((s) => s.key)).toEqual([
      'finalita',
      'canali',
      'contenuti',
      'comportamenti',
      'moderazione',
      'orari',
      'copyright',
      'gestione',
      'privacy',
      'normativa',
    ]);
  });

  test.each(MODERATION_CATEGORIES.filter((c) => c !== 'altro'))('has a clause for %s', (category) => {
    const clauses = doc.clauses.filter((c) => c.category === category);
    expect(clauses).toHaveLength(1);
    expect(MODERATION_ACTIONS).toContain(clauses[0]?.action);
  });

  test('numbers the clauses under the moderation section: 5.1, 5.2, …', () => {
    expect(doc.clauses.map((c) => c.number)).toEqual(doc.clauses.map((_, i) => `5.${i + 1}`));
    expect(doc.clauses.some((c) => c.category === 'altro')).toBe(false);
  });

  test('repeated violations lead to a warning before a block', () => {
    const withSanctions = doc.clauses.filter((c) => c.sanctions);
    expect(withSanctions.length).toBeGreaterThanOrEqual(10);
    for (const c of withSanctions) {
      const { warnAfter, blockAfter } = c.sanctions ?? {};
      if (warnAfter !== undefined && blockAfter !== undefined) expect(blockAfter).toBeGreaterThan(warnAfter);
    }
  });

  test.each([
    ['spam', /CAF/],
    ['spam', /patronati/],
    ['dati_personali', /codice fiscale/],
    ['discriminazione', /minori/],
    ['disturbo', /chi modera/],
  ] as const)('clause %s mentions %s', (category, re) => {
    expect(doc.clauses.find((c) => c.category === category)?.text).toMatch(re);
  });

  test.each(LAWS.map((l) => l.cite))('cites %s', (cite) => {
    expect(section('normativa').body).toContain(cite);
  });

  test('lists the active channels with their links, not those still opening', () => {
    const body = section('canali').body;
    expect(doc.channels).toHaveLength(5);
    for (const c of doc.channels) expect(body).toContain(`](${c.url})`);
    expect(body).not.toContain('tiktok.com');
    expect(body).toMatch(/account ufficiali del Comune di Esempio/);
    expect(body).toContain('Eventi, cultura e vita della città.');
  });

  test('states hours, holidays and response time from the default schedule', () => {
    const body = section('orari').body;
    expect(body).toContain('dal lunedì al venerdì, dalle 9:00 alle 18:00');
    expect(body).toContain('giorni festivi');
    expect(body).toContain('entro 2 giorni lavorativi');
    expect(doc.hours.responseTimeHours).toBe(18);
  });

  test('privacy: joint controllership (C-210/16) and hidden comments seen by their author', () => {
    const body = section('privacy').body;
    expect(body).toContain('C-210/16');
    expect(body).toContain('contitolare');
    expect(body).toMatch(/nascondiamo un commento su Facebook, tu e i tuoi amici lo vedete ancora/);
    expect(body).toContain('2016/679');
    expect(body).toContain('196');
  });

  test('names the managing office, the Social Media Manager and the contacts', () => {
    const body = section('gestione').body;
    expect(body).toContain('Anna Verdi, Social Media Manager');
    expect(body).toContain('Ufficio stampa: responsabile Marco Rossi.');
    expect(body).toContain('(mailto:comunicazione@comune.esempio.it)');
    expect(body).toContain('PEC');
  });

  test('copyright and logos cite L. 633/1941', () => {
    const body = section('copyright').body;
    expect(body).toContain('22 aprile 1941, n. 633');
    expect(body).toContain('logo del Comune');
  });

  test.each(doc.sections.map((s) => [s.key, s] as const))('section %s reads at Gulpease ≥ 50', (_, s) => {
    expect(gulpease(sectionReadingText(doc, s)).index).toBeGreaterThanOrEqual(50);
  });

  test('says the profiles are the official accounts', () => {
    expect(fullText).toMatch(/account ufficiali/);
    expect(fullText).toMatch(/non è in questo elenco, non è nostro/);
  });
});

const ofType = (type: EnteType, name: string): EnteProfile => {
  const p = comuneDiEsempio();
  p.ente = { ...p.ente, type, name };
  return p;
};

describe('adapts to the type of Ente', () => {
  test.each([
    ['comune', 'Comune di Esempio', 'del Comune di Esempio', 'Il Comune di Esempio usa'],
    ['provincia', 'Provincia di Esempio', 'della Provincia di Esempio', 'La Provincia di Esempio usa'],
    ['regione', 'Regione Esempio', 'della Regione Esempio', 'La Regione Esempio usa'],
    ['camera_di_commercio', 'Camera di Commercio di Esempio', 'della Camera di Commercio di Esempio', 'La Camera'],
    ['agenzia', 'ARPA Esempio', "dell'Agenzia ARPA Esempio", "L'Agenzia ARPA Esempio usa"],
    ['ministero', 'Ministero degli Esempi', 'del Ministero degli Esempi', 'Il Ministero degli Esempi usa'],
    ['altro', 'Parco Esempio', "dell'Ente Parco Esempio", "L'Ente Parco Esempio usa"],
  ] as const)('%s', (type, name, of, opening) => {
    const d = draftExternalPolicy(ofType(type, name));
    const text = d.sections.map((s) => s.body).join('\n');
    expect(text).toContain(`account ufficiali ${of}.`);
    expect(d.sections[0]?.body.startsWith(opening)).toBe(true);
  });

  test('only public bodies with civil protection duties talk about civil protection alerts', () => {
    const body = (t: EnteType) => draftExternalPolicy(ofType(t, 'X')).sections.find((s) => s.key === 'contenuti')?.body;
    expect(body('comune')).toContain('protezione civile');
    expect(body('camera_di_commercio')).not.toContain('protezione civile');
    expect(body('camera_di_commercio')).toContain('registro delle imprese');
  });

  test.each(ENTE_TYPES)('every section of a %s draft reads at Gulpease ≥ 50', (type) => {
    const d = draftExternalPolicy(ofType(type, 'Ente di Prova'));
    for (const s of d.sections) expect(gulpease(sectionReadingText(d, s)).index, s.key).toBeGreaterThanOrEqual(50);
  });
});

describe('hostile or sparse profiles', () => {
  test('a channel name cannot inject a link or a list item', () => {
    const p = comuneDiEsempio();
    p.channels[0] = { ...p.channels[0]!, name: 'x](javascript:alert(1)) [y', purpose: '\n- finto punto' };
    const body = draftExternalPolicy(p).sections.find((s) => s.key === 'canali')?.body ?? '';
    const links = parseBody(body).flatMap((b) =>
      (b.kind === 'list' ? b.items.flat() : b.inlines).filter((x) => x.kind === 'link'),
    );
    expect(links.map((l) => (l.kind === 'link' ? l.href : ''))).toEqual([
      ...p.channels.filter((c) => c.status === 'attivo').map((c) => c.url),
      'https://www.comune.esempio.it',
    ]);
    expect(links[0]?.text).toBe('x](javascript:alert(1)) [y');
    expect(body.split('\n').filter((l) => l.startsWith('- '))).toHaveLength(5);
  });

  test('without contacts, channels or people the draft is still complete and valid', () => {
    const p: EnteProfile = {
      ente: { name: 'Comune di Vuoto', slug: 'vuoto', type: 'comune' },
      channels: [],
      desks: [],
      people: [],
    };
    const d = draftExternalPolicy(p);
    expect(validatePolicyDocument(d)).toEqual([]);
    expect(d.sections.find((s) => s.key === 'canali')?.body).toContain('Nessun account è attivo');
    expect(d.sections.find((s) => s.key === 'moderazione')?.body).toContain("Scrivi all'ufficio comunicazione del Comune");
  });
});
