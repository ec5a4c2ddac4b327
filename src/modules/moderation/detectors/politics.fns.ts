/**
 * Political propaganda on the Ente's institutional channels: calls to vote ("votate ...") and
 * party endorsements. A citizen's political opinion or protest ("non vi voto più") is allowed.
 */
import { originalSpan } from '../../../lib/italian/normalize.ts';
import { CALL_TO_VOTE, PARTY_NEAR_ELECTION } from '../lexicon/politics.ts';
import type { Detection, Scan } from '../moderation.types.ts';

const GATE = /vot|croce|simbolo|scheda|sostenete|candidat|elezion|prima gli/;

/** Calls to vote (hide per clause) and party mentions around elections (review). */
export function detectPropaganda(scan: Scan): Detection[] {
  const t = scan.norm.text;
  if (!GATE.test(t)) return [];
  const call = CALL_TO_VOTE.exec(t);
  const m = call ?? PARTY_NEAR_ELECTION.exec(t);
  if (!m) return [];
  const span = originalSpan(scan.norm, m.index, m.index + m[0].trimEnd().length);
  const strong = call !== null;
  return [
    {
      category: 'propaganda_politica',
      confidence: strong ? 0.85 : 0.55,
      ceiling: strong ? 'hide' : 'review',
      evidence: [
        {
          ...span,
          text: scan.text.slice(span.start, span.end),
          detector: 'propaganda',
          reason: strong
            ? { it: 'invito a votare o a sostenere una lista', en: 'call to vote or to support a list' }
            : { it: 'riferimento a partiti in chiave elettorale', en: 'party mention in an electoral context' },
        },
      ],
    },
  ];
}
