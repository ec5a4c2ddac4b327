import type { Services } from '../app.ts';
import { DomainError } from '../platform/errors.ts';
import { appendAudit, type AuditActor } from '../modules/audit/index.ts';
import { schema } from '../platform/db/index.ts';

/** Records an API token (its hash only) for a member of an Ente, with its audit event. */
export async function createApiToken(s: Services, actor: AuditActor, o: { email: string; enteSlug: string; name: string; tokenHash: string }) {
  const ente = await s.organisation.findEnteBySlug(o.enteSlug);
  if (!ente) throw new DomainError('not_found', { what: `ente ${o.enteSlug}` });
  const u = await s.identity.findUserByEmail(o.email);
  const people = u ? await s.organisation.listPeople(ente.id) : [];
  if (!u || !people.some((p) => p.user.id === u.id)) throw new DomainError('not_found', { what: `${o.email} in ${o.enteSlug}` });
  await s.db.transaction(async (tx) => {
    const [row] = await tx.insert(schema.apiTokens).values({ enteId: ente.id, userId: u.id, name: o.name, tokenHash: o.tokenHash }).returning();
    await appendAudit(tx, ente.id, actor, { action: 'token.create', entityType: 'api_token', entityId: row!.id, after: { userId: u.id, name: o.name } });
  });
}
