/** SQL of the ActivityPub presence; every tenant function takes the Ente explicitly. */
import type { webcrypto } from 'node:crypto';
import { and, asc, desc, eq, gte, inArray, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import type { SealedSecret } from '../../platform/crypto/secrets.ts';
import { apActorKeys, apFollowers, apKv, apNoteMedia, apOutbox, apQueue } from './activitypub.tables.ts';

export type FollowerRow = typeof apFollowers.$inferSelect;
export type OutboxRow = typeof apOutbox.$inferSelect;

// ---------------------------------------------------------------- keys

export async function findKeys(db: Db, enteId: string) {
  const [k] = await db.select().from(apActorKeys).where(eq(apActorKeys.enteId, enteId));
  return k;
}

/** Stores the Ente's key pair unless one exists (two processes racing keep the first). */
export async function insertKeysOnce(db: Db, enteId: string, publicKeyJwk: webcrypto.JsonWebKey, privateKeySealed: SealedSecret) {
  await db.insert(apActorKeys).values({ enteId, publicKeyJwk, privateKeySealed }).onConflictDoNothing();
  return (await findKeys(db, enteId))!;
}

// ---------------------------------------------------------------- followers

export async function upsertFollower(db: Db, row: typeof apFollowers.$inferInsert) {
  await db
    .insert(apFollowers)
    .values(row)
    .onConflictDoUpdate({
      target: [apFollowers.enteId, apFollowers.actorUri],
      set: { inboxUrl: row.inboxUrl, sharedInboxUrl: row.sharedInboxUrl ?? null, followId: row.followId ?? null },
    });
}

export async function deleteFollower(db: Db, enteId: string, actorUri: string) {
  await db.delete(apFollowers).where(and(eq(apFollowers.enteId, enteId), eq(apFollowers.actorUri, actorUri)));
}

/** All followers, oldest first (the collection is served and delivered to in one piece). */
export async function listFollowers(db: Db, enteId: string) {
  return db.select().from(apFollowers).where(eq(apFollowers.enteId, enteId)).orderBy(asc(apFollowers.createdAt), asc(apFollowers.actorUri));
}

export async function countFollowers(db: Db, enteId: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(apFollowers).where(eq(apFollowers.enteId, enteId));
  return r?.n ?? 0;
}

// ---------------------------------------------------------------- outbox

export async function findNote(db: Db, enteId: string, noteKey: string) {
  const [r] = await db.select().from(apOutbox).where(and(eq(apOutbox.enteId, enteId), eq(apOutbox.noteKey, noteKey)));
  return r;
}

/** Inserts the Note and its media unless the key exists; returns the stored row either way. */
export async function insertNoteOnce(db: Db, row: typeof apOutbox.$inferInsert, media: { mime: string; altText: string | null; data: Buffer }[]) {
  return db.transaction(async (tx) => {
    const inserted = await tx.insert(apOutbox).values(row).onConflictDoNothing().returning();
    if (inserted.length && media.length) {
      await tx.insert(apNoteMedia).values(media.map((m, idx) => ({ enteId: row.enteId, noteKey: row.noteKey, idx, ...m })));
    }
    return { row: inserted[0] ?? (await findNote(tx, row.enteId, row.noteKey))!, created: inserted.length === 1 };
  });
}

/** Marks the Note queued unless it already was; false when another call got there first. */
export async function markQueuedOnce(db: Db, enteId: string, noteKey: string, at: Date): Promise<boolean> {
  const r = await db
    .update(apOutbox)
    .set({ queuedAt: at })
    .where(and(eq(apOutbox.enteId, enteId), eq(apOutbox.noteKey, noteKey), isNull(apOutbox.queuedAt)))
    .returning({ k: apOutbox.noteKey });
  return r.length === 1;
}

/** Marks the Note deleted unless it already was; false when another call got there first. */
export async function markDeletedOnce(db: Db, enteId: string, noteKey: string, at: Date): Promise<boolean> {
  const r = await db
    .update(apOutbox)
    .set({ deletedAt: at })
    .where(and(eq(apOutbox.enteId, enteId), eq(apOutbox.noteKey, noteKey), isNull(apOutbox.deletedAt)))
    .returning({ k: apOutbox.noteKey });
  return r.length === 1;
}

/** Published, not deleted Notes, newest first, before `before` when paging. */
export async function listOutbox(db: Db, enteId: string, limit: number, before?: Date) {
  const conds = [eq(apOutbox.enteId, enteId), isNull(apOutbox.deletedAt)];
  if (before) conds.push(lt(apOutbox.publishedAt, before));
  return db.select().from(apOutbox).where(and(...conds)).orderBy(desc(apOutbox.publishedAt)).limit(limit);
}

export async function countOutbox(db: Db, enteId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(apOutbox)
    .where(and(eq(apOutbox.enteId, enteId), isNull(apOutbox.deletedAt)));
  return r?.n ?? 0;
}

/** Notes since a date whose text is the given one (lookup after an unknown outcome). */
export async function findNoteByText(db: Db, enteId: string, text: string, since: Date) {
  const [r] = await db
    .select()
    .from(apOutbox)
    .where(and(eq(apOutbox.enteId, enteId), eq(apOutbox.sourceText, text), gte(apOutbox.publishedAt, since)))
    .orderBy(desc(apOutbox.publishedAt))
    .limit(1);
  return r;
}

export async function findNoteMedia(db: Db, enteId: string, noteKey: string, idx: number) {
  const [r] = await db
    .select()
    .from(apNoteMedia)
    .innerJoin(apOutbox, and(eq(apOutbox.enteId, apNoteMedia.enteId), eq(apOutbox.noteKey, apNoteMedia.noteKey)))
    .where(and(eq(apNoteMedia.enteId, enteId), eq(apNoteMedia.noteKey, noteKey), eq(apNoteMedia.idx, idx), isNull(apOutbox.deletedAt)));
  return r?.ap_note_media;
}

// ---------------------------------------------------------------- Fedify's key–value store

export async function kvGet(db: Db, key: string, now: Date) {
  const [r] = await db
    .select({ value: apKv.value })
    .from(apKv)
    .where(and(eq(apKv.key, key), or(isNull(apKv.expiresAt), sql`${apKv.expiresAt} > ${now}`)));
  return r?.value;
}

export async function kvSet(db: Db, key: string, value: unknown, expiresAt: Date | null) {
  await db
    .insert(apKv)
    .values({ key, value, expiresAt })
    .onConflictDoUpdate({ target: apKv.key, set: { value, expiresAt } });
}

export async function kvDelete(db: Db, key: string) {
  await db.delete(apKv).where(eq(apKv.key, key));
}

/** Removes expired entries; returns how many. */
export async function kvSweep(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(apKv).where(lt(apKv.expiresAt, now)).returning({ key: apKv.key });
  return rows.length;
}

// ---------------------------------------------------------------- Fedify's message queue

/** The channel idle listeners LISTEN on (PostgreSQL); the payload is empty. */
export const QUEUE_CHANNEL = 'redazione_ap_queue';

export interface QueueInsert {
  kind: string;
  activityId: string | null;
  inbox: string | null;
  payload: SealedSecret;
  delayMs: number;
}

export interface ClaimedMessage {
  id: string;
  token: string;
  claims: number;
  payload: SealedSecret;
}

const ms = (n: number) => sql`(now() + ${Math.max(0, Math.round(n))} * interval '1 millisecond')`;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

/** Adds messages, due after their delay by the database's clock, and wakes listeners on commit. */
export async function queueInsert(db: Db, messages: QueueInsert[]) {
  if (!messages.length) return;
  await db.insert(apQueue).values(messages.map((m) => ({ kind: m.kind, activityId: m.activityId, inbox: m.inbox, payload: m.payload, dueAt: ms(m.delayMs) })));
  await db.execute(sql`select pg_notify(${QUEUE_CHANNEL}, '')`);
}

/**
 * Claims up to `limit` due messages in one statement: picked in due order with FOR UPDATE SKIP
 * LOCKED (another process skips them), given a fresh token and moved to the end of the lease.
 */
export async function queueClaim(db: Db, limit: number, leaseMs: number): Promise<ClaimedMessage[]> {
  const res = await db.execute(sql`
    with c as (
      select id from ap_queue
      where failed_at is null and due_at <= now()
      order by due_at
      limit ${limit}
      for update skip locked
    )
    update ap_queue q set claim_token = gen_random_uuid(), claims = q.claims + 1, due_at = ${ms(leaseMs)}
    from c where q.id = c.id
    returning q.id, q.claim_token, q.claims, q.payload`);
  return rowsOf<{ id: string; claim_token: string; claims: number; payload: SealedSecret | string }>(res).map((r) => ({
    id: r.id,
    token: r.claim_token,
    claims: Number(r.claims),
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as SealedSecret) : r.payload,
  }));
}

/** Done: removes the message if this claim still holds it; false when the lease was lost. */
export async function queueDelete(db: Db, id: string, token: string): Promise<boolean> {
  const r = await db
    .delete(apQueue)
    .where(and(eq(apQueue.id, id), eq(apQueue.claimToken, token)))
    .returning({ id: apQueue.id });
  return r.length === 1;
}

/** Gives the message back, due again after `delayMs`, or gives up on it (`failed`). */
export async function queueRelease(db: Db, id: string, token: string, o: { delayMs: number; error: string; failed: boolean }) {
  await db
    .update(apQueue)
    .set({ claimToken: null, dueAt: ms(o.delayMs), lastError: o.error.slice(0, 2000), ...(o.failed ? { failedAt: sql`now()` } : {}) })
    .where(and(eq(apQueue.id, id), eq(apQueue.claimToken, token)));
}

/** Keeps the leases of the messages still being handled. */
export async function queueExtend(db: Db, tokens: string[], leaseMs: number) {
  if (!tokens.length) return;
  await db
    .update(apQueue)
    .set({ dueAt: ms(leaseMs) })
    .where(inArray(apQueue.claimToken, tokens));
}

/** Milliseconds until the next message is due (0 if one is), null when nothing is waiting. */
export async function queueNextDueInMs(db: Db): Promise<number | null> {
  const res = await db.execute(
    sql`select greatest(0, extract(epoch from (min(due_at) - now())) * 1000)::float8 as ms from ap_queue where failed_at is null`,
  );
  const v = rowsOf<{ ms: number | string | null }>(res)[0]?.ms;
  return v == null ? null : Number(v);
}

/** Messages given up on before `before` are removed; returns how many. */
export async function queueSweepFailed(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(apQueue).where(lt(apQueue.failedAt, before)).returning({ id: apQueue.id });
  return rows.length;
}
