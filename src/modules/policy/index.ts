export { createPolicyService, type PolicyService, type PolicyRulebook, type AdoptionAct } from './policy.service.ts';
export { registerPolicyRoutes } from './policy.routes.ts';
export { registerPolicyPublicRoutes } from './policy.public.ts';
export type { Rulebook, RulebookClause, ModerationHours, ModerationCategory, ModerationAction } from './rulebook.ts';
