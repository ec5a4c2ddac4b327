/**
 * Queries of the OAuth connection (ADR 0008): pending flows and the Ente's apps. Every function
 * takes the Ente id (ADR 0003) except the sweep, which removes old flows of every Ente by age.
 */
import { and, asc, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { enti, users } from '../../platform/db/schema.ts';
import type { SealedSecret } from '../../platform/crypto/secrets.ts';
import { oauthApps, oauthFlows } from './publishing.oauth.tables.ts';

export type FlowRow = typeof oauthFlows.$inferSelect;
export type AppRow = typeof oauthApps.$inferSelect;

const sealedOf = (r: { keyId: string | null; iv: string | null; tag: string | null; ciphertext: string | null }): SealedSecret | null =>
  r.keyId && r.iv && r.tag && r.ciphertext ? { keyId: r.keyId, iv: r.iv, tag: r.tag, ciphertext: r.ciphertext } : null;
export { sealedOf };

const NO_SECRET = { keyId: null, iv: null, tag: null, ciphertext: null };

/** Deletes flows that started before `cutoff` (used or not: after a day nobody needs them). */
export async function sweepFlows(db: Db, cutoff: Date): Promise<number> {
  const gone = await db.delete(oauthFlows).where(lt(oauthFlows.createdAt, cutoff)).returning({ h: oauthFlows.stateHash });
  return gone.length;
}

export async function insertFlow(
  db: Db,
  row: { enteId: string; stateHash: string; channelId: string; userId: string; platform: string; redirectUri: string; sealed: SealedSecret; createdAt: Date; expiresAt: Date },
): Promise<void> {
  const { sealed, ...rest } = row;
  await db.insert(oauthFlows).values({ ...rest, ...sealed });
}

/** The Ente's slug, for the page the browser lands on after the callback. */
export async function enteSlug(db: Db, enteId: string): Promise<string | null> {
  const [row] = await db.select({ slug: enti.slug }).from(enti).where(eq(enti.id, enteId));
  return row?.slug ?? null;
}

export async function findFlow(db: Db, enteId: string, stateHash: string): Promise<FlowRow | null> {
  const [row] = await db.select().from(oauthFlows).where(and(eq(oauthFlows.enteId, enteId), eq(oauthFlows.stateHash, stateHash)));
  return row ?? null;
}

/**
 * Takes the flow: one atomic UPDATE, so of any number of concurrent callbacks exactly one gets
 * the row back (the others find `used_at` set, or the row locked and then changed). In the same
 * transaction the sealed part is wiped: the verifier and the app secret leave the database.
 */
export async function claimFlow(db: Db, enteId: string, stateHash: string, userId: string, now: Date): Promise<FlowRow | null> {
  return db.transaction(async (tx) => {
    const [taken] = await tx
      .update(oauthFlows)
      .set({ usedAt: now })
      .where(
        and(
          eq(oauthFlows.enteId, enteId),
          eq(oauthFlows.stateHash, stateHash),
          eq(oauthFlows.userId, userId),
          isNull(oauthFlows.usedAt),
          gt(oauthFlows.expiresAt, now),
        ),
      )
      .returning();
    if (!taken) return null;
    await tx.update(oauthFlows).set(NO_SECRET).where(and(eq(oauthFlows.enteId, enteId), eq(oauthFlows.stateHash, stateHash)));
    return taken;
  });
}

/** An expired flow is used up by the callback that finds it expired (and its secrets wiped). */
export async function expireFlow(db: Db, enteId: string, stateHash: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(oauthFlows)
    .set({ usedAt: now, ...NO_SECRET })
    .where(and(eq(oauthFlows.enteId, enteId), eq(oauthFlows.stateHash, stateHash), isNull(oauthFlows.usedAt)))
    .returning({ h: oauthFlows.stateHash });
  return rows.length === 1;
}

// ---- the Ente's apps ------------------------------------------------------------------------------

export async function findApp(db: Db, enteId: string, group: string, instance: string): Promise<AppRow | null> {
  const [row] = await db
    .select()
    .from(oauthApps)
    .where(and(eq(oauthApps.enteId, enteId), eq(oauthApps.appGroup, group), eq(oauthApps.instance, instance)));
  return row ?? null;
}

export async function listApps(db: Db, enteId: string) {
  return db
    .select({ app: oauthApps, updatedByName: users.name })
    .from(oauthApps)
    .leftJoin(users, eq(users.id, oauthApps.updatedBy))
    .where(eq(oauthApps.enteId, enteId))
    .orderBy(asc(oauthApps.appGroup), asc(oauthApps.instance));
}

export async function upsertApp(
  db: Db,
  row: { enteId: string; appGroup: string; instance: string; clientId: string; sealed: SealedSecret | null; source: 'entered' | 'registered'; redirectUri: string | null; updatedBy: string | null },
): Promise<void> {
  const { sealed, ...rest } = row;
  const values = { ...rest, ...(sealed ?? NO_SECRET), updatedAt: new Date() };
  await db
    .insert(oauthApps)
    .values(values)
    .onConflictDoUpdate({
      target: [oauthApps.enteId, oauthApps.appGroup, oauthApps.instance],
      set: { clientId: values.clientId, keyId: values.keyId, iv: values.iv, tag: values.tag, ciphertext: values.ciphertext, source: values.source, redirectUri: values.redirectUri, updatedAt: values.updatedAt, updatedBy: values.updatedBy },
    });
}

/** Inserts only when the Ente has no app for the group (and instance) yet; true when inserted. */
export async function insertAppIfMissing(
  db: Db,
  row: { enteId: string; appGroup: string; instance: string; clientId: string; sealed: SealedSecret | null; source: 'entered' | 'registered'; redirectUri: string | null; updatedBy: string | null },
): Promise<boolean> {
  const { sealed, ...rest } = row;
  const inserted = await db
    .insert(oauthApps)
    .values({ ...rest, ...(sealed ?? NO_SECRET) })
    .onConflictDoNothing()
    .returning({ g: oauthApps.appGroup });
  return inserted.length === 1;
}

export async function deleteApp(db: Db, enteId: string, group: string, instance: string): Promise<AppRow | null> {
  const [row] = await db
    .delete(oauthApps)
    .where(and(eq(oauthApps.enteId, enteId), eq(oauthApps.appGroup, group), eq(oauthApps.instance, instance)))
    .returning();
  return row ?? null;
}
