/**
 * The moderation engine: runs every detector on a comment and turns the findings into one
 * decision through the Ente's rulebook. Pure: no database, no clock except `input.at`
 * (and Date.now() for flood memory when `at` is missing).
 */
import { isWithinSchedule } from '../../lib/italian/holidays.ts';
import { normalizeForMatching } from '../../lib/italian/normalize.ts';
import type { ModerationCategory, Rulebook, RulebookClause } from '../policy/rulebook.ts';
import { detectFlood } from './detectors/flood.fns.ts';
import { detectOffTopic } from './detectors/off-topic.fns.ts';
import { detectOffensivePhrases, detectOffensiveWords } from './detectors/offensive.fns.ts';
import { detectPersonalData } from './detectors/personal-data.fns.ts';
import { detectPropaganda } from './detectors/politics.fns.ts';
import { detectSpam } from './detectors/spam.fns.ts';
import { detectBehaviour, detectCaps } from './detectors/style.fns.ts';
import { explain } from './explain.fns.ts';
import type { Decision, Detection, EvaluateContext, EvaluateInput, Evidence, ModerationDecision, Scan, Word } from './moderation.types.ts';

/** Characters scanned: above every platform's comment limit (Facebook 8,000). */
export const MAX_SCAN_CHARS = 20_000;
/** Below this confidence a detection never hides, whatever the clause says. */
export const HIDE_MIN_CONFIDENCE = 0.75;

/** Tie-break between categories found in the same comment: the most harmful first. */
const PRIORITY: ModerationCategory[] = [
  'minacce', 'dati_personali', 'discriminazione', 'insulti', 'contenuti_illeciti', 'turpiloquio', 'spam',
  'propaganda_politica', 'flooding', 'copyright', 'disturbo', 'profili_falsi', 'maiuscolo', 'fuori_tema', 'altro',
];

const clauseCache = new WeakMap<Rulebook, Map<ModerationCategory, RulebookClause>>();
function clauseFor(rulebook: Rulebook, category: ModerationCategory): RulebookClause | null {
  let map = clauseCache.get(rulebook);
  if (!map) {
    map = new Map();
    for (const c of rulebook.clauses) if (!map.has(c.category)) map.set(c.category, c);
    clauseCache.set(rulebook, map);
  }
  return map.get(category) ?? null;
}

// An apostrophe stays with its word only when it elides ("un'idiota"), not when it closes a quote.
const WORD = /[a-z*]+(?:'(?=[a-z]))?/g;
function tokenize(norm: string): Word[] {
  const words: Word[] = [];
  for (const m of norm.matchAll(WORD)) words.push({ w: m[0], start: m.index, end: m.index + m[0].length });
  return words;
}

function outcome(d: Detection, clause: RulebookClause | null): { decision: Decision; demoted: boolean } {
  if (!clause || clause.action === 'review') return { decision: 'review', demoted: false };
  const demoted = d.ceiling === 'review' || d.confidence < HIDE_MIN_CONFIDENCE;
  return { decision: demoted ? 'review' : 'hide', demoted };
}

/** The explanation of an allowed comment is always the same: written once. */
let allowExplanation: ModerationDecision['explanation'] | null = null;

function allow(offHours: boolean): ModerationDecision {
  allowExplanation ??= Object.freeze(explain({ decision: 'allow', category: null, clause: null, evidence: [], demoted: false, offHoursHidden: false }));
  return { decision: 'allow', clause: null, category: null, confidence: 1, evidence: [], offHours, explanation: allowExplanation };
}

/** Evaluates one comment or message against the Ente's rulebook. Never throws on bad text. */
export function evaluateComment(input: EvaluateInput, ctx: EvaluateContext): ModerationDecision {
  const raw = typeof input.text === 'string' ? input.text : '';
  const text = raw.length > MAX_SCAN_CHARS ? raw.slice(0, MAX_SCAN_CHARS) : raw;
  const norm = normalizeForMatching(text);
  const scan: Scan = { text, norm, words: tokenize(norm.text), input, ctx };
  const phrases = detectOffensivePhrases(scan);
  const detections: Detection[] = [
    ...detectPersonalData(scan),
    ...phrases,
    ...detectOffensiveWords(scan, phrases),
    ...detectSpam(scan),
    ...detectPropaganda(scan),
    ...detectCaps(scan),
    ...detectBehaviour(scan),
    ...detectFlood(scan),
    ...detectOffTopic(scan),
  ];
  const at = input.at;
  const offHours = at instanceof Date && !Number.isNaN(at.getTime()) ? !isWithinSchedule(at, ctx.rulebook.hours.schedule) : false;
  if (detections.length === 0) return raw.length > MAX_SCAN_CHARS ? tooLong(offHours) : allow(offHours);

  let best: { d: Detection; clause: RulebookClause | null; decision: Decision; demoted: boolean } | null = null;
  for (const d of detections) {
    const clause = clauseFor(ctx.rulebook, d.category);
    const o = outcome(d, clause);
    if (!best || better(o.decision, d, best.decision, best.d)) best = { d, clause, ...o };
  }
  const chosen = best!;
  const evidence = mergeEvidence(detections.filter((d) => d.category === chosen.d.category));
  let decision = chosen.decision;
  let offHoursHidden = false;
  if (decision === 'review' && chosen.clause && offHours && ctx.rulebook.hours.hideForReviewOffHours) {
    decision = 'hide';
    offHoursHidden = true;
  }
  return {
    decision,
    clause: chosen.clause ? { number: chosen.clause.number, title: chosen.clause.title } : null,
    category: chosen.d.category,
    confidence: Math.round(chosen.d.confidence * 100) / 100,
    evidence,
    explanation: explain({ decision, category: chosen.d.category, clause: chosen.clause, evidence, demoted: chosen.demoted, offHoursHidden }),
    offHours,
  };
}

const RANK: Record<Decision, number> = { allow: 0, review: 1, hide: 2 };
function better(decision: Decision, d: Detection, bestDecision: Decision, bestD: Detection): boolean {
  if (RANK[decision] !== RANK[bestDecision]) return RANK[decision] > RANK[bestDecision];
  if (d.confidence !== bestD.confidence) return d.confidence > bestD.confidence;
  return PRIORITY.indexOf(d.category) < PRIORITY.indexOf(bestD.category);
}

function mergeEvidence(ds: Detection[]): Evidence[] {
  const seen = new Set<string>();
  const out: Evidence[] = [];
  for (const d of ds) {
    for (const e of d.evidence) {
      const k = `${e.start}:${e.end}:${e.detector}`;
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(e);
    }
  }
  return out.sort((a, b) => a.start - b.start).slice(0, 20);
}

function tooLong(offHours: boolean): ModerationDecision {
  return {
    decision: 'review', clause: null, category: null, confidence: 0.5, evidence: [], offHours,
    explanation: {
      it: `Il testo supera ${MAX_SCAN_CHARS} caratteri: la parte oltre il limite non è stata analizzata e nessuna clausola è citata; una persona deve verificarlo.`,
      en: `The text is longer than ${MAX_SCAN_CHARS} characters: the rest was not analysed and no clause is cited; a person must check it.`,
    },
  };
}
