/**
 * The moderation rulebook: the clauses of the external social media policy in force, as data.
 * The policy module produces it; the moderation engine consumes it. Every moderation decision
 * cites one clause by number.
 */

/** Categories found in real PA policies (INPS, Difesa, Regione Piemonte, Comune di Foligno). */
export const MODERATION_CATEGORIES = [
  'insulti', // insults and offences to people
  'turpiloquio', // swearing, vulgar language
  'minacce', // threats
  'discriminazione', // discrimination, harm to dignity, to minors or minorities
  'fuori_tema', // off-topic for the single post
  'dati_personali', // personal data, own or a third party's
  'flooding', // repeated posts, flooding
  'disturbo', // disturbing the discussion, attacking the moderators
  'spam', // commercial spam and indirect advertising (CAF, patronati)
  'propaganda_politica', // political propaganda
  'maiuscolo', // ALL CAPS ("shouting")
  'profili_falsi', // fake profiles
  'copyright', // copyright violations
  'contenuti_illeciti', // illegal content
  'altro', // an Ente's own clause
] as const;
export type ModerationCategory = (typeof MODERATION_CATEGORIES)[number];

/** What a clause leads to when it matches. */
export const MODERATION_ACTIONS = ['hide', 'review', 'delete'] as const;
export type ModerationAction = (typeof MODERATION_ACTIONS)[number];

/** Sanctions on repeat offenders, when the policy provides them. */
export interface ClauseSanctions {
  /** After this many violations in `windowDays`, the author gets a warning. */
  warnAfter?: number;
  /** After this many violations in `windowDays`, the author is blocked. */
  blockAfter?: number;
  windowDays?: number;
}

export interface RulebookClause {
  /** Stable clause number as printed in the policy, e.g. "4.2". */
  number: string;
  title: string;
  category: ModerationCategory;
  action: ModerationAction;
  /** The clause's Italian text as published. */
  text: string;
  sanctions?: ClauseSanctions;
}

/** 0 = Sunday ... 6 = Saturday, as in JavaScript's Date#getDay. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** One opening interval in local time of the Ente, "HH:MM" 24h, end exclusive. */
export interface TimeRange {
  from: string;
  to: string;
}

export interface WeeklySchedule {
  /** Time zone of the schedule, normally Europe/Rome. */
  timeZone: string;
  /** Opening intervals per weekday; a missing or empty day is closed. */
  days: Partial<Record<Weekday, TimeRange[]>>;
  /** Whether Italian national public holidays (and the patron saint's day) are closed. */
  closedOnPublicHolidays: boolean;
  /** Extra closed dates, "YYYY-MM-DD" (e.g. the patron saint's day of the Comune). */
  closedDates: string[];
}

export interface ModerationHours {
  /** When the office is present and moderates. */
  schedule: WeeklySchedule;
  /** Outside the hours, what would go to review is hidden until a person looks. */
  hideForReviewOffHours: boolean;
  /** Promised response time to questions, in working hours. */
  responseTimeHours: number;
}

export interface Rulebook {
  /** Where the rulebook comes from: the version in force, a draft, or the starter kit. */
  source: 'in_force' | 'draft' | 'starter_kit';
  /** Version number of the policy the clauses belong to, null for the starter kit. */
  version: number | null;
  clauses: RulebookClause[];
  hours: ModerationHours;
}
