import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import type { PolicyKind } from './kit/index.ts';
import { policyDrafts, policyVersions } from './policy.tables.ts';

export type DraftRow = typeof policyDrafts.$inferSelect;
export type VersionRow = typeof policyVersions.$inferSelect;

export async function findDraft(db: Db, enteId: string, kind: PolicyKind): Promise<DraftRow | undefined> {
  const [d] = await db
    .select()
    .from(policyDrafts)
    .where(and(eq(policyDrafts.enteId, enteId), eq(policyDrafts.kind, kind)));
  return d;
}

/** Inserts the first draft; returns undefined when a concurrent request inserted it first. */
export async function insertDraft(db: Db, row: typeof policyDrafts.$inferInsert): Promise<DraftRow | undefined> {
  const [d] = await db.insert(policyDrafts).values(row).onConflictDoNothing().returning();
  return d;
}

/** Saves the draft when its revision is still `revision`; undefined on a conflict. */
export async function updateDraft(db: Db, enteId: string, kind: PolicyKind, revision: number, document: unknown, by: string | null) {
  const [d] = await db
    .update(policyDrafts)
    .set({ document, updatedBy: by, updatedAt: new Date(), revision: sql`${policyDrafts.revision} + 1` })
    .where(and(eq(policyDrafts.enteId, enteId), eq(policyDrafts.kind, kind), eq(policyDrafts.revision, revision)))
    .returning();
  return d;
}

/** Locks the draft row for the rest of the transaction (adoption reads a stable draft). */
export async function lockDraft(db: Db, enteId: string, kind: PolicyKind): Promise<DraftRow | undefined> {
  const [d] = await db
    .select()
    .from(policyDrafts)
    .where(and(eq(policyDrafts.enteId, enteId), eq(policyDrafts.kind, kind)))
    .for('update');
  return d;
}

const summaryColumns = {
  enteId: policyVersions.enteId,
  kind: policyVersions.kind,
  number: policyVersions.number,
  documentSha256: policyVersions.documentSha256,
  actType: policyVersions.actType,
  actNumber: policyVersions.actNumber,
  actDate: policyVersions.actDate,
  adoptedBy: policyVersions.adoptedBy,
  adoptedByLabel: policyVersions.adoptedByLabel,
  adoptedAt: policyVersions.adoptedAt,
  draftRevision: policyVersions.draftRevision,
  channelIds: policyVersions.channelIds,
};
export type VersionSummaryRow = Omit<VersionRow, 'document'>;

/** Newest first, without documents. */
export async function listVersions(db: Db, enteId: string, kind: PolicyKind): Promise<VersionSummaryRow[]> {
  return db
    .select(summaryColumns)
    .from(policyVersions)
    .where(and(eq(policyVersions.enteId, enteId), eq(policyVersions.kind, kind)))
    .orderBy(desc(policyVersions.number));
}

export async function findVersion(db: Db, enteId: string, kind: PolicyKind, n: number): Promise<VersionRow | undefined> {
  const [v] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.enteId, enteId), eq(policyVersions.kind, kind), eq(policyVersions.number, n)));
  return v;
}

/** The version in force: the last one adopted. */
export async function findLatestVersion(db: Db, enteId: string, kind: PolicyKind): Promise<VersionRow | undefined> {
  const [v] = await db
    .select()
    .from(policyVersions)
    .where(and(eq(policyVersions.enteId, enteId), eq(policyVersions.kind, kind)))
    .orderBy(desc(policyVersions.number))
    .limit(1);
  return v;
}

export async function insertVersion(db: Db, row: typeof policyVersions.$inferInsert): Promise<VersionRow> {
  const [v] = await db.insert(policyVersions).values(row).returning();
  return v!;
}

/** Ids of the Ente's channels that are not archived: what "added or removed" compares. */
export async function currentChannelIds(db: Db, enteId: string): Promise<string[]> {
  const { channels } = schema;
  const rows = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(eq(channels.enteId, enteId), ne(channels.status, 'archiviato')));
  return rows.map((r) => r.id).sort();
}
