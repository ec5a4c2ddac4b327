/**
 * Insults, swearing, discrimination and threats, on normalized (de-obfuscated) text.
 * Words come from the lexicon; threats and group derogation are patterns, never single words.
 * A quotation or reported speech ("mi ha detto 'sei un idiota'") is demoted to review.
 */
import { originalSpan } from '../../../lib/italian/normalize.ts';
import { LEXICON } from '../lexicon/words.ts';
import { DISCRIMINATION, INSULT_PHRASES, THREATS, type PhraseRule } from '../lexicon/phrases.ts';
import type { Detection, Evidence, Scan } from '../moderation.types.ts';
import { isDirected, isNegated, isQuoted } from './context.fns.ts';

const CATEGORY_WORDS = {
  insulti: { it: 'insulto', en: 'insult' },
  turpiloquio: { it: 'turpiloquio', en: 'vulgar language' },
  discriminazione: { it: 'termine discriminatorio', en: 'discriminatory term' },
} as const;

const QUOTED = { it: ' (citato o riferito: serve una verifica umana)', en: ' (quoted or reported: a person must check)' };

function evidence(scan: Scan, start: number, end: number, detector: string, it: string, en: string): Evidence {
  const span = originalSpan(scan.norm, start, end);
  return { start: span.start, end: span.end, text: scan.text.slice(span.start, span.end), detector, reason: { it, en } };
}

/** Single offensive words from the lexicon, with their level and context. */
export function detectOffensiveWords(scan: Scan, phrases: Detection[] = []): Detection[] {
  const out: Detection[] = [];
  // A word inside a matched phrase is judged by the phrase ("rotto i coglioni" is swearing).
  const covered = phrases.flatMap((d) => d.evidence);
  const words = scan.words;
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.w.length < 3) continue;
    const entry = LEXICON.lookup(word.w);
    if (!entry) continue;
    if (covered.length > 0) {
      const span = originalSpan(scan.norm, word.start, word.end);
      if (covered.some((e) => span.start < e.end && e.start < span.end)) continue;
    }
    // Swearing is not an insult just because it opens the comment ("Cazzo, che giornata!").
    const directed = isDirected(words, i, entry.category !== 'turpiloquio');
    let ceiling: 'hide' | 'review' = 'hide';
    let confidence = 0.9;
    let category = entry.category;
    switch (entry.level) {
      case 'strong':
        if (directed && category === 'turpiloquio') category = 'insulti';
        break;
      case 'directed':
        if (!directed) continue;
        confidence = 0.85;
        break;
      case 'mild':
        if (!directed) continue;
        ceiling = 'review';
        confidence = 0.6;
        break;
      case 'contextual':
        ceiling = 'review';
        confidence = 0.55;
        break;
    }
    const quoted = isQuoted(scan, word.start, word.end);
    if (quoted) ceiling = 'review';
    const label = CATEGORY_WORDS[category as keyof typeof CATEGORY_WORDS] ?? CATEGORY_WORDS.insulti;
    const why = entry.level === 'directed' || entry.level === 'mild' ? ' rivolto a una persona' : '';
    const whyEn = why ? ' aimed at a person' : '';
    out.push({
      category,
      confidence,
      ceiling,
      evidence: [
        evidence(scan, word.start, word.end, 'lexicon', `${label.it}${why}: «${entry.lemma}»${quoted ? QUOTED.it : ''}`, `${label.en}${whyEn}: "${entry.lemma}"${quoted ? QUOTED.en : ''}`),
      ],
    });
  }
  return out;
}

/** One regex per rule list, so that the common case (no match) costs a single pass. */
const anyOf = (rules: PhraseRule[]): RegExp => new RegExp(rules.map((r) => r.re.source).join('|'));
const ANY = new Map<PhraseRule[], RegExp>([[INSULT_PHRASES, anyOf(INSULT_PHRASES)], [THREATS, anyOf(THREATS)], [DISCRIMINATION, anyOf(DISCRIMINATION)]]);

function runPhrases(scan: Scan, rules: PhraseRule[], detector: string): Detection[] {
  const out: Detection[] = [];
  const t = scan.norm.text;
  if (!(ANY.get(rules) as RegExp).test(t)) return out;
  for (const rule of rules) {
    rule.re.lastIndex = 0;
    for (const m of t.matchAll(rule.re)) {
      const start = m.index;
      const end = start + m[0].length;
      // Quoted, reported or negated ("non odio...", "nessuno merita di morire"): a person reads it.
      const quoted = isQuoted(scan, start, end) || (rule.category !== 'turpiloquio' && isNegated(scan, start));
      out.push({
        category: rule.category,
        confidence: rule.confidence,
        ceiling: quoted ? 'review' : rule.ceiling,
        evidence: [evidence(scan, start, end, detector, rule.it + (quoted ? QUOTED.it : ''), rule.en + (quoted ? QUOTED.en : ''))],
      });
    }
  }
  return out;
}

// Cheap gate: most comments contain none of the words the threat patterns need.
const THREAT_GATE = /ero |eremo|erò|intenzione|pensando|considerando|soffrire|del male|fine a|sbarazz|merita|gol|collo|soluzione|voglio|vorrei|uccis|ammazz|stermin|elimin|fucil|gasat|massacr|annegat|rinchius|deportat|ammazz|uccid|spar|sgozz|strozz|squart|accoltell|massacr|fuori|pezzi|sotterr|impicc|bruc|strangol|spacc|romp|sfasc|gonf|botte|men|picch|pest|male|prender|cercar|trovar|dove|pagar|pagher|mort|spalle|fine|finirai|aspetto|becco|ammazzat|fucil|bomba|fuoco|vedere|attent/;
const INSULT_GATE = /figli|pezz|faccia|testa|merd|vai|andate|vada|va |rifiut|paese|zappa|schifo|porc|dio|madonna|rott|romp|palle|cagare/;
const DISCRIMINATION_GATE = /colore|schifo|ribrezzo|vomit|disgust|ripugn|stuf|immigr|stranier|extracomun|migrant|profugh|rom|zingar|sinti|musulman|islam|ebre|gay|omosess|lesbic|trans|neri|african|marocchin|albanes|rumen|romen|cines|meridional|terron|napoletan|donne|disabil|handicap|arabi|nigerian|negri|froci|barcon|muso|musi|tornate|rimand|caccia|risped/;

/** Threat, discrimination and multi-word insult patterns. */
export function detectOffensivePhrases(scan: Scan): Detection[] {
  const t = scan.norm.text;
  const out = INSULT_GATE.test(t) ? runPhrases(scan, INSULT_PHRASES, 'lexicon') : [];
  if (THREAT_GATE.test(t)) out.push(...runPhrases(scan, THREATS, 'threat'));
  if (DISCRIMINATION_GATE.test(t)) out.push(...runPhrases(scan, DISCRIMINATION, 'discrimination'));
  return out;
}
