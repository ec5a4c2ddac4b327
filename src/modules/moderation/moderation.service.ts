/**
 * Moderation as a use case: evaluate a text against the Ente's rulebook (the external policy in
 * force, else its draft), optionally record the decision, and let a person override it with a
 * reason. Decisions and overrides are audited.
 */
import crypto from 'node:crypto';
import { and, desc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { jsonParam } from '../../platform/db/json-param.ts';
import { DomainError } from '../../platform/errors.ts';
import { appendAudit, appendAuditMany, type AuditActor, type AuditAppend } from '../audit/index.ts';
import type { EnteRow } from '../organisation/index.ts';
import type { PolicyService } from '../policy/index.ts';
import { evaluateComment } from './engine.fns.ts';
import { FloodTracker } from './flood.fns.ts';
import { moderationDecisions } from './moderation.tables.ts';
import type { Decision, EvaluateInput, ModerationDecision, OwnContacts, Rulebook } from './moderation.types.ts';

/** One text of a batch: `ref` is what the decision is about (the inbox item id). */
export interface BatchInput extends EvaluateInput {
  ref: string;
}

/** A decision of a batch, with the id its record will have. */
export interface BatchDecision extends ModerationDecision {
  id: string;
  ref: string;
  input: BatchInput;
}

/**
 * The Ente's rulebook loaded once for many evaluations. Get it outside a transaction (the
 * policy is read through the pool; PGlite has one connection); `decide` is in memory.
 */
export interface Moderator {
  enteId: string;
  rulebook: Rulebook;
  /** Runs the engine on each input in order (flood memory sees them in that order); writes nothing. */
  decide(inputs: readonly BatchInput[]): BatchDecision[];
}

export interface RecordOptions {
  source: 'api' | 'inbox' | 'cli';
  actor: AuditActor;
  /**
   * When given, the audit events are added here instead of appended, for the caller to append
   * last in its transaction (the Ente's chain head stays locked from the append until commit).
   */
  auditLater?: AuditAppend[];
}

/** Rows per multi-row statement: far below PostgreSQL's 65,535 parameters and one JSON parameter anyway. */
const CHUNK = 2000;


/** Decisions listed by one audit event of a batch: a few hundred keep the event a readable size. */
const AUDIT_CHUNK = 500;

/** The audit action of the engine's decisions recorded in a batch (one event lists them all). */
const BATCH_AUDIT_ACTION = 'moderation.decide.batch';

/** The decisions' rows: one multi-row INSERT per 2,000, in `tx`. `ref` is the item decided, if any. */
async function insertDecisions(
  tx: Db,
  m: Pick<Moderator, 'enteId' | 'rulebook'>,
  decisions: readonly (ModerationDecision & { id: string; ref: string | null; input: EvaluateInput })[],
  source: RecordOptions['source'],
): Promise<void> {
  const meta = { source: m.rulebook.source, version: m.rulebook.version };
  for (let i = 0; i < decisions.length; i += CHUNK) {
    const part = decisions.slice(i, i + CHUNK);
    // Explanations repeat (every allowed comment has the same one): each distinct one is sent
    // once, and a row carries its position in that list.
    const explanations: ModerationDecision['explanation'][] = [];
    const position = new Map<ModerationDecision['explanation'], number>();
    const rows = part.map((d) => {
      let e = position.get(d.explanation);
      if (e === undefined) {
        e = explanations.push(d.explanation) - 1;
        position.set(d.explanation, e);
      }
      return {
        id: d.id,
        item_ref: d.ref,
        text: d.input.text,
        author: d.input.author ?? null,
        decision: d.decision,
        clause_number: d.clause?.number ?? null,
        clause_title: d.clause?.title ?? null,
        category: d.category,
        confidence: d.confidence,
        evidence: d.evidence,
        e,
        off_hours: d.offHours,
      };
    });
    await tx.execute(sql`
      INSERT INTO moderation_decisions (ente_id, id, source, item_ref, text, author, decision, clause_number, clause_title, category, confidence, evidence, explanation, off_hours, rulebook_source, rulebook_version)
      SELECT ${m.enteId}::uuid, x.id, ${source}::text, x.item_ref, x.text, x.author, x.decision, x.clause_number, x.clause_title, x.category, x.confidence, x.evidence, e.list -> x.e, x.off_hours, ${meta.source}::text, ${meta.version}::int
      FROM json_to_recordset(${jsonParam(rows)}::json) AS x(id uuid, item_ref text, text text, author text, decision text, clause_number text, clause_title text, category text, confidence real, evidence jsonb, e int, off_hours boolean),
        (SELECT ${jsonParam(explanations)}::jsonb AS list) AS e`);
  }
}

/**
 * Writes decided batch decisions: one multi-row INSERT (per 2,000) and, for each 500 of them,
 * one audit event listing every decision (id, item, decision, clause, category, confidence), in
 * the caller's transaction. The chain's hash covers each listed decision as it would cover one
 * event per decision, and the Registro shows a burst of comments as a few entries instead of
 * thousands (ADR 0013). A decision of one evaluation, and every human override, keeps its own event.
 */
export async function recordDecisions(tx: Db, m: Pick<Moderator, 'enteId' | 'rulebook'>, decisions: readonly BatchDecision[], opts: RecordOptions): Promise<void> {
  if (decisions.length === 0) return;
  const meta = { source: m.rulebook.source, version: m.rulebook.version };
  await insertDecisions(tx, m, decisions, opts.source);
  const events: AuditAppend[] = [];
  for (let i = 0; i < decisions.length; i += AUDIT_CHUNK) {
    const part = decisions.slice(i, i + AUDIT_CHUNK);
    events.push({
      enteId: m.enteId,
      actor: opts.actor,
      input: {
        action: BATCH_AUDIT_ACTION,
        entityType: 'moderation_decision_batch',
        entityId: crypto.randomUUID(),
        after: {
          source: opts.source,
          rulebook: meta,
          count: part.length,
          ids: part.map((d) => d.id),
          decisions: part.map((d) => ({ id: d.id, ref: d.ref, decision: d.decision, clause: d.clause?.number ?? null, category: d.category, confidence: d.confidence })),
        },
      },
    });
  }
  if (opts.auditLater) opts.auditLater.push(...events);
  else await appendAuditMany(tx, events);
}

/**
 * GDPR erasure of one person in the moderation records: the decisions about them (by author key,
 * or about the given items) keep the decision and the clause but lose the text, the author and
 * the evidence (which quotes the text). Returns how many decisions were stripped.
 */
export async function eraseAuthorData(tx: Db, enteId: string, who: { authorKey?: string | null; itemRefs?: readonly string[] }, replacement: string): Promise<number> {
  const conds = [];
  if (who.authorKey) conds.push(eq(moderationDecisions.author, who.authorKey));
  if (who.itemRefs?.length) conds.push(sql`${moderationDecisions.itemRef} IN ${[...who.itemRefs]}`);
  if (conds.length === 0) return 0;
  const rows = await tx
    .update(moderationDecisions)
    .set({ text: replacement, author: null, evidence: [] })
    .where(and(eq(moderationDecisions.enteId, enteId), conds.length === 1 ? conds[0] : sql`(${sql.join(conds, sql` OR `)})`))
    .returning({ id: moderationDecisions.id });
  return rows.length;
}

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

    /**
     * The Ente's rulebook, read once, for a batch: call it before the batch's transaction (it may
     * create the policy draft on first use), then `decide` in memory and `recordMany` inside it.
     */
    async moderator(actor: AuditActor, ente: EnteRow): Promise<Moderator> {
      const rulebook = await this.rulebookFor(actor, ente.id);
      const ctx = { rulebook, ownContacts: ownContactsOf(ente), flood: flood(ente.id) };
      return {
        enteId: ente.id,
        rulebook,
        decide: (inputs) => inputs.map((input) => ({ ...evaluateComment(input, ctx), id: crypto.randomUUID(), ref: input.ref, input })),
      };
    },

    /** Records decisions of a batch (one multi-row INSERT, audit with `appendAuditMany`) in `tx`. */
    recordMany: recordDecisions,

    /** Decides and records many texts of one Ente in `tx`, with the rulebook of `m` (loaded once). */
    async evaluateMany(tx: Db, m: Moderator, inputs: readonly BatchInput[], opts: RecordOptions): Promise<BatchDecision[]> {
      const decisions = m.decide(inputs);
      await recordDecisions(tx, m, decisions, opts);
      return decisions;
    },

    /** GDPR erasure in the moderation records (see `eraseAuthorData`), and in the flood memory. */
    async eraseAuthorData(tx: Db, enteId: string, who: { authorKey?: string | null; itemRefs?: readonly string[] }, replacement: string): Promise<number> {
      if (who.authorKey) floods.get(enteId)?.forget(who.authorKey);
      return eraseAuthorData(tx, enteId, who, replacement);
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
      const id = crypto.randomUUID();
      await db.transaction(async (tx) => {
        await insertDecisions(tx, { enteId: ente.id, rulebook }, [{ ...d, id, ref: opts.itemRef ?? null, input }], opts.source);
        await appendAudit(tx, ente.id, actor, {
          action: 'moderation.decide',
          entityType: 'moderation_decision',
          entityId: id,
          after: { decision: d.decision, clause: d.clause, category: d.category, confidence: d.confidence, rulebook: meta },
        });
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
