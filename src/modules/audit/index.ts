export { appendAudit, appendAuditMany, listAudit, verifyChain, chainedEnti, type AuditActor, type AuditAppend, type AuditInput, type ChainReport } from './audit.repo.ts';
export { canonicalJson, chainHash, GENESIS } from './audit.fns.ts';
export { registerAuditRoutes } from './audit.routes.ts';

import type { Actor } from '../../platform/http/context.ts';
import { actorLabel } from '../../platform/http/context.ts';
import type { AuditActor } from './audit.repo.ts';

/** The audit trail's view of an HTTP actor. */
export function toAuditActor(actor: Actor): AuditActor {
  return { id: actor.userId, label: actorLabel(actor) };
}
