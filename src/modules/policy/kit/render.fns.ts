/**
 * What the Markdown, HTML and PDF renderers share: the meta line, section numbering, the
 * sentences printed under each clause, and the plain reading text used for the Gulpease check.
 */
import type { RulebookClause } from '../rulebook.ts';
import type { PolicyDocument, PolicySection } from './policy.types.ts';
import { bodyToPlain } from './blocks.fns.ts';
import { formatDateIt } from './ente.fns.ts';
import { actionSentence, sanctionsSentence } from './external.clauses.text.ts';

export interface PolicyRenderMeta {
  enteName: string;
  version?: number;
  adoption?: { type: 'delibera' | 'determina'; number: string; date: string } | null;
  publishedUrl?: string;
}

/** "Versione 3. Adottata con delibera n. 12 del 3 marzo 2025." or the draft notice. */
export function adoptionSentence(meta: PolicyRenderMeta): string {
  const version = meta.version !== undefined ? `Versione ${meta.version}. ` : '';
  const a = meta.adoption;
  if (!a) return `${version}Bozza non ancora adottata.`;
  return `${version}Adottata con ${a.type} n. ${a.number} del ${formatDateIt(a.date)}.`;
}

/** "Social media policy esterna" / "interna": the document's kind in words. */
export const kindLabel = (doc: PolicyDocument): string =>
  doc.kind === 'external' ? 'Policy esterna, per i cittadini' : 'Policy interna, per il personale';

/** The clauses printed after a section: only the external policy's 'moderazione' has them. */
export function clausesOf(doc: PolicyDocument, section: PolicySection): RulebookClause[] {
  return doc.kind === 'external' && section.key === 'moderazione' ? doc.clauses : [];
}

/** The clauses of an external policy with no 'moderazione' section: printed at the end. */
export function orphanClauses(doc: PolicyDocument): RulebookClause[] {
  if (doc.kind !== 'external') return [];
  return doc.sections.some((s) => s.key === 'moderazione') ? [] : doc.clauses;
}

/** The sentences printed under a clause's text: its action, then its sanctions if any. */
export function clauseNotes(c: RulebookClause): string[] {
  const s = sanctionsSentence(c.sanctions);
  return s === '' ? [actionSentence(c.action)] : [actionSentence(c.action), s];
}

/** Anchor id of a section: keys are validated snake_case, but sanitise anyway. */
export const sectionId = (key: string): string => `sezione-${key.replace(/[^a-z0-9_-]/gi, '-')}`;

/** Anchor id of a clause: "clausola-5-1". */
export const clauseId = (n: string): string => `clausola-${n.replace(/[^0-9a-z]+/gi, '-')}`;

/**
 * What a reader reads of a section, as plain text: title, body (link texts without URLs) and,
 * for moderation, each clause with its notes. Headings stand as their own paragraphs.
 */
export function sectionReadingText(doc: PolicyDocument, section: PolicySection): string {
  const parts = [section.title, bodyToPlain(section.body)];
  for (const c of clausesOf(doc, section)) {
    parts.push(`${c.number} ${c.title}`, [c.text, ...clauseNotes(c)].join(' '));
  }
  return parts.join('\n\n');
}

/** Replaces characters that break one-line contexts (titles, meta) with spaces. */
export const oneLine = (s: string): string => s.replace(/\s+/gu, ' ').trim();
