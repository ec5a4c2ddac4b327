/**
 * Style and behaviour: ALL CAPS ("shouting", long texts only), disturbing the discussion
 * (attacks on the moderators, mass tagging, one word repeated over and over), illegal content
 * offers and pirated content.
 */
import { originalSpan } from '../../../lib/italian/normalize.ts';
import type { Detection, Scan } from '../moderation.types.ts';

const MIN_CAPS_LETTERS = 25;

/** ALL CAPS: at least 25 letters and 75% of them upper case. */
export function detectCaps(scan: Scan): Detection[] {
  const t = scan.text;
  let upper = 0;
  let lower = 0;
  const limit = Math.min(t.length, 4000);
  for (let i = 0; i < limit; i++) {
    const c = t.charCodeAt(i);
    if (c >= 65 && c <= 90) upper++;
    else if (c >= 97 && c <= 122) lower++;
    else if (c > 127) {
      const ch = t[i] as string;
      if (ch !== ch.toLowerCase()) upper++;
      else if (ch !== ch.toUpperCase()) lower++;
    }
  }
  const letters = upper + lower;
  if (letters < MIN_CAPS_LETTERS || upper / letters < 0.75) return [];
  const confidence = letters >= 60 ? 0.8 : 0.7;
  const text = t.length > 120 ? t.slice(0, 120) : t;
  return [{ category: 'maiuscolo', confidence, ceiling: 'hide', evidence: [{ start: 0, end: text.length, text, detector: 'caps', reason: { it: 'testo scritto tutto in maiuscolo', en: 'text written in all capitals' } }] }];
}

const MODERATORS = /(?<![a-z])(?:moderator[ei]|admin|amministrator[ei] della pagina|social media manager|chi gestisce (?:la pagina|questa pagina|i social))[^.!?]{0,40}(?:censor[ei]|di merda|vendut[ei]|servi|schiav[ei]|ridicol[ei]|cancellate|bannate|vergognatevi)|(?:censura|censurate|cancellate i commenti|mi avete cancellato|mi avete bannato|cancellate tutto)(?![a-z])/;
const ILLEGAL = /(?<![a-z])(?:vendo|vendiamo|spaccio|procuro|procura|cerco|cerca|compro|offro|offriamo|fornisco|forniamo)(?![a-z])[^.!?]{0,30}(?<![a-z])(?:droga|erba|fumo|hashish|cocaina|coca|eroina|pasticche|armi|pistola|documenti falsi|patent[ei] fals[ae]|green ?pass fals[oi]|ricette? fals[ae]|certificat[oi] fals[oi])(?![a-z])/;
const PIRACY = /(?<![a-z])(?:film|serie|partit[ae]|concerto)[^.!?]{0,30}(?:streaming gratis|gratis in streaming|completo gratis|scarica gratis|download gratis)|(?:scarica|guarda)[^.!?]{0,20}gratis[^.!?]{0,20}(?:film|serie|partit[ae])/;

/** Attacks on the moderators, mass tagging, one word repeated, illegal offers, piracy. */
export function detectBehaviour(scan: Scan): Detection[] {
  const out: Detection[] = [];
  const t = scan.norm.text;
  const ev = (m: RegExpExecArray, detector: string, it: string, en: string) => {
    const s = originalSpan(scan.norm, m.index, m.index + m[0].length);
    return { ...s, text: scan.text.slice(s.start, s.end), detector, reason: { it, en } };
  };
  const mod = MODERATORS.exec(t);
  if (mod) out.push({ category: 'disturbo', confidence: 0.65, ceiling: 'review', evidence: [ev(mod, 'disturbo', 'attacco alla moderazione', 'attack on the moderators')] });
  const mentions = scan.text.match(/@[\p{L}\p{N}_.]+/gu);
  if (mentions && mentions.length >= 6) {
    out.push({ category: 'disturbo', confidence: 0.6, ceiling: 'review', evidence: [{ start: 0, end: 0, text: '', detector: 'disturbo', reason: { it: `${mentions.length} persone taggate in un solo commento`, en: `${mentions.length} people tagged in one comment` } }] });
  }
  const words = scan.words;
  if (words.length >= 15) {
    const counts = new Map<string, number>();
    for (const w of words) counts.set(w.w, (counts.get(w.w) ?? 0) + 1);
    if (counts.size / words.length < 0.2) {
      out.push({ category: 'flooding', confidence: 0.8, ceiling: 'hide', evidence: [{ start: 0, end: Math.min(scan.text.length, 80), text: scan.text.slice(0, 80), detector: 'flood', reason: { it: 'le stesse parole ripetute molte volte', en: 'the same words repeated many times' } }] });
    }
  }
  const illegal = ILLEGAL.exec(t);
  if (illegal) out.push({ category: 'contenuti_illeciti', confidence: 0.85, ceiling: 'hide', evidence: [ev(illegal, 'illecito', 'offerta di beni o documenti illeciti', 'offer of illegal goods or documents')] });
  const piracy = PIRACY.exec(t);
  if (piracy) out.push({ category: 'copyright', confidence: 0.6, ceiling: 'review', evidence: [ev(piracy, 'copyright', 'possibili contenuti protetti diffusi senza diritti', 'possibly pirated content')] });
  return out;
}
