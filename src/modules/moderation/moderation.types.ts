/** Types of the moderation engine: inputs, decisions and what detectors report. */
import type { ModerationCategory, Rulebook } from '../policy/rulebook.ts';
import type { Normalized } from '../../lib/italian/normalize.ts';
import type { FloodTracker } from './flood.fns.ts';

export type { ModerationCategory, Rulebook };

export interface EvaluateInput {
  text: string;
  /** The text of the post the comment answers, for off-topic detection. */
  post?: string;
  /** A stable id of the author on the platform, for flooding. */
  author?: string;
  /** When the comment arrived; outside the moderation hours changes review into hide. */
  at?: Date;
  /**
   * A stable id of this text on its platform (channel and platform id): evaluating the same key
   * again (a re-delivery) is not counted as a repeat by the flood memory.
   */
  key?: string;
}

export interface OwnContacts {
  phones: string[];
  emails: string[];
  domains: string[];
}

export interface EvaluateContext {
  rulebook: Rulebook;
  /** The Ente's own published contacts (URP phone, email): never personal data. */
  ownContacts?: OwnContacts;
  /** Flood memory across calls (identical comments by one author or across authors). */
  flood?: FloodTracker;
}

export interface Bilingual {
  it: string;
  en: string;
}

export interface Evidence {
  start: number;
  end: number;
  text: string;
  detector: string;
  reason: Bilingual;
}

export type Decision = 'allow' | 'review' | 'hide';

export interface ModerationDecision {
  decision: Decision;
  clause: { number: string; title: string } | null;
  category: ModerationCategory | null;
  /** 0..1 */
  confidence: number;
  evidence: Evidence[];
  /** Why, in plain words, citing the clause. */
  explanation: Bilingual;
  /** True when `at` was given and falls outside the rulebook's moderation hours. */
  offHours: boolean;
}

/** One finding of one detector, before the rulebook turns it into a decision. */
export interface Detection {
  category: ModerationCategory;
  confidence: number;
  /** 'review' caps the outcome (context-dependent words, quotations, off-topic). */
  ceiling: 'hide' | 'review';
  evidence: Evidence[];
}

/** What every detector reads: the scanned text, its normalized form and the context. */
export interface Scan {
  /** The original text, capped to the scanning limit; evidence offsets point into it. */
  text: string;
  norm: Normalized;
  /** Words of the normalized text with their normalized offsets. */
  words: Word[];
  input: EvaluateInput;
  ctx: EvaluateContext;
}

export interface Word {
  w: string;
  start: number;
  end: number;
}
