/**
 * Context of a word in a comment: is it aimed at someone ("sei uno schifoso"), or quoted /
 * reported ("mi ha detto 'sei un idiota'")? Works on the normalized words of a Scan.
 */
import type { Scan, Word } from '../moderation.types.ts';

const SECOND_PERSON = new Set(['sei', 'siete', 'tu', 'voi', 'sembri', 'sembrate', 'fai', 'fate', 'resti', 'restate', 'rimani']);
const COPULA = new Set(['sei', 'siete', 'e', 'sono', 'era', 'erano', 'sembra', 'sembrano', 'resta', 'rimane', 'fosse', 'fossi']);
const ARTICLE = new Set(['un', 'uno', 'una', "un'", 'dei', 'degli', 'delle', 'del', 'della', 'dello', 'solo', 'proprio', 'davvero', 'vero', 'gran', 'grande', 'grandissimo', 'grandissima', 'emerito', 'emerita', 'povero', 'povera', 'poveri', 'branco', 'massa', 'banda', 'manica', 'mucchio', 'di', 'da']);
const VOCATIVE_NEXT = new Set(['che', 'vergognati', 'vergognatevi', 'sei', 'siete', 'vai', 'stai', 'taci', 'tu']);
const INTENSIFIER = new Set(['brutto', 'brutta', 'brutti', 'brutte', 'pezzo', 'razza', 'quel', 'quello', 'quella', 'quei', 'quegli', 'sporco', 'sporca', 'lurido', 'lurida']);

/** True when the word at index i is aimed at a person (2nd person, predicate, vocative). */
export function isDirected(words: Word[], i: number, allowVocative = true): boolean {
  let sawArticle = false;
  for (let k = i - 1; k >= Math.max(0, i - 4); k--) {
    const w = (words[k] as Word).w;
    if (SECOND_PERSON.has(w)) return true;
    if (INTENSIFIER.has(w) && k === i - 1) return true;
    if (w === 'di' && (words[k - 1]?.w === 'pezzo' || words[k - 1]?.w === 'razza')) return true;
    if (ARTICLE.has(w)) {
      sawArticle = true;
      continue;
    }
    // "è un idiota" is aimed at someone; "la strada è schifosa" describes a thing.
    if (COPULA.has(w) && sawArticle) return true;
    if (!ARTICLE.has(w)) break;
  }
  const next = words[i + 1]?.w;
  if (next === 'che' && words[i + 2]?.w === 'non' && words[i + 3]?.w === 'sei') return true;
  // vocative at the start of the comment or after a greeting: "Schifoso!", "Idiota, ..."
  if (allowVocative && i === 0 && (words.length <= 2 || (next !== undefined && VOCATIVE_NEXT.has(next)))) return true;
  return false;
}

const REPORTING =
  /(?:mi|ci|gli|le|lo|la) (?:ha|hanno|hai|avete|aveva|avevano) (?:detto|dato (?:del|della|dello|dell'|degli|delle)|chiamat[oaie]|urlato|gridato|scritto|insultat[oaie]|apostrofat[oaie]|definit[oaie])|(?:dicendomi|dandomi|chiamandomi|urlandomi|gridandomi|sentirsi dire|sentito dire|sentita dire|mi sono sentit[oa] dire|ci siamo sentiti dire|ha detto|hanno detto|mi dice|mi dicono|scrivere|scrive|parola|parole|termine|espressione|dire che|dici che|dite che|affermare che|pensare che|sostenere che|scrivere che|cose come|frasi come|commenti come|chiamare|chiamarl[aeio])/;

const NEGATION = /(?:(?<![a-z])non|nessun[oa]?|mai detto|smettere di|smettetela di|smettila di|non e vero che|non va bene)[^.!?]{0,25}$/;

/** True when the span is negated or rejected ("non odio...", "nessuno merita di morire"). */
export function isNegated(scan: Scan, start: number): boolean {
  return NEGATION.test(scan.norm.text.slice(Math.max(0, start - 40), start));
}

/** True when the normalized span [start, end) is quoted or reported speech. */
export function isQuoted(scan: Scan, start: number, end: number): boolean {
  const t = scan.norm.text;
  const before = t.slice(Math.max(0, start - 50), start);
  if (REPORTING.test(before)) return true;
  // inside double quotes, guillemets (folded to ") or single quotes used as quotes
  const open = Math.max(before.lastIndexOf('"'), quoteOpenIndex(before));
  if (open < 0) return false;
  const after = t.slice(end, end + 80);
  return after.includes('"') || /'(?![a-z])/.test(after);
}

function quoteOpenIndex(s: string): number {
  for (let i = s.length - 1; i >= 0; i--) {
    if (s[i] === "'" && (i === 0 || !/[a-z]/.test(s[i - 1] as string))) return i;
  }
  return -1;
}
