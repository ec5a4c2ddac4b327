import { and, asc, desc, eq, gt, inArray, lt, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { canonicalWithoutSeq, canonicalWithSeq, chainHash, chainHashOf, GENESIS, redact, toJsonValue, type ChainedFields } from './audit.fns.ts';

const { auditEvents, auditHeads } = schema;

export interface AuditActor {
  id: string | null;
  label: string;
}

export interface AuditInput {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/**
 * Appends one event to the Ente's chain. Call it inside the transaction that makes the change:
 * the head row lock serialises writers across processes, and a rollback drops the event too.
 */
export async function appendAudit(tx: Db, enteId: string, actor: AuditActor, input: AuditInput): Promise<void> {
  await tx.insert(auditHeads).values({ enteId, seq: 0, hash: GENESIS }).onConflictDoNothing();
  const [head] = await tx.select().from(auditHeads).where(eq(auditHeads.enteId, enteId)).for('update');
  if (!head) throw new Error(`audit head missing for ${enteId}`);
  const fields: ChainedFields = {
    enteId,
    seq: head.seq + 1,
    at: new Date().toISOString(),
    actorId: actor.id,
    actorLabel: actor.label,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId,
    before: toJsonValue(redact(input.before ?? null)),
    after: toJsonValue(redact(input.after ?? null)),
  };
  const hash = chainHash(head.hash, fields);
  await tx.insert(auditEvents).values({ ...fields, at: new Date(fields.at), prevHash: head.hash, hash });
  await tx.update(auditHeads).set({ seq: fields.seq, hash }).where(eq(auditHeads.enteId, enteId));
}

export interface AuditAppend {
  enteId: string;
  actor: AuditActor;
  input: AuditInput;
}

/**
 * Appends many events, of one or more Enti, in four statements whatever their number: the heads
 * are created if missing, locked in Ente order (every writer takes them in the same order, so two
 * batches cannot deadlock), the chain is computed in memory, the events go in with one multi-row
 * INSERT and the heads move with one UPDATE. Same chain, same hashes as `appendAudit` called once
 * per event in the given order. Call it inside the transaction that makes the changes.
 */
export async function appendAuditMany(tx: Db, events: readonly AuditAppend[]): Promise<void> {
  if (events.length === 0) return;
  const enti = [...new Set(events.map((e) => e.enteId))].sort();
  // Everything but the sequence number and the hashes is prepared before the heads are locked:
  // the lock is held until commit, and a concurrent writer of the same Ente waits for it.
  const at = new Date().toISOString();
  const prepared = events.map((e) => {
    const fields: Omit<ChainedFields, 'seq'> = {
      enteId: e.enteId,
      at,
      actorId: e.actor.id,
      actorLabel: e.actor.label,
      action: e.input.action,
      entityType: e.input.entityType,
      entityId: e.input.entityId,
      before: toJsonValue(redact(e.input.before ?? null)),
      after: toJsonValue(redact(e.input.after ?? null)),
    };
    // The row for the INSERT's JSON parameter, open at the end for the chain's fields.
    const row = JSON.stringify({
      ente_id: fields.enteId,
      at,
      actor_id: fields.actorId,
      actor_label: fields.actorLabel,
      action: fields.action,
      entity_type: fields.entityType,
      entity_id: fields.entityId,
      before: fields.before,
      after: fields.after,
    }).slice(0, -1);
    return { fields, canonical: canonicalWithoutSeq(fields), row };
  });
  await tx
    .insert(auditHeads)
    .values(enti.map((enteId) => ({ enteId, seq: 0, hash: GENESIS })))
    .onConflictDoNothing();
  const heads = await tx.select().from(auditHeads).where(inArray(auditHeads.enteId, enti)).orderBy(asc(auditHeads.enteId)).for('update');
  const tip = new Map(heads.map((h) => [h.enteId, { seq: h.seq, hash: h.hash }]));
  const rows: string[] = [];
  for (const { fields, canonical, row } of prepared) {
    const head = tip.get(fields.enteId);
    if (!head) throw new Error(`audit head missing for ${fields.enteId}`);
    const seq = head.seq + 1;
    const hash = chainHashOf(head.hash, canonicalWithSeq(canonical, seq));
    rows.push(`${row},"seq":${seq},"prev_hash":"${head.hash}","hash":"${hash}"}`);
    tip.set(fields.enteId, { seq, hash });
  }
  const json = `[${rows.join(',')}]`;
  await tx.execute(sql`
    INSERT INTO audit_events (ente_id, seq, at, actor_id, actor_label, action, entity_type, entity_id, before, after, prev_hash, hash)
    SELECT x.ente_id, x.seq, x.at, x.actor_id, x.actor_label, x.action, x.entity_type, x.entity_id, x.before, x.after, x.prev_hash, x.hash
    FROM json_to_recordset(${json}::json) AS x(ente_id uuid, seq bigint, at timestamptz, actor_id uuid, actor_label text, action text, entity_type text, entity_id text, before jsonb, after jsonb, prev_hash text, hash text)`);
  const moved = enti.map((id) => {
    const h = tip.get(id)!;
    return sql`(${id}::uuid, ${h.seq}::bigint, ${h.hash}::text)`;
  });
  await tx.execute(
    sql`UPDATE audit_heads AS h SET seq = v.seq, hash = v.hash FROM (VALUES ${sql.join(moved, sql`, `)}) AS v(ente_id, seq, hash) WHERE h.ente_id = v.ente_id`,
  );
}

export interface AuditQuery {
  entityType?: string;
  entityId?: string;
  /** Return events with seq lower than this (pagination, newest first). */
  before?: number;
  limit: number;
}

/** Newest first. */
export async function listAudit(db: Db, enteId: string, q: AuditQuery) {
  const conds = [eq(auditEvents.enteId, enteId)];
  if (q.entityType) conds.push(eq(auditEvents.entityType, q.entityType));
  if (q.entityId) {
    // An event of a `…_batch` entity covers several entities and lists their ids in `after.ids`
    // (the engine's decisions of a batch): asking for one of them finds that event too.
    conds.push(sql`(${auditEvents.entityId} = ${q.entityId} OR (${auditEvents.entityType} LIKE '%\\_batch' AND ${auditEvents.after} -> 'ids' ? ${q.entityId}))`);
  }
  if (q.before) conds.push(lt(auditEvents.seq, q.before));
  return db
    .select()
    .from(auditEvents)
    .where(and(...conds))
    .orderBy(desc(auditEvents.seq))
    .limit(q.limit);
}

export interface ChainReport {
  enteId: string;
  events: number;
  ok: boolean;
  /** The first sequence number where the chain breaks, and why. */
  brokenAt?: number;
  reason?: string;
}

/** Recomputes an Ente's chain from the start and compares it with the stored hashes and head. */
export async function verifyChain(db: Db, enteId: string): Promise<ChainReport> {
  let prev = GENESIS;
  let expectedSeq = 1;
  let count = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.enteId, enteId), gt(auditEvents.seq, expectedSeq - 1)))
      .orderBy(asc(auditEvents.seq))
      .limit(1000);
    if (rows.length === 0) break;
    for (const r of rows) {
      const fail = (reason: string): ChainReport => ({ enteId, events: count, ok: false, brokenAt: r.seq, reason });
      if (r.seq !== expectedSeq) return { enteId, events: count, ok: false, brokenAt: expectedSeq, reason: 'missing event' };
      if (r.prevHash !== prev) return fail('previous hash does not match');
      const fields: ChainedFields = {
        enteId,
        seq: r.seq,
        at: r.at.toISOString(),
        actorId: r.actorId,
        actorLabel: r.actorLabel,
        action: r.action,
        entityType: r.entityType,
        entityId: r.entityId,
        before: r.before ?? null,
        after: r.after ?? null,
      };
      if (chainHash(prev, fields) !== r.hash) return fail('content does not match its hash');
      prev = r.hash;
      expectedSeq++;
      count++;
    }
  }
  const [head] = await db.select().from(auditHeads).where(eq(auditHeads.enteId, enteId));
  if (head && (head.seq !== count || head.hash !== prev)) {
    return { enteId, events: count, ok: false, brokenAt: count + 1, reason: 'events removed from the end of the chain' };
  }
  return { enteId, events: count, ok: true };
}

/** Ids of every Ente with an audit chain. */
export async function chainedEnti(db: Db): Promise<string[]> {
  const rows = await db.select({ id: auditHeads.enteId }).from(auditHeads).orderBy(sql`1`);
  return rows.map((r) => r.id);
}
