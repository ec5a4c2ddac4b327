/** The moderation module: what the rest of Redazione may use. */
export { evaluateComment, HIDE_MIN_CONFIDENCE, MAX_SCAN_CHARS } from './engine.fns.ts';
export { FloodTracker, type FloodCounts, type FloodOptions } from './flood.fns.ts';
export { CATEGORY_LABEL } from './explain.fns.ts';
export {
  createModerationService,
  eraseAuthorData,
  ownContactsOf,
  recordDecisions,
  type BatchDecision,
  type BatchInput,
  type ModerationService,
  type Moderator,
  type RecordOptions,
} from './moderation.service.ts';
export { registerModerationRoutes } from './moderation.routes.ts';
export type {
  Bilingual,
  Decision,
  EvaluateContext,
  EvaluateInput,
  Evidence,
  ModerationCategory,
  ModerationDecision,
  OwnContacts,
} from './moderation.types.ts';
