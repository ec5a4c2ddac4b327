/** Flooding across calls, through the FloodTracker of the context. */
import { floodWords } from '../flood.fns.ts';
import type { Detection, Scan } from '../moderation.types.ts';

/** Records the comment in the tracker and reports a flood when the limits are reached. */
export function detectFlood(scan: Scan): Detection[] {
  const tracker = scan.ctx.flood;
  if (!tracker) return [];
  const words = floodWords(scan.norm.text.length > 2000 ? scan.norm.text.slice(0, 2000) : scan.norm.text);
  if (words.length === 0) return [];
  const at = scan.input.at?.getTime() ?? Date.now();
  const counts = tracker.record(words, scan.input.author, at, scan.input.key);
  const minutes = Math.round(tracker.options.windowMs / 60_000);
  const text = scan.text.slice(0, 120);
  if (counts.sameAuthor >= tracker.options.sameAuthorLimit) {
    return [{ category: 'flooding', confidence: 0.9, ceiling: 'hide', evidence: [{ start: 0, end: text.length, text, detector: 'flood', reason: { it: `stesso commento ripetuto ${counts.sameAuthor} volte dalla stessa persona in ${minutes} minuti`, en: `same comment repeated ${counts.sameAuthor} times by the same person within ${minutes} minutes` } }] }];
  }
  if (counts.crossAuthors >= tracker.options.crossAuthorLimit) {
    return [{ category: 'flooding', confidence: 0.6, ceiling: 'review', evidence: [{ start: 0, end: text.length, text, detector: 'flood', reason: { it: `stesso testo pubblicato da ${counts.crossAuthors} persone diverse in ${minutes} minuti`, en: `same text posted by ${counts.crossAuthors} different people within ${minutes} minutes` } }] }];
  }
  return [];
}
