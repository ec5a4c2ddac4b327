/** SQL of the inbox; every function takes the Ente explicitly. */
import { and, asc, desc, eq, gte, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { inboxItems, inboxNotes, inboxSettings, inboxThreads } from './inbox.tables.ts';

export type ItemRow = typeof inboxItems.$inferSelect;
export type ItemWithChannel = ItemRow & { channelName: string; platform: string };
export type SettingsRow = typeof inboxSettings.$inferSelect;

export const ITEM_STATUSES = ['new', 'assigned', 'waiting', 'answered', 'closed', 'hidden'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

export interface ItemQuery {
  channelId?: string;
  deskId?: string;
  assigneeId?: string;
  status?: ItemStatus;
  category?: string;
  from?: Date;
  to?: Date;
  q?: string;
  direction?: 'in' | 'out';
  before?: Date;
  limit: number;
}

const withChannel = { item: inboxItems, channelName: schema.channels.name, platform: schema.channels.platform };

function flatten(rows: { item: ItemRow; channelName: string | null; platform: string | null }[]): ItemWithChannel[] {
  return rows.map((r) => ({ ...r.item, channelName: r.channelName ?? '', platform: r.platform ?? '' }));
}

/** The inbox list: the review queue first, then newest first; Italian full-text search with `q`. */
export async function listItems(db: Db, enteId: string, q: ItemQuery): Promise<ItemWithChannel[]> {
  const conds: SQL[] = [eq(inboxItems.enteId, enteId), eq(inboxItems.direction, q.direction ?? 'in')];
  if (q.channelId) conds.push(eq(inboxItems.channelId, q.channelId));
  if (q.deskId) conds.push(eq(inboxItems.deskId, q.deskId));
  if (q.assigneeId) conds.push(eq(inboxItems.assigneeId, q.assigneeId));
  if (q.status) conds.push(eq(inboxItems.status, q.status));
  if (q.category) conds.push(q.category === 'domanda' ? eq(inboxItems.isQuestion, true) : eq(inboxItems.category, q.category));
  if (q.from) conds.push(gte(inboxItems.receivedAt, q.from));
  if (q.to) conds.push(lte(inboxItems.receivedAt, q.to));
  if (q.before) conds.push(lt(inboxItems.receivedAt, q.before));
  if (q.q) conds.push(sql`${inboxItems.search} @@ websearch_to_tsquery('italian', ${q.q})`);
  const order = q.q ? [desc(inboxItems.receivedAt)] : [desc(inboxItems.needsReview), desc(inboxItems.receivedAt)];
  const rows = await db
    .select(withChannel)
    .from(inboxItems)
    .leftJoin(schema.channels, and(eq(schema.channels.enteId, inboxItems.enteId), eq(schema.channels.id, inboxItems.channelId)))
    .where(and(...conds))
    .orderBy(...order)
    .limit(q.limit);
  return flatten(rows);
}

export async function findItem(db: Db, enteId: string, id: string): Promise<ItemWithChannel | undefined> {
  const rows = await db
    .select(withChannel)
    .from(inboxItems)
    .leftJoin(schema.channels, and(eq(schema.channels.enteId, inboxItems.enteId), eq(schema.channels.id, inboxItems.channelId)))
    .where(and(eq(inboxItems.enteId, enteId), eq(inboxItems.id, id)));
  return flatten(rows)[0];
}

export async function threadOf(db: Db, enteId: string, threadId: string) {
  const [thread] = await db.select().from(inboxThreads).where(and(eq(inboxThreads.enteId, enteId), eq(inboxThreads.id, threadId)));
  const rows = await db
    .select(withChannel)
    .from(inboxItems)
    .leftJoin(schema.channels, and(eq(schema.channels.enteId, inboxItems.enteId), eq(schema.channels.id, inboxItems.channelId)))
    .where(and(eq(inboxItems.enteId, enteId), eq(inboxItems.threadId, threadId)))
    .orderBy(asc(inboxItems.receivedAt))
    .limit(2000);
  return { thread, items: flatten(rows) };
}

export async function notesOf(db: Db, enteId: string, itemIds: string[]) {
  if (itemIds.length === 0) return [];
  return db
    .select()
    .from(inboxNotes)
    .where(and(eq(inboxNotes.enteId, enteId), inArray(inboxNotes.itemId, itemIds)))
    .orderBy(asc(inboxNotes.createdAt));
}

export async function updateItem(db: Db, enteId: string, id: string, set: Partial<typeof inboxItems.$inferInsert>) {
  const [row] = await db.update(inboxItems).set(set).where(and(eq(inboxItems.enteId, enteId), eq(inboxItems.id, id))).returning();
  return row;
}

/** The Ente's inbox settings, created with the defaults on first use. */
export async function settingsOf(db: Db, enteId: string): Promise<SettingsRow> {
  await db.insert(inboxSettings).values({ enteId }).onConflictDoNothing();
  const [s] = await db.select().from(inboxSettings).where(eq(inboxSettings.enteId, enteId));
  return s!;
}

/** Open questions (not answered, closed or hidden) due before `until`, earliest first. */
export async function dueItems(db: Db, enteId: string, until: Date, limit: number): Promise<ItemWithChannel[]> {
  const rows = await db
    .select(withChannel)
    .from(inboxItems)
    .leftJoin(schema.channels, and(eq(schema.channels.enteId, inboxItems.enteId), eq(schema.channels.id, inboxItems.channelId)))
    .where(
      and(
        eq(inboxItems.enteId, enteId),
        sql`${inboxItems.answeredAt} IS NULL AND ${inboxItems.dueAt} IS NOT NULL`,
        lte(inboxItems.dueAt, until),
        sql`${inboxItems.status} NOT IN ('closed', 'hidden', 'answered')`,
      ),
    )
    .orderBy(asc(inboxItems.dueAt))
    .limit(limit);
  return flatten(rows);
}

/** Counters for the office's summary. */
export async function counters(db: Db, enteId: string, now: Date, soon: Date) {
  const r = await db.execute<Record<string, number>>(sql`
    SELECT
      count(*) FILTER (WHERE status = 'new')::int AS "new",
      count(*) FILTER (WHERE status IN ('new', 'assigned', 'waiting'))::int AS "open",
      count(*) FILTER (WHERE needs_review)::int AS "review",
      count(*) FILTER (WHERE status = 'hidden')::int AS "hidden",
      count(*) FILTER (WHERE manual_action IS NOT NULL)::int AS "manual",
      count(*) FILTER (WHERE answered_at IS NULL AND due_at IS NOT NULL AND status NOT IN ('closed', 'hidden', 'answered') AND due_at <= ${now})::int AS "late",
      count(*) FILTER (WHERE answered_at IS NULL AND due_at IS NOT NULL AND status NOT IN ('closed', 'hidden', 'answered') AND due_at > ${now} AND due_at <= ${soon})::int AS "soon",
      count(*) FILTER (WHERE received_at >= ${new Date(now.getTime() - 86_400_000)})::int AS "last24h"
    FROM inbox_items WHERE ente_id = ${enteId} AND direction = 'in'`);
  const row = (r as unknown as { rows: Record<string, number>[] }).rows[0] ?? {};
  const n = (k: string) => Number(row[k] ?? 0);
  return { new: n('new'), open: n('open'), review: n('review'), hidden: n('hidden'), manual: n('manual'), late: n('late'), soon: n('soon'), last24h: n('last24h') };
}

/**
 * Hostile categories: an item the engine did not allow (review or hide) in one of these counts as
 * negative. Spam, political propaganda, all caps, off-topic, personal data, copyright and fake
 * profiles break the policy but say nothing about the mood of the public, so they do not count.
 */
export const NEGATIVE_CATEGORIES = ['insulti', 'turpiloquio', 'minacce', 'discriminazione', 'disturbo', 'contenuti_illeciti', 'flooding'] as const;
