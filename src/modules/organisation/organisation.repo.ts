import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';

const { enti, users, memberships, desks, deskMembers } = schema;

export type EnteRow = typeof enti.$inferSelect;
export type DeskRow = typeof desks.$inferSelect;

export async function findEnteBySlug(db: Db, slug: string): Promise<EnteRow | undefined> {
  const [e] = await db.select().from(enti).where(eq(enti.slug, slug));
  return e;
}

export async function findEnteById(db: Db, id: string): Promise<EnteRow | undefined> {
  const [e] = await db.select().from(enti).where(eq(enti.id, id));
  return e;
}

export async function insertEnte(db: Db, row: typeof enti.$inferInsert): Promise<EnteRow> {
  const [e] = await db.insert(enti).values(row).returning();
  return e!;
}

/** Updates when the version matches; returns undefined on a version conflict. */
export async function updateEnte(db: Db, id: string, version: number, patch: Partial<typeof enti.$inferInsert>) {
  const [e] = await db
    .update(enti)
    .set({ ...patch, updatedAt: new Date(), version: sql`${enti.version} + 1` })
    .where(and(eq(enti.id, id), eq(enti.version, version)))
    .returning();
  return e;
}

export async function countEnti(db: Db): Promise<number> {
  const [r] = await db.select({ n: sql<number>`count(*)::int` }).from(enti);
  return r?.n ?? 0;
}

export async function listPeople(db: Db, enteId: string) {
  const rows = await db
    .select({ user: users, roles: memberships.roles, jobTitle: memberships.jobTitle, since: memberships.createdAt })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.enteId, enteId))
    .orderBy(asc(users.name));
  const deskRows = await db
    .select({ userId: deskMembers.userId, key: desks.key })
    .from(deskMembers)
    .innerJoin(desks, and(eq(desks.enteId, deskMembers.enteId), eq(desks.id, deskMembers.deskId)))
    .where(eq(deskMembers.enteId, enteId));
  return rows.map((r) => ({ ...r, desks: deskRows.filter((d) => d.userId === r.user.id).map((d) => d.key) }));
}

export async function findMembership(db: Db, enteId: string, userId: string) {
  const [m] = await db
    .select({ user: users, roles: memberships.roles, jobTitle: memberships.jobTitle })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.enteId, enteId), eq(memberships.userId, userId)));
  return m;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert) {
  const [u] = await db.insert(users).values(row).returning();
  return u!;
}

export async function insertMembership(db: Db, row: typeof memberships.$inferInsert) {
  await db.insert(memberships).values(row);
}

export async function updateMembership(db: Db, enteId: string, userId: string, patch: { roles?: string[]; jobTitle?: string | null }) {
  await db.update(memberships).set(patch).where(and(eq(memberships.enteId, enteId), eq(memberships.userId, userId)));
}

export async function deleteMembership(db: Db, enteId: string, userId: string) {
  await db.update(desks).set({ leadUserId: null }).where(and(eq(desks.enteId, enteId), eq(desks.leadUserId, userId)));
  await db.delete(schema.apiTokens).where(and(eq(schema.apiTokens.enteId, enteId), eq(schema.apiTokens.userId, userId)));
  await db.delete(memberships).where(and(eq(memberships.enteId, enteId), eq(memberships.userId, userId)));
}

/** How many members hold the amministratore role. */
export async function countAdmins(db: Db, enteId: string): Promise<number> {
  const [r] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(memberships)
    .where(and(eq(memberships.enteId, enteId), sql`'amministratore' = ANY(${memberships.roles})`));
  return r?.n ?? 0;
}

/** Which of these user ids are members of the Ente. */
export async function memberIds(db: Db, enteId: string, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .select({ id: memberships.userId })
    .from(memberships)
    .where(and(eq(memberships.enteId, enteId), inArray(memberships.userId, ids)));
  return new Set(rows.map((r) => r.id));
}

export async function listDesks(db: Db, enteId: string) {
  const rows = await db.select().from(desks).where(eq(desks.enteId, enteId)).orderBy(asc(desks.createdAt), asc(desks.key));
  const members = await db
    .select({ deskId: deskMembers.deskId, userId: users.id, name: users.name, email: users.email })
    .from(deskMembers)
    .innerJoin(users, eq(users.id, deskMembers.userId))
    .where(eq(deskMembers.enteId, enteId))
    .orderBy(asc(users.name));
  return rows.map((d) => ({ ...d, members: members.filter((m) => m.deskId === d.id) }));
}

export async function findDesk(db: Db, enteId: string, id: string) {
  const all = await listDesks(db, enteId);
  return all.find((d) => d.id === id);
}

export async function insertDesk(db: Db, row: typeof desks.$inferInsert): Promise<DeskRow> {
  const [d] = await db.insert(desks).values(row).returning();
  return d!;
}

export async function updateDesk(db: Db, enteId: string, id: string, version: number, patch: Partial<typeof desks.$inferInsert>) {
  const [d] = await db
    .update(desks)
    .set({ ...patch, version: sql`${desks.version} + 1` })
    .where(and(eq(desks.enteId, enteId), eq(desks.id, id), eq(desks.version, version)))
    .returning();
  return d;
}

export async function replaceDeskMembers(db: Db, enteId: string, deskId: string, userIds: string[]) {
  await db.delete(deskMembers).where(and(eq(deskMembers.enteId, enteId), eq(deskMembers.deskId, deskId)));
  if (userIds.length) await db.insert(deskMembers).values(userIds.map((userId) => ({ enteId, deskId, userId })));
}

export async function deskExists(db: Db, enteId: string, deskId: string): Promise<boolean> {
  const [d] = await db.select({ id: desks.id }).from(desks).where(and(eq(desks.enteId, enteId), eq(desks.id, deskId)));
  return Boolean(d);
}
