/**
 * The rulebook without an Ente (the template's clauses and default hours), and the rulebook of an
 * adopted or draft external policy.
 */
import type { Rulebook } from '../rulebook.ts';
import { validatePolicyDocument, type ExternalPolicyDocument } from './policy.types.ts';
import { enteGrammar } from './ente.fns.ts';
import { buildClauses } from './external.clauses.text.ts';
import { MODERATION_SECTION_NUMBER } from './external.fns.ts';
import { defaultModerationHours } from './hours.fns.ts';

/** The starter kit's rulebook: usable before an Ente has adopted its own policy. */
export function starterRulebook(): Rulebook {
  return {
    source: 'starter_kit',
    version: null,
    clauses: buildClauses(enteGrammar(), MODERATION_SECTION_NUMBER),
    hours: defaultModerationHours(),
  };
}

/** A domain error of the policy kit, with a stable code for the HTTP layer. */
export class PolicyKitError extends Error {
  constructor(
    readonly code: 'invalid_policy_document' | 'invalid_rulebook_version',
    message: string,
    readonly errors: string[] = [],
  ) {
    super(message);
    this.name = 'PolicyKitError';
  }
}

/**
 * The rulebook of an external policy: its clauses and hours, copied so later edits do not leak.
 * Throws PolicyKitError when the document is invalid (the moderation engine must never run on
 * a broken rulebook) or when the version does not fit the source.
 */
export function rulebookFromExternal(
  doc: ExternalPolicyDocument,
  version: number | null,
  source: Rulebook['source'],
): Rulebook {
  const errors = validatePolicyDocument(doc);
  if (doc.kind !== 'external') errors.push("kind: a rulebook comes from the external policy");
  if (errors.length > 0) {
    throw new PolicyKitError('invalid_policy_document', 'The policy document is not valid', errors);
  }
  if (source === 'in_force' && (version === null || !Number.isInteger(version) || version < 1)) {
    throw new PolicyKitError(
      'invalid_rulebook_version',
      'A policy in force needs a positive integer version',
    );
  }
  return {
    source,
    version,
    clauses: structuredClone(doc.clauses),
    hours: structuredClone(doc.hours),
  };
}
