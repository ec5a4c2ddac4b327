/**
 * The social media policy as a structured document: sections staff edit one by one, and for the
 * external policy the numbered moderation clauses (the rulebook), the hours and the channels.
 */
import {
  MODERATION_ACTIONS,
  MODERATION_CATEGORIES,
  type ModerationHours,
  type RulebookClause,
} from '../rulebook.ts';

export type PolicyKind = 'external' | 'internal';

/** Stable keys of the sections the kit generates; an Ente may add its own. */
export type PolicySectionKey =
  // external
  | 'finalita'
  | 'canali'
  | 'contenuti'
  | 'comportamenti'
  | 'moderazione'
  | 'orari'
  | 'copyright'
  | 'gestione'
  | 'privacy'
  // internal
  | 'ambito'
  | 'ruoli'
  | 'credenziali'
  | 'redazione_contenuti'
  | 'analisi_backup'
  | 'gruppo_lavoro'
  | 'desk'
  | 'uso_personale'
  | 'stile'
  | 'crisi'
  | 'formazione'
  // both
  | 'normativa';

export interface PolicySection {
  /** Stable identifier, lowercase snake_case: it survives edits and anchors the diff and HTML. */
  key: PolicySectionKey | (string & {});
  title: string;
  /**
   * Markdown-light: paragraphs separated by blank lines, list items starting with "- ",
   * links as [text](https://…), backslash escapes for "\\", "[", "]", "-", "#".
   */
  body: string;
}

/** An official channel as listed in the external policy. */
export interface OfficialChannel {
  platform: string;
  name: string;
  handle: string;
  url: string;
  purpose: string;
}

interface PolicyDocumentBase {
  title: string;
  sections: PolicySection[];
}

export interface ExternalPolicyDocument extends PolicyDocumentBase {
  kind: 'external';
  /** Numbered moderation clauses, printed after the body of the 'moderazione' section. */
  clauses: RulebookClause[];
  hours: ModerationHours;
  channels: OfficialChannel[];
}

export interface InternalPolicyDocument extends PolicyDocumentBase {
  kind: 'internal';
}

export type PolicyDocument = ExternalPolicyDocument | InternalPolicyDocument;

const SECTION_KEY = /^[a-z][a-z0-9_]*$/;
const CLAUSE_NUMBER = /^\d+(\.\d+)*$/;
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Errors = string[];
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const nonEmpty = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks a policy document (for instance one edited by staff and sent back as JSON).
 * Returns "path: problem" strings; an empty array means the document is valid.
 */
export function validatePolicyDocument(doc: unknown): string[] {
  const errors: Errors = [];
  if (!isObj(doc)) return ['document: must be an object'];
  if (doc.kind !== 'external' && doc.kind !== 'internal') {
    errors.push("kind: must be 'external' or 'internal'");
  }
  if (!nonEmpty(doc.title)) errors.push('title: required');
  validateSections(doc.sections, errors);
  if (doc.kind === 'external') {
    validateClauses(doc.clauses, errors);
    validateHours(doc.hours, errors);
    validateChannels(doc.channels, errors);
  }
  return errors;
}

function validateSections(sections: unknown, errors: Errors): void {
  if (!Array.isArray(sections)) {
    errors.push('sections: must be an array');
    return;
  }
  if (sections.length === 0) errors.push('sections: at least one section is required');
  const seen = new Set<string>();
  sections.forEach((s: unknown, i) => {
    const at = `sections[${i}]`;
    if (!isObj(s)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    if (typeof s.key !== 'string' || !SECTION_KEY.test(s.key)) {
      errors.push(`${at}.key: must be lowercase snake_case`);
    } else if (seen.has(s.key)) {
      errors.push(`${at}.key: duplicate key '${s.key}'`);
    } else {
      seen.add(s.key);
    }
    if (!nonEmpty(s.title)) errors.push(`${at}.title: required`);
    if (!nonEmpty(s.body)) errors.push(`${at}.body: required`);
  });
}

function validateClauses(clauses: unknown, errors: Errors): void {
  if (!Array.isArray(clauses)) {
    errors.push('clauses: must be an array');
    return;
  }
  const seen = new Set<string>();
  clauses.forEach((c: unknown, i) => {
    const at = `clauses[${i}]`;
    if (!isObj(c)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    if (typeof c.number !== 'string' || !CLAUSE_NUMBER.test(c.number)) {
      errors.push(`${at}.number: must look like "5.1"`);
    } else if (seen.has(c.number)) {
      errors.push(`${at}.number: duplicate number '${c.number}'`);
    } else {
      seen.add(c.number);
    }
    if (!nonEmpty(c.title)) errors.push(`${at}.title: required`);
    if (!nonEmpty(c.text)) errors.push(`${at}.text: required`);
    if (!(MODERATION_CATEGORIES as readonly unknown[]).includes(c.category)) {
      errors.push(`${at}.category: unknown category`);
    }
    if (!(MODERATION_ACTIONS as readonly unknown[]).includes(c.action)) {
      errors.push(`${at}.action: must be one of ${MODERATION_ACTIONS.join(', ')}`);
    }
    if (c.sanctions !== undefined) validateSanctions(c.sanctions, `${at}.sanctions`, errors);
  });
}

function validateSanctions(s: unknown, at: string, errors: Errors): void {
  if (!isObj(s)) {
    errors.push(`${at}: must be an object`);
    return;
  }
  for (const f of ['warnAfter', 'blockAfter', 'windowDays'] as const) {
    const v = s[f];
    if (v !== undefined && !(Number.isInteger(v) && (v as number) > 0)) {
      errors.push(`${at}.${f}: must be a positive integer`);
    }
  }
  if (
    typeof s.warnAfter === 'number' &&
    typeof s.blockAfter === 'number' &&
    s.blockAfter <= s.warnAfter
  ) {
    errors.push(`${at}.blockAfter: must be greater than warnAfter (warning first, then block)`);
  }
}

function validateHours(hours: unknown, errors: Errors): void {
  if (!isObj(hours)) {
    errors.push('hours: required');
    return;
  }
  const r = hours.responseTimeHours;
  if (!(typeof r === 'number' && Number.isFinite(r) && r > 0)) {
    errors.push('hours.responseTimeHours: must be a positive number');
  }
  if (typeof hours.hideForReviewOffHours !== 'boolean') {
    errors.push('hours.hideForReviewOffHours: must be a boolean');
  }
  const s = hours.schedule;
  if (!isObj(s)) {
    errors.push('hours.schedule: required');
    return;
  }
  if (!nonEmpty(s.timeZone)) errors.push('hours.schedule.timeZone: required');
  if (typeof s.closedOnPublicHolidays !== 'boolean') {
    errors.push('hours.schedule.closedOnPublicHolidays: must be a boolean');
  }
  if (!Array.isArray(s.closedDates) || s.closedDates.some((d) => !isIsoDate(d))) {
    errors.push('hours.schedule.closedDates: must be a list of "YYYY-MM-DD" dates');
  }
  if (!isObj(s.days)) {
    errors.push('hours.schedule.days: required');
    return;
  }
  for (const [day, ranges] of Object.entries(s.days)) {
    const at = `hours.schedule.days.${day}`;
    if (!/^[0-6]$/.test(day)) errors.push(`${at}: weekday must be 0 (Sunday) to 6 (Saturday)`);
    if (!Array.isArray(ranges)) {
      errors.push(`${at}: must be a list of time ranges`);
      continue;
    }
    ranges.forEach((t: unknown, i) => {
      const ok =
        isObj(t) &&
        typeof t.from === 'string' &&
        typeof t.to === 'string' &&
        HHMM.test(t.from) &&
        HHMM.test(t.to) &&
        t.from < t.to;
      if (!ok) errors.push(`${at}[${i}]: must be {from, to} as "HH:MM" with from before to`);
    });
  }
}

function validateChannels(channels: unknown, errors: Errors): void {
  if (!Array.isArray(channels)) {
    errors.push('channels: must be an array');
    return;
  }
  channels.forEach((c: unknown, i) => {
    const at = `channels[${i}]`;
    if (!isObj(c)) {
      errors.push(`${at}: must be an object`);
      return;
    }
    if (!nonEmpty(c.platform)) errors.push(`${at}.platform: required`);
    if (!nonEmpty(c.name)) errors.push(`${at}.name: required`);
    if (typeof c.url !== 'string' || !isHttpUrl(c.url)) {
      errors.push(`${at}.url: must be an http(s) URL`);
    }
  });
}

/** True for absolute http: and https: URLs, the only links a policy may carry. */
export function isHttpUrl(value: string): boolean {
  try {
    const u = new URL(value);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.hostname !== '';
  } catch {
    return false;
  }
}

function isIsoDate(d: unknown): boolean {
  if (typeof d !== 'string' || !DATE.test(d)) return false;
  const t = new Date(`${d}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().startsWith(d);
}
