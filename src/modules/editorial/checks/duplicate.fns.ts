/**
 * Duplicates: the same text published again on the same channel within a week reads as spam to
 * followers and to the platforms' filters (X, for one, refuses identical posts).
 */
import { extractLinks } from '../text.fns.ts';
import { finding } from './finding.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

const RULE = 'Buona pratica redazionale; regole anti-spam delle piattaforme';
export const DUPLICATE_WINDOW_DAYS = 7;
const DAY_MS = 86_400_000;
const NOT_WORD = /[^\p{L}\p{N}]+/gu;
const WHEN = new Intl.DateTimeFormat('it-IT', { timeZone: 'Europe/Rome', dateStyle: 'short', timeStyle: 'short' });

/**
 * The text as compared: compatibility-normalised, lowercase, without links (a new tracking
 * parameter does not make a new post), punctuation and spacing collapsed.
 */
export function normaliseForDuplicate(text: string): string {
  let t = text;
  const links = extractLinks(t);
  for (let i = links.length - 1; i >= 0; i--) {
    const l = links[i];
    if (l) t = t.slice(0, l.start) + ' ' + t.slice(l.end);
  }
  return t.normalize('NFKC').toLowerCase().replace(NOT_WORD, ' ').trim();
}

// Recent texts are the same for every variant of a post and for many posts in a row:
// normalise each once.
const normalised = new Map<string, string>();
function normalisedCached(text: string): string {
  let n = normalised.get(text);
  if (n === undefined) {
    n = normaliseForDuplicate(text);
    if (normalised.size >= 1024) normalised.clear();
    normalised.set(text, n);
  }
  return n;
}

/** duplicate.recent: the same normalised text on the same channel in the last 7 days. */
export function checkDuplicate(v: VariantInput, ctx: CheckContext): Finding[] {
  const recent = ctx.recentTexts ?? [];
  if (recent.length === 0) return [];
  const mine = normalisedCached(v.text);
  if (mine === '') return [];
  const at = (ctx.scheduledAt ?? ctx.now).getTime();
  const hit = recent.find(
    (r) =>
      r.channelId === v.channelId &&
      Math.abs(at - r.publishedAt.getTime()) <= DUPLICATE_WINDOW_DAYS * DAY_MS &&
      normalisedCached(r.text) === mine,
  );
  if (!hit) return [];
  const when = WHEN.format(hit.publishedAt);
  return [
    finding(
      v.channelId,
      'duplicate.recent',
      'warning',
      RULE,
      `Lo stesso testo è già stato pubblicato su questo canale il ${when}: riformulalo o aggiungi un'informazione nuova.`,
      `The same text was already published on this channel on ${hit.publishedAt.toISOString()}: rephrase it or add something new.`,
    ),
  ];
}
