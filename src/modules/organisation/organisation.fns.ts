/** The kinds of Ente Redazione knows. */
export const ENTE_TYPES = ['comune', 'provincia', 'regione', 'camera_di_commercio', 'agenzia', 'ministero', 'altro'] as const;
export type EnteType = (typeof ENTE_TYPES)[number];

/** The five desks of the redazione unica (#PASocial, seed 001), created with every Ente. */
export const DEFAULT_DESKS = [
  {
    key: 'urp',
    name: 'URP e contatti',
    description: "Contatti con il pubblico e gestione dell'accesso civico (FOIA).",
  },
  {
    key: 'stampa',
    name: 'Stampa e notizie',
    description: 'Redazione delle notizie, trattamento delle informazioni e rapporti con i media.',
  },
  {
    key: 'partecipazione',
    name: 'Partecipazione',
    description:
      'Citizen satisfaction rispetto alle Carte dei Servizi, rilevazione sistematica del feedback e partecipazione civica.',
  },
  {
    key: 'campagne',
    name: 'Campagne ed eventi',
    description: 'Campagne di comunicazione ed eventi.',
  },
  {
    key: 'interna',
    name: 'Comunicazione interna',
    description: 'Comunicazione interna e circolazione delle informazioni.',
  },
] as const;

const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** Slugs are lowercase ASCII words joined by dashes: they appear in URLs and handles. */
export function isValidSlug(slug: string): boolean {
  return SLUG.test(slug);
}

/** A slug from a name: "Comune di Sant'Agata" -> "comune-di-sant-agata". */
export function slugify(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 64);
}
