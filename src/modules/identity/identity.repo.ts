import { and, eq, gt, isNull, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { prepared } from '../../platform/db/prepared.ts';

const { users, sessions, apiTokens, memberships, enti, rateLimitBuckets } = schema;

export type UserRow = typeof users.$inferSelect;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(sql`lower(${users.email}) = lower(${email})`);
  return u;
}

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [u] = await db.select().from(users).where(eq(users.id, id));
  return u;
}

export async function updatePasswordHash(db: Db, userId: string, passwordHash: string): Promise<void> {
  await db.update(users).set({ passwordHash }).where(eq(users.id, userId));
}

export async function insertSession(db: Db, row: typeof sessions.$inferInsert): Promise<void> {
  await db.insert(sessions).values(row);
}

/** The live session with its user, touching last_seen_at at most once a minute. */
export async function findSession(db: Db, idHash: string, now: Date) {
  const query = prepared(db, 'findSession', () =>
    db
      .select({ session: sessions, user: users })
      .from(sessions)
      .innerJoin(users, eq(users.id, sessions.userId))
      .where(and(eq(sessions.idHash, sql.placeholder('idHash')), gt(sessions.expiresAt, sql.placeholder('now')), eq(users.disabled, false)))
      .prepare('rdz_find_session'),
  );
  const [row] = await query.execute({ idHash, now });
  if (row && now.getTime() - row.session.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash));
  }
  return row;
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.idHash, idHash));
}

/** The live API token with its user. */
export async function findApiToken(db: Db, tokenHash: string) {
  const [row] = await db
    .select({ token: apiTokens, user: users })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(and(eq(apiTokens.tokenHash, tokenHash), isNull(apiTokens.revokedAt), eq(users.disabled, false)));
  return row;
}

export async function touchApiToken(db: Db, enteId: string, id: string, now: Date): Promise<void> {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: now })
    .where(and(eq(apiTokens.enteId, enteId), eq(apiTokens.id, id)));
}

/** The Enti a user belongs to, with the roles held in each. */
export async function membershipsOf(db: Db, userId: string) {
  const query = prepared(db, 'membershipsOf', () =>
    db
      .select({ ente: enti, roles: memberships.roles })
      .from(memberships)
      .innerJoin(enti, eq(enti.id, memberships.enteId))
      .where(eq(memberships.userId, sql.placeholder('userId')))
      .orderBy(enti.name)
      .prepare('rdz_memberships_of'),
  );
  return query.execute({ userId });
}

/** The Ente with this slug and the user's roles in it, if the user belongs to it. */
export async function membershipBySlug(db: Db, userId: string, slug: string) {
  const query = prepared(db, 'membershipBySlug', () =>
    db
      .select({ ente: enti, roles: memberships.roles })
      .from(memberships)
      .innerJoin(enti, eq(enti.id, memberships.enteId))
      .where(and(eq(memberships.userId, sql.placeholder('userId')), eq(enti.slug, sql.placeholder('slug'))))
      .prepare('rdz_membership_by_slug'),
  );
  const [row] = await query.execute({ userId, slug });
  return row;
}

/**
 * Counts one hit in a fixed window shared by every process; returns the count after the hit
 * and when the window resets.
 */
export async function hitRateLimit(db: Db, key: string, windowSeconds: number, now: Date) {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const [row] = await db
    .insert(rateLimitBuckets)
    .values({ key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: rateLimitBuckets.key,
      set: {
        count: sql`CASE WHEN ${rateLimitBuckets.windowStart} = ${windowStart} THEN ${rateLimitBuckets.count} + 1 ELSE 1 END`,
        windowStart,
      },
    })
    .returning();
  return { count: row?.count ?? 1, resetAt: new Date(windowStart.getTime() + windowSeconds * 1000) };
}

export async function peekRateLimit(db: Db, key: string, windowSeconds: number, now: Date): Promise<number> {
  const windowStart = new Date(Math.floor(now.getTime() / (windowSeconds * 1000)) * windowSeconds * 1000);
  const [row] = await db.select().from(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
  return row && row.windowStart.getTime() === windowStart.getTime() ? row.count : 0;
}

export async function clearRateLimit(db: Db, key: string): Promise<void> {
  await db.delete(rateLimitBuckets).where(eq(rateLimitBuckets.key, key));
}

/** Binds a user to the identity provider's subject at their first single sign-on. */
export async function bindOidcSubject(db: Db, userId: string, subject: string): Promise<void> {
  await db.update(users).set({ oidcSubject: subject }).where(and(eq(users.id, userId), isNull(users.oidcSubject)));
}

/** Stores an API token's hash for a member of an Ente; returns its id. */
export async function insertApiToken(db: Db, row: typeof apiTokens.$inferInsert): Promise<string> {
  const [t] = await db.insert(apiTokens).values(row).returning({ id: apiTokens.id });
  return t!.id;
}
