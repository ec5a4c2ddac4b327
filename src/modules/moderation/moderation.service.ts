/**
 * Moderation as a use case: evaluate a text against the Ente's rulebook (the external policy in
 * force, else its draft), optionally record the decision, and let a person override it with a
 * reason. Decisions and overrides are audited.
 */
import { and, desc, eq, isNotNull, isNull, lt } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import type { EnteRow } from '../organisation/index.ts';
import type { PolicyService } from '../policy/index.ts';
import { evaluateComment } from './engine.fns.ts';
import { FloodTracker } from './flood.fns.ts';
import { moderationDecisions } from './moderation.tables.ts';
import type { Decision, EvaluateInput, ModerationDecision, OwnContacts, Rulebook } from './moderation.types.ts';

export type ModerationService = ReturnType<typeof createModerationService>;
export type DecisionRow = typeof moderationDecisions.$inferSelect & { overrideByName: string | null };

/** The Ente's own published contacts, which are never a citizen's personal data. */
export function ownContactsOf(ente: Pick<EnteRow, 'email' | 'website'>): OwnContacts {
  const domains: string[] = [];
  if (ente.website) {
    try {
      domains.push(new URL(ente.website).hostname.replace(/^www\./, ''));
    } catch {
      /* not a URL: ignore */
    }
  }
  if (ente.email) domains.push(ente.email.split('@')[1] ?? '');
  return { phones: [], emails: ente.email ? [ente.email] : [], domains: domains.filter(Boolean) };
}

export function createModerationService(deps: { db: Db; policy: Pick<PolicyService, 'rulebook'> }) {
  const { db } = deps;
  // Flood memory is per process: on several processes each sees its own share (documented).
  const floods = new Map<string, FloodTracker>();
  const flood = (enteId: string) => {
    let f = floods.get(enteId);
    if (!f) floods.set(enteId, (f = new FloodTracker()));
    return f;
  };

  return {
    async rulebookFor(actor: AuditActor, enteId: string): Promise<Rulebook> {
      const r = await deps.policy.rulebook(actor, enteId);
      return { source: r.source, version: r.version, clauses: r.clauses, hours: r.hours };
    },

    /** Evaluates one text; with `record`, stores the decision (and audits it). */
    async evaluate(
      actor: AuditActor,
      ente: EnteRow,
      input: EvaluateInput,
      opts: { record: boolean; source: 'api' | 'inbox' | 'cli'; itemRef?: string | null },
    ): Promise<ModerationDecision & { id: string | null; rulebook: { source: Rulebook['source']; version: number | null } }> {
      const rulebook = await this.rulebookFor(actor, ente.id);
      const d = evaluateComment(input, { rulebook, ownContacts: ownContactsOf(ente), flood: flood(ente.id) });
      const meta = { source: rulebook.source, version: rulebook.version };
      if (!opts.record) return { ...d, id: null, rulebook: meta };
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(moderationDecisions)
          .values({
            enteId: ente.id,
            source: opts.source,
            itemRef: opts.itemRef ?? null,
            text: input.text,
            author: input.author ?? null,
            decision: d.decision,
            clauseNumber: d.clause?.number ?? null,
            clauseTitle: d.clause?.title ?? null,
            category: d.category,
            confidence: d.confidence,
            evidence: d.evidence,
            explanation: d.explanation,
            offHours: d.offHours,
            rulebookSource: rulebook.source,
            rulebookVersion: rulebook.version,
          })
          .returning({ id: moderationDecisions.id });
        await appendAudit(tx, ente.id, actor, {
          action: 'moderation.decide',
          entityType: 'moderation_decision',
          entityId: row!.id,
          after: { decision: d.decision, clause: d.clause, category: d.category, confidence: d.confidence, rulebook: meta },
        });
        return row!.id;
      });
      return { ...d, id, rulebook: meta };
    },

    async list(enteId: string, q: { decision?: Decision; overridden?: boolean; before?: Date; limit: number }) {
      const conds = [eq(moderationDecisions.enteId, enteId)];
      if (q.decision) conds.push(eq(moderationDecisions.decision, q.decision));
      if (q.overridden === true) conds.push(isNotNull(moderationDecisions.overrideDecision));
      if (q.overridden === false) conds.push(isNull(moderationDecisions.overrideDecision));
      if (q.before) conds.push(lt(moderationDecisions.at, q.before));
      const rows = await db
        .select({ d: moderationDecisions, overrideByName: schema.users.name })
        .from(moderationDecisions)
        .leftJoin(schema.users, eq(schema.users.id, moderationDecisions.overrideBy))
        .where(and(...conds))
        .orderBy(desc(moderationDecisions.at))
        .limit(q.limit);
      return rows.map((r) => ({ ...r.d, overrideByName: r.overrideByName }));
    },

    /** A person overrides the engine: the new decision and the reason are recorded and audited. */
    async override(actor: AuditActor, enteId: string, id: string, input: { decision: Decision; reason: string }) {
      return db.transaction(async (tx) => {
        const [before] = await tx
          .select()
          .from(moderationDecisions)
          .where(and(eq(moderationDecisions.enteId, enteId), eq(moderationDecisions.id, id)))
          .for('update');
        if (!before) throw new DomainError('not_found', { what: 'moderation decision' });
        const [after] = await tx
          .update(moderationDecisions)
          .set({ overrideDecision: input.decision, overrideReason: input.reason, overrideBy: actor.id, overrideAt: new Date() })
          .where(and(eq(moderationDecisions.enteId, enteId), eq(moderationDecisions.id, id)))
          .returning();
        const [who] = actor.id ? await tx.select({ name: schema.users.name }).from(schema.users).where(eq(schema.users.id, actor.id)) : [];
        await appendAudit(tx, enteId, actor, {
          action: 'moderation.override',
          entityType: 'moderation_decision',
          entityId: id,
          before: { decision: before.overrideDecision ?? before.decision, clause: before.clauseNumber },
          after: { decision: input.decision, reason: input.reason },
        });
        return { ...after!, overrideByName: who?.name ?? null };
      });
    },
  };
}
