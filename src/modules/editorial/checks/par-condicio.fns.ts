/**
 * Par condicio (L. 28/2000 art. 9): from the convocation of the electoral rallies to the close of
 * the polls a public administration may communicate only in impersonal form and when indispensable
 * for its functions; both must hold, and the redattore writes down why. Even then, the wording
 * AGCOM has sanctioned is flagged.
 */
import { finding, quote } from './finding.ts';
import {
  ADMINISTRATION_RECORD,
  compileNames,
  findWording,
  FIRST_PERSON_PLURAL,
  FIRST_PERSON_PRONOUN,
  FIRST_PERSON_SINGULAR,
  OWN_ADMINISTRATION,
  PARTY,
  PARTY_ACRONYM,
  PATRONAGE,
  SELF_PROMOTION,
  type WordingCategory,
} from './political-lexicon.ts';
import type { CheckContext, ElectoralPeriod, Finding, VariantInput } from './types.ts';

const RULE = 'L. 28/2000 art. 9';

const ROME_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Rome', year: 'numeric', month: '2-digit', day: '2-digit' });

/** The calendar day in Italy, YYYY-MM-DD: periods are in days of the Italian calendar. */
export function romeDay(d: Date): string {
  return ROME_DAY.format(d);
}

/** The electoral period the post falls in (by scheduled date, or now), if any. */
export function activePeriod(ctx: CheckContext): ElectoralPeriod | null {
  const day = romeDay(ctx.scheduledAt ?? ctx.now);
  return ctx.electoralPeriods.find((p) => p.start <= day && day <= p.end) ?? null;
}

function itDate(ymd: string): string {
  const [y, m, d] = ymd.split('-');
  return `${d}/${m}/${y}`;
}

const SANCTIONED: readonly WordingCategory[] = [
  FIRST_PERSON_SINGULAR,
  FIRST_PERSON_PRONOUN,
  FIRST_PERSON_PLURAL,
  OWN_ADMINISTRATION,
  ADMINISTRATION_RECORD,
  SELF_PROMOTION,
  PATRONAGE,
  PARTY,
  PARTY_ACRONYM,
];

const PEOPLE: WordingCategory = {
  id: 'people',
  it: 'nome del sindaco o di un amministratore',
  en: 'name of the mayor or of a member of the administration',
  re: /$^/gu,
};

// Compiled name patterns by list of names: an Ente's people change rarely, posts are many.
const namesCache = new Map<string, WordingCategory | null>();

function peopleCategory(ctx: CheckContext): WordingCategory | null {
  const names = [...(ctx.enteNames.mayor ?? []), ...(ctx.enteNames.councillors ?? [])];
  const key = names.join('\n');
  let category = namesCache.get(key);
  if (category === undefined) {
    const re = compileNames(names);
    category = re ? { ...PEOPLE, re } : null;
    if (namesCache.size >= 256) namesCache.clear();
    namesCache.set(key, category);
  }
  return category;
}

/** par_condicio.period and par_condicio.sanctioned_wording. Political channels are outside art. 9. */
export function checkParCondicio(v: VariantInput, ctx: CheckContext): Finding[] {
  if (ctx.channelKind === 'political') return [];
  const period = activePeriod(ctx);
  if (!period) return [];
  const out: Finding[] = [];
  const when = `dal ${itDate(period.start)} al ${itDate(period.end)}`;
  const whenEn = `from ${period.start} to ${period.end}`;
  const pc = ctx.parCondicio;
  const reason = pc?.reason.trim() ?? '';
  const missing: [string, string][] = [];
  if (!pc?.impersonal) missing.push(['la forma impersonale', 'impersonal form']);
  if (!pc?.indispensable) missing.push(["l'indispensabilità per le funzioni dell'ente", "being indispensable to the Ente's functions"]);
  if (reason === '') missing.push(['la motivazione scritta', 'a written reason']);

  if (missing.length > 0) {
    out.push(
      finding(
        v.channelId,
        'par_condicio.period',
        'blocking',
        RULE,
        `Il post cade nel periodo elettorale «${period.name}» (${when}): l'ente può comunicare solo in forma impersonale e se indispensabile per le sue funzioni. Manca: ${missing.map((m) => m[0]).join(', ')}. Dichiaralo con una motivazione, oppure rimanda la pubblicazione.`,
        `The post falls in the electoral period "${period.name}" (${whenEn}): the Ente may communicate only in impersonal form and when indispensable to its functions. Missing: ${missing.map((m) => m[1]).join(', ')}. Declare it with a reason, or postpone the post.`,
      ),
    );
  } else {
    out.push(
      finding(
        v.channelId,
        'par_condicio.period',
        'info',
        RULE,
        `Periodo elettorale «${period.name}» (${when}): post dichiarato impersonale e indispensabile. Motivazione: «${quote(reason)}».`,
        `Electoral period "${period.name}" (${whenEn}): post declared impersonal and indispensable. Reason: "${quote(reason)}".`,
      ),
    );
  }

  const people = peopleCategory(ctx);
  const categories = people ? [people, ...SANCTIONED] : SANCTIONED;
  for (const m of findWording(v.text, categories)) {
    out.push(
      finding(
        v.channelId,
        'par_condicio.sanctioned_wording',
        'warning',
        RULE,
        `«${quote(m.text)}»: ${m.category.it}. In periodo elettorale l'AGCOM ha sanzionato comunicazioni di questo tipo perché non impersonali: riformula in modo neutro.`,
        `"${quote(m.text)}": ${m.category.en}. In an electoral period AGCOM has sanctioned such communication as not impersonal: rephrase it neutrally.`,
        { start: m.start, end: m.end },
      ),
    );
  }
  return out;
}
