/**
 * The editorial checks: every variant of a post (one per channel) goes through each family of
 * checks; each finding explains itself in Italian and English and cites the rule behind it.
 */
import { checkAccessibility } from './accessibility.fns.ts';
import { checkDuplicate } from './duplicate.fns.ts';
import { finding } from './finding.ts';
import { checkHashtags } from './hashtags.fns.ts';
import { checkInstitutional } from './institutional.fns.ts';
import { checkLength } from './length.fns.ts';
import { checkLinks } from './links.fns.ts';
import { checkParCondicio } from './par-condicio.fns.ts';
import { checkPlainLanguage } from './plain-language.fns.ts';
import { checkPrivacy } from './privacy.fns.ts';
import type { Check, CheckContext, Finding, Severity, VariantInput } from './types.ts';

export type { Check, CheckContext, ElectoralPeriod, Finding, MediaItem, Severity, Span, VariantInput } from './types.ts';
export { measureText, platformLimits, PLATFORMS, type Platform, type PlatformLimits } from '../platforms.fns.ts';
export { extractLinks, variantLinks, type ExtractedLink } from './links.fns.ts';
export { checkTitle } from './length.fns.ts';
export { activePeriod } from './par-condicio.fns.ts';

/** The check families, by name (the name appears if a check fails unexpectedly). */
export const CHECKS: readonly (readonly [string, Check])[] = [
  ['length', checkLength],
  ['accessibility', checkAccessibility],
  ['hashtags', checkHashtags],
  ['plain_language', checkPlainLanguage],
  ['par_condicio', checkParCondicio],
  ['institutional', checkInstitutional],
  ['links', checkLinks],
  ['duplicate', checkDuplicate],
  ['privacy', checkPrivacy],
];

const RANK: Record<Severity, number> = { blocking: 0, warning: 1, info: 2 };

/** Blocking first, then warnings, then information; within each, in text order. */
export function sortFindings(findings: Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort(
      (a, b) =>
        RANK[a.f.severity] - RANK[b.f.severity] ||
        (a.f.span?.start ?? Number.MAX_SAFE_INTEGER) - (b.f.span?.start ?? Number.MAX_SAFE_INTEGER) ||
        a.i - b.i,
    )
    .map(({ f }) => f);
}

/**
 * Runs the given checks. A check that throws does not hide the others: it becomes a warning
 * saying which check could not run, so the redattore knows the result is incomplete.
 */
export function runChecks(v: VariantInput, ctx: CheckContext, checks: readonly (readonly [string, Check])[]): Finding[] {
  const out: Finding[] = [];
  for (const [name, check] of checks) {
    try {
      out.push(...check(v, ctx));
    } catch {
      out.push(
        finding(
          v.channelId,
          'check.failed',
          'warning',
          'Redazione',
          `Il controllo «${name}» non è stato eseguito per un errore interno: verifica a mano.`,
          `The "${name}" check could not run because of an internal error: check by hand.`,
        ),
      );
    }
  }
  return sortFindings(out);
}

/** All the findings of one channel variant. */
export function checkVariant(v: VariantInput, ctx: CheckContext): Finding[] {
  return runChecks(v, ctx, CHECKS);
}

/** The findings of every variant of a post, in the order given. */
export function checkPost(variants: VariantInput[], ctx: CheckContext): { channelId: string; findings: Finding[] }[] {
  return variants.map((v) => ({ channelId: v.channelId, findings: checkVariant(v, ctx) }));
}

/** Whether any variant has a blocking finding: the post cannot be published as it is. */
export function hasBlocking(results: { findings: Finding[] }[]): boolean {
  return results.some((r) => r.findings.some((f) => f.severity === 'blocking'));
}
