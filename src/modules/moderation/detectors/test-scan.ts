/** Builds a Scan for detector tests the way the engine does. */
import { normalizeForMatching } from '../../../lib/italian/normalize.ts';
import { OWN_CONTACTS, STARTER_RULEBOOK } from '../../../../test/fixtures/moderation/rulebook.ts';
import type { EvaluateContext, EvaluateInput, Scan } from '../moderation.types.ts';

export function scanOf(text: string, input: Partial<EvaluateInput> = {}, ctx: Partial<EvaluateContext> = {}): Scan {
  const norm = normalizeForMatching(text);
  const words = [...norm.text.matchAll(/[a-z*]+(?:'(?=[a-z]))?/g)].map((m) => ({ w: m[0], start: m.index, end: m.index + m[0].length }));
  return { text, norm, words, input: { text, ...input }, ctx: { rulebook: STARTER_RULEBOOK, ownContacts: OWN_CONTACTS, ...ctx } };
}
