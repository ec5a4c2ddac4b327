/**
 * Scores the engine on a labelled set: per-category precision and recall (a comment counts as
 * predicted in a category when the decision is review or hide with that category), and the
 * precision of hide decisions (hidden comments that should not have been allowed).
 */
import type { ModerationCategory } from '../policy/rulebook.ts';
import { evaluateComment } from './engine.fns.ts';
import { FloodTracker } from './flood.fns.ts';
import type { EvaluateContext, ModerationDecision } from './moderation.types.ts';

export interface LabelledComment {
  id: string;
  text: string;
  post?: string;
  label: ModerationCategory | 'allow';
  author?: string;
}

export interface CategoryScore {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
}

export interface EvaluationReport {
  total: number;
  perCategory: Record<string, CategoryScore>;
  /** Hidden comments whose label is not allow / all hidden comments. */
  hidePrecision: number;
  /** Hidden comments whose label matches the category / all hidden comments. */
  hideCategoryPrecision: number;
  /** Comments labelled allow that were allowed / all comments labelled allow. */
  allowAccuracy: number;
  /** Non-allow comments flagged (review or hide) in any category / all non-allow comments. */
  flaggedRecall: number;
  mistakes: { id: string; label: string; got: string; text: string }[];
}

/** Parses JSON lines, skipping blank lines. */
export function parseJsonl(content: string): LabelledComment[] {
  return content.split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as LabelledComment);
}

/** Runs every comment through the engine, in order, with one flood memory for the whole set. */
export function evaluateSet(rows: LabelledComment[], ctx: Omit<EvaluateContext, 'flood'>, at: Date): EvaluationReport {
  const flood = new FloodTracker();
  const per: Record<string, CategoryScore> = {};
  const score = (c: string): CategoryScore => (per[c] ??= { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0 });
  let hidden = 0, hiddenBad = 0, hiddenRight = 0, allowTotal = 0, allowOk = 0, flagged = 0, positives = 0;
  const mistakes: EvaluationReport['mistakes'] = [];
  rows.forEach((row, i) => {
    const when = new Date(at.getTime() + i * 1000);
    const d: ModerationDecision = evaluateComment({ text: row.text, post: row.post, author: row.author, at: when }, { ...ctx, flood });
    const got = d.decision === 'allow' ? 'allow' : (d.category ?? 'review');
    if (row.label === 'allow') {
      allowTotal++;
      if (got === 'allow') allowOk++;
    } else {
      positives++;
      if (got !== 'allow') flagged++;
      if (got === row.label) score(row.label).tp++;
      else score(row.label).fn++;
    }
    if (got !== 'allow' && got !== row.label) score(got).fp++;
    if (d.decision === 'hide') {
      hidden++;
      if (row.label !== 'allow') hiddenBad++;
      if (row.label === d.category) hiddenRight++;
    }
    if (got !== row.label) mistakes.push({ id: row.id, label: row.label, got: `${d.decision}:${got}`, text: row.text });
  });
  for (const s of Object.values(per)) {
    s.precision = s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp);
    s.recall = s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn);
  }
  return {
    total: rows.length,
    perCategory: per,
    hidePrecision: hidden === 0 ? 1 : hiddenBad / hidden,
    hideCategoryPrecision: hidden === 0 ? 1 : hiddenRight / hidden,
    allowAccuracy: allowTotal === 0 ? 1 : allowOk / allowTotal,
    flaggedRecall: positives === 0 ? 1 : flagged / positives,
    mistakes,
  };
}
