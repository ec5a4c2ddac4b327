/**
 * Institutional versus political communication (L. 150/2000): the Ente's institutional channels
 * speak impersonally for the Ente; personal and partisan content belongs to the mayor's, the
 * councillors' and the parties' own channels.
 */
import { finding, quote } from './finding.ts';
import {
  ATTACK,
  ELECTORAL_SLOGAN,
  findWording,
  FIRST_PERSON_PRONOUN,
  FIRST_PERSON_SINGULAR,
  OWN_ADMINISTRATION,
  PARTY,
  PARTY_ACRONYM,
  SELF_PROMOTION,
  type WordingCategory,
} from './political-lexicon.ts';
import type { CheckContext, Finding, VariantInput } from './types.ts';

const RULE = 'L. 150/2000';

const PARTISAN: readonly WordingCategory[] = [
  FIRST_PERSON_SINGULAR,
  FIRST_PERSON_PRONOUN,
  OWN_ADMINISTRATION,
  SELF_PROMOTION,
  PARTY,
  PARTY_ACRONYM,
  ELECTORAL_SLOGAN,
  ATTACK,
];

/** institutional.partisan: on an institutional channel, wording that reads personal or partisan. */
export function checkInstitutional(v: VariantInput, ctx: CheckContext): Finding[] {
  if ((ctx.channelKind ?? 'institutional') !== 'institutional') return [];
  return findWording(v.text, PARTISAN).map((m) =>
    finding(
      v.channelId,
      'institutional.partisan',
      'warning',
      RULE,
      `«${quote(m.text)}»: ${m.category.it}. Su un canale istituzionale l'ente comunica in modo impersonale; i contenuti personali o di parte vanno sui canali politici.`,
      `"${quote(m.text)}": ${m.category.en}. On an institutional channel the Ente speaks impersonally; personal or partisan content belongs on political channels.`,
      { start: m.start, end: m.end },
    ),
  );
}
