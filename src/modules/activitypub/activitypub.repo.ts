/** SQL of the ActivityPub presence; every tenant function takes the Ente explicitly. */
import type { webcrypto } from 'node:crypto';
import { and, asc, desc, eq, gte, isNull, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import type { SealedSecret } from '../../platform/crypto/secrets.ts';
import { apActorKeys, apFollowers, apKv, apNoteMedia, apOutbox } from './activitypub.tables.ts';

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

export async function markQueued(db: Db, enteId: string, noteKey: string, at: Date) {
  await db.update(apOutbox).set({ queuedAt: at }).where(and(eq(apOutbox.enteId, enteId), eq(apOutbox.noteKey, noteKey)));
}

export async function markDeleted(db: Db, enteId: string, noteKey: string, at: Date) {
  await db.update(apOutbox).set({ deletedAt: at }).where(and(eq(apOutbox.enteId, enteId), eq(apOutbox.noteKey, noteKey)));
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
