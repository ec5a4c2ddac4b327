/**
 * Wording that turns institutional communication personal, partisan or promotional: the patterns
 * AGCOM has sanctioned under L. 28/2000 art. 9 and that L. 150/2000 keeps out of institutional
 * channels. Curated lists, matched case-insensitively on whole words. In a source string a space
 * stands for any whitespace and an apostrophe for ' or ’ (with optional space after it).
 */

import { memo } from '../text.fns.ts';

export interface WordingCategory {
  id: string;
  /** What the wording is, completing "«…»: …". */
  it: string;
  en: string;
  re: RegExp;
}

export interface WordingMatch {
  category: WordingCategory;
  start: number;
  end: number;
  text: string;
}

const EDGE_BEFORE = String.raw`(?<![\p{L}\p{N}_])`;
const EDGE_AFTER = String.raw`(?![\p{L}\p{N}_])`;

function source(s: string): string {
  return s.replace(/ /g, String.raw`\s+`).replace(/'/g, String.raw`['’]\s*`);
}

/** One whole-word regex for a list of phrases; `caseSensitive` for acronyms such as PD. */
export function compileWords(phrases: readonly string[], caseSensitive = false): RegExp {
  return new RegExp(`${EDGE_BEFORE}(?:${phrases.map(source).join('|')})${EDGE_AFTER}`, caseSensitive ? 'gu' : 'giu');
}

const PARTICIPLE = String.raw`(?:\p{L}+(?:at|it|ut)[oaie]|fatto|fatta|messo|aperto|promesso|risolto|concluso|preso|scelto|vinto|speso|reso|detto|ottenuto)`;
const ADVERB = String.raw`(?:già |finalmente |appena |sempre |davvero )?`;
const OWN = String.raw`(?:la|il|i|le|questa|questo) (?:mia|mio|miei|mie|nostra|nostro|nostri|nostre)`;
const ROLES = String.raw`(?:giunta|amministrazione|mandato|squadra|programma|maggioranza|sindac[oa]|vicesindac[oa]|assessor[ei]|assessora|consiglier[ei]|consigliera|president[ea])`;

export const FIRST_PERSON_SINGULAR: WordingCategory = {
  id: 'first_person_singular',
  it: 'prima persona singolare, comunicazione personale',
  en: 'first person singular, personal communication',
  re: compileWords([
    `ho ${ADVERB}${PARTICIPLE}`,
    `(?:la|il|i|le) (?:mia|mio|miei|mie)`,
    'sono (?:orgoglios|fier|felic|content|onorat)[oaie]',
    'personalmente',
    'vi prometto',
    'mi impegno',
    'mi sono impegnat[oa]',
    'ringrazio',
    'voglio ringraziare',
  ]),
};

// "io" only in lowercase or as "Io": "IO" is the public services app ("scarica l'app IO").
export const FIRST_PERSON_PRONOUN: WordingCategory = {
  ...FIRST_PERSON_SINGULAR,
  re: compileWords(['[Ii]o'], true),
};

export const FIRST_PERSON_PLURAL: WordingCategory = {
  id: 'first_person_plural',
  it: "prima persona plurale dell'amministrazione",
  en: 'first person plural of the administration',
  re: compileWords([`abbiamo ${ADVERB}${PARTICIPLE}`, 'stiamo \\p{L}+(?:ando|endo)', 'siamo riuscit[ie]', 'ce l\'abbiamo fatta']),
};

export const OWN_ADMINISTRATION: WordingCategory = {
  id: 'own_administration',
  it: "riferimento personale all'amministrazione o ai suoi membri",
  en: 'personal reference to the administration or its members',
  re: compileWords([`${OWN} ${ROLES}`]),
};

export const ADMINISTRATION_RECORD: WordingCategory = {
  id: 'administration_record',
  it: "attribuzione di risultati all'amministrazione",
  en: 'crediting results to the administration',
  re: compileWords([
    `(?:l'amministrazione|questa amministrazione|la giunta)(?: comunale| provinciale| regionale)? (?:ha|hanno) ${ADVERB}` +
      '(?:realizzato|fatto|mantenuto|investito|completato|portato a termine|ottenuto|raggiunto|conseguito|costruito|inaugurato|rispettato|stanziato|vinto|risolto)',
  ]),
};

export const SELF_PROMOTION: WordingCategory = {
  id: 'self_promotion',
  it: "promozione dell'operato dell'amministrazione",
  en: "promotion of the administration's record",
  re: compileWords([
    'grazie al (?:nostro|mio) (?:impegno|lavoro)',
    "grazie all'impegno (?:dell'amministrazione|della giunta|del sindaco|della sindaca)",
    'promess[ae] mantenut[ae]',
    'impegno mantenuto',
    'impegni mantenuti',
    'come promesso',
    'avevamo promesso',
    'obiettivo raggiunto',
    'dalle parole ai fatti',
    'risultato storico',
  ]),
};

export const PATRONAGE: WordingCategory = {
  id: 'patronage',
  it: "patrocinio dell'ente",
  en: "the Ente's patronage",
  re: compileWords([
    "con il patrocinio (?:del|della|dell') ?(?:comune|regione|provincia|città metropolitana|amministrazione)",
    "patrocinat[oa] (?:dal|dalla|dall') ?(?:comune|regione|provincia|amministrazione)",
  ]),
};

const PARTY_NAMES = compileWords([
  "fratelli d'italia",
  'partito democratico',
  'forza italia',
  'movimento (?:5|cinque) stelle',
  'alleanza verdi e sinistra',
  'italia viva',
  '\\+europa',
  'più europa',
  'noi moderati',
  'sinistra italiana',
  'europa verde',
  'rifondazione comunista',
  'partito comunista',
  'partito socialista',
  'unione di centro',
  'sud chiama nord',
  'südtiroler volkspartei',
  'lega (?:per salvini premier|nord|salvini)',
  'list[ae] civic[ah]e?',
  'centro-?destra',
  'centro-?sinistra',
  'candidat[oaie] sindac[oia]',
  'coalizione',
]);
// Acronyms and "Lega" only as written, and not the football, sailing or charity leagues.
const PARTY_ACRONYMS = compileWords(
  ['PD', 'M5S', 'FdI', 'FDI', 'AVS', 'SVP', 'UDC', 'PSI', 'PRC', "(?:Lega|LEGA)(?! (?:Pro|Serie|Navale|Nazionale|Italiana|Basket|Volley|Calcio|del Filo d'Oro))"],
  true,
);

export const PARTY: WordingCategory = {
  id: 'party',
  it: 'nome di partito o di lista',
  en: 'name of a party or list',
  re: PARTY_NAMES,
};
export const PARTY_ACRONYM: WordingCategory = { ...PARTY, id: 'party', re: PARTY_ACRONYMS };

export const ELECTORAL_SLOGAN: WordingCategory = {
  id: 'electoral_slogan',
  it: 'slogan o invito al voto di parte',
  en: 'electoral slogan or partisan call to vote',
  re: compileWords([
    'votami',
    'votatemi',
    'votateci',
    'vota(?:te)? (?:per )?(?:la lista|il partito|il candidato|la candidata|il simbolo)',
    'barra(?:te)? il simbolo',
    '(?:una )?croce sul simbolo',
    'il (?:tuo|vostro) voto (?:a|per)',
    'avanti così',
    'continuiamo insieme',
    'il cambiamento continua',
    'scegli il cambiamento',
  ]),
};

export const ATTACK: WordingCategory = {
  id: 'attack',
  it: 'riferimento polemico agli avversari politici',
  en: 'polemical reference to political opponents',
  re: compileWords([
    "l'opposizione",
    'la minoranza(?! (?:linguistic|etnic|religios|sloven|tedesc|ladin|francofon|german))',
    '(?:la )?(?:precedente|vecchia) (?:amministrazione|giunta)',
    "(?:l'amministrazione|la giunta) precedente",
    "chi c'era prima",
    'chi ci ha preceduto',
    '(?:i|gli) amministratori precedenti',
  ]),
};

/** All matches of the categories, earlier and longer first, overlaps dropped. */
export function findWording(text: string, categories: readonly WordingCategory[]): WordingMatch[] {
  const all: WordingMatch[] = [];
  for (const category of categories) {
    const hits = categoryMatches(category, text);
    for (const h of hits) all.push({ category, ...h });
  }
  all.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: WordingMatch[] = [];
  for (const m of all) {
    const last = out[out.length - 1];
    if (last && m.start < last.end) continue;
    out.push(m);
  }
  return out;
}

// Matches per category and text: par condicio and the institutional check share categories, and
// a post's variants often share their text.
const matchMemo = new WeakMap<WordingCategory, (text: string) => { start: number; end: number; text: string }[]>();

function categoryMatches(category: WordingCategory, text: string): { start: number; end: number; text: string }[] {
  let fn = matchMemo.get(category);
  if (!fn) {
    const re = category.re;
    fn = memo((t: string) => Array.from(t.matchAll(re), (m) => ({ start: m.index, end: m.index + m[0].length, text: m[0] })));
    matchMemo.set(category, fn);
  }
  return fn(text);
}

const PARTICLES = new Set(['de', 'di', 'del', 'della', 'da', 'dal', 'la', 'lo', 'van', 'von', "d'", 'd’']);
const TITLES = String.raw`(?:sindac[oa]|vicesindac[oa]|assessor[ea]|consiglier[ea]|president[ea]|prim[oa] cittadin[oa])`;

function escape(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A regex for the people's names: the full name in either order, or the surname after a title
 * ("il sindaco Rossi"). A bare surname alone is too common to flag.
 */
export function compileNames(names: readonly string[]): RegExp | null {
  const alternatives: string[] = [];
  for (const name of names) {
    const tokens = name.trim().split(/\s+/u).filter(Boolean).map((t) => escape(t).replace(/['’]/gu, "'"));
    if (tokens.length === 0) continue;
    alternatives.push(tokens.join(' '));
    if (tokens.length < 2) continue;
    const first = tokens[0] ?? '';
    const surnameStart = tokens.length > 2 && PARTICLES.has((tokens[tokens.length - 2] ?? '').toLowerCase()) ? -2 : -1;
    const surname = tokens.slice(surnameStart).join(' ');
    alternatives.push(`${surname} ${tokens.slice(0, surnameStart).join(' ')}`);
    alternatives.push(`${TITLES} (?:${first} )?${surname}`);
  }
  return alternatives.length === 0 ? null : compileWords(alternatives);
}
