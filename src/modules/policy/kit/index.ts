/**
 * The social media policy kit: drafts of the external and internal policy from an Ente's
 * profile, the rulebook they yield, renderers (Markdown, HTML, PDF) and a diff between versions.
 * Pure code: no database, no HTTP.
 */
export type {
  ExternalPolicyDocument,
  InternalPolicyDocument,
  OfficialChannel,
  PolicyDocument,
  PolicyKind,
  PolicySection,
  PolicySectionKey,
} from './policy.types.ts';
export { validatePolicyDocument } from './policy.types.ts';
export type {
  ChannelInfo,
  ChannelStatus,
  CustodyInfo,
  DeskInfo,
  DeskKey,
  EnteInfo,
  EnteProfile,
  EnteType,
  PersonInfo,
  Platform,
  Role,
} from './profile.types.ts';
export { CHANNEL_STATUSES, DESK_KEYS, ENTE_TYPES, PLATFORMS, ROLES } from './profile.types.ts';
export { draftExternalPolicy } from './external.fns.ts';
export { draftInternalPolicy } from './internal.fns.ts';
export { PolicyKitError, rulebookFromExternal, starterRulebook } from './starter.fns.ts';
export { defaultModerationHours } from './hours.fns.ts';
export { renderPolicyMarkdown } from './markdown.fns.ts';
export { renderPolicyHtml } from './html.fns.ts';
export { renderPolicyPdf } from './pdf.fns.ts';
export { sectionReadingText, type PolicyRenderMeta } from './render.fns.ts';
export { diffPolicies, diffWords } from './diff.fns.ts';
export type { ClauseDiff, PolicyDiff, SectionDiff, WordChange } from './diff.fns.ts';
