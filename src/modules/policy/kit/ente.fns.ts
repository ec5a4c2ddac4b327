/**
 * Italian wording that depends on the Ente: articles and prepositions ("il Comune", "della
 * Regione", "dell'Agenzia"), labels of platforms and roles, lists and dates.
 */
import type { EnteInfo, EnteType, Platform, Role } from './profile.types.ts';
import { escapeInline } from './blocks.fns.ts';

/** Article and articled prepositions of the Ente's noun, ready to interpolate. */
export interface EnteGrammar {
  /** "Comune" */
  noun: string;
  /** "il Comune" */
  the: string;
  /** "Il Comune", at the start of a sentence */
  The: string;
  /** "del Comune" */
  of: string;
  /** "al Comune" */
  to: string;
  /** "dal Comune" */
  by: string;
  /** "del Comune di Esempio": the Ente's full name, escaped for a body */
  ofName: string;
  /** "il Comune di Esempio" */
  theName: string;
  /** "Il Comune di Esempio" */
  TheName: string;
}

type ArticleClass = 'm' | 'f' | 'elided';

const NOUNS: Record<EnteType, { noun: string; cls: ArticleClass }> = {
  comune: { noun: 'Comune', cls: 'm' },
  provincia: { noun: 'Provincia', cls: 'f' },
  regione: { noun: 'Regione', cls: 'f' },
  camera_di_commercio: { noun: 'Camera di Commercio', cls: 'f' },
  agenzia: { noun: 'Agenzia', cls: 'elided' },
  ministero: { noun: 'Ministero', cls: 'm' },
  altro: { noun: 'Ente', cls: 'elided' },
};

const ARTICLES: Record<ArticleClass, { the: string; of: string; to: string; by: string }> = {
  m: { the: 'il ', of: 'del ', to: 'al ', by: 'dal ' },
  f: { the: 'la ', of: 'della ', to: 'alla ', by: 'dalla ' },
  elided: { the: "l'", of: "dell'", to: "all'", by: "dall'" },
};

const capitalize = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);

/** Grammar for an Ente; the generic "l'Ente" when no Ente is given (starter kit). */
export function enteGrammar(ente?: Pick<EnteInfo, 'name' | 'type'>): EnteGrammar {
  const { noun, cls } = NOUNS[ente?.type ?? 'altro'];
  const a = ARTICLES[cls];
  const name = ente ? escapeInline(ente.name) : '';
  // "Comune di Esempio" already starts with the noun: "del Comune di Esempio".
  // Otherwise keep the noun as an apposition: "dell'Agenzia ARPA Esempio".
  const named =
    name === '' ? noun : name.toLowerCase().startsWith(noun.toLowerCase()) ? name : `${noun} ${name}`;
  return {
    noun,
    the: a.the + noun,
    The: capitalize(a.the) + noun,
    of: a.of + noun,
    to: a.to + noun,
    by: a.by + noun,
    ofName: a.of + named,
    theName: a.the + named,
    TheName: capitalize(a.the) + named,
  };
}

const PLATFORM_LABELS: Record<Platform, string> = {
  website: 'Sito web',
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  tiktok: 'TikTok',
  threads: 'Threads',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  rss: 'Feed RSS',
  altro: 'Altro canale',
};

export const platformLabel = (p: Platform): string => PLATFORM_LABELS[p];

const ROLE_LABELS: Record<Role, string> = {
  amministratore: 'amministratore',
  social_media_manager: 'Social Media Manager',
  redattore: 'redattore',
  proponente: 'proponente',
  approvatore: 'approvatore',
  osservatore: 'osservatore',
};

export const roleLabel = (r: Role): string => ROLE_LABELS[r];

/** "a", "a e b", "a, b e c"; `empty` when the list is empty. */
export function joinIt(items: readonly string[], empty = ''): string {
  if (items.length === 0) return empty;
  if (items.length === 1) return items[0] ?? '';
  const last = items[items.length - 1] ?? '';
  // "ed" before a word starting with "e", as Italian euphony asks ("Anna ed Elena").
  return `${items.slice(0, -1).join(', ')} ${/^[eEèÈ]/.test(last) ? 'ed' : 'e'} ${last}`;
}

const MONTHS = [
  'gennaio',
  'febbraio',
  'marzo',
  'aprile',
  'maggio',
  'giugno',
  'luglio',
  'agosto',
  'settembre',
  'ottobre',
  'novembre',
  'dicembre',
];

/** "2025-03-07" → "7 marzo 2025"; any other string is returned unchanged. */
export function formatDateIt(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  const month = m ? MONTHS[Number(m[2]) - 1] : undefined;
  if (!m || !month) return iso;
  return `${Number(m[3])} ${month} ${m[1]}`;
}

const ORDINALS = ['prima', 'seconda', 'terza', 'quarta', 'quinta', 'sesta', 'settima', 'ottava'];

/** Feminine ordinal for "violazione": 2 → "seconda"; beyond eight, "numero 9". */
export function ordinalIt(n: number): string {
  return ORDINALS[n - 1] ?? `numero ${n}`;
}

/** Ends a free-text phrase with a full stop, so every list item is a sentence. */
export function sentence(text: string): string {
  const t = text.trim().replace(/[.;:,\s]+$/u, '');
  return t === '' ? '' : `${t}.`;
}
