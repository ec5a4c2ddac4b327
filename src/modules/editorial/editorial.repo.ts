/** SQL of the editorial workflow; every function takes the Ente explicitly. */
import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, ne, notInArray, sql, type SQL } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import {
  channelGapSettings,
  editorialSettings,
  electoralPeriods,
  media,
  mediaBlobs,
  postApprovals,
  postComments,
  posts,
  postVariants,
} from './editorial.tables.ts';

const { channels, users, memberships } = schema;

export type PostRow = typeof posts.$inferSelect;
export type VariantRow = typeof postVariants.$inferSelect;
export type ApprovalRow = typeof postApprovals.$inferSelect;
export type MediaRow = typeof media.$inferSelect;
export type ElectoralPeriodRow = typeof electoralPeriods.$inferSelect;

// ---------------------------------------------------------------- settings

export async function getSettings(db: Db, enteId: string) {
  const [s] = await db.select().from(editorialSettings).where(eq(editorialSettings.enteId, enteId));
  const gaps = await db
    .select({ channelId: channelGapSettings.channelId, gapDays: channelGapSettings.gapDays })
    .from(channelGapSettings)
    .where(eq(channelGapSettings.enteId, enteId));
  return {
    approvalsRequired: s?.approvalsRequired ?? 1,
    defaultGapDays: s?.defaultGapDays ?? 7,
    version: s?.version ?? 0,
    updatedAt: s?.updatedAt ?? null,
    channelGapDays: Object.fromEntries(gaps.map((g) => [g.channelId, g.gapDays])) as Record<string, number>,
  };
}

/** Writes the settings when the version matches (0 = never saved); false on a conflict. */
export async function saveSettings(db: Db, enteId: string, version: number, values: { approvalsRequired: number; defaultGapDays: number }) {
  if (version === 0) {
    const rows = await db.insert(editorialSettings).values({ enteId, ...values }).onConflictDoNothing().returning();
    return rows.length === 1;
  }
  const rows = await db
    .update(editorialSettings)
    .set({ ...values, updatedAt: new Date(), version: sql`${editorialSettings.version} + 1` })
    .where(and(eq(editorialSettings.enteId, enteId), eq(editorialSettings.version, version)))
    .returning();
  return rows.length === 1;
}

export async function replaceChannelGaps(db: Db, enteId: string, gaps: Record<string, number>) {
  await db.delete(channelGapSettings).where(eq(channelGapSettings.enteId, enteId));
  const rows = Object.entries(gaps).map(([channelId, gapDays]) => ({ enteId, channelId, gapDays }));
  if (rows.length) await db.insert(channelGapSettings).values(rows);
}

// ---------------------------------------------------------------- channels and people

export async function channelsOf(db: Db, enteId: string) {
  return db
    .select({ id: channels.id, platform: channels.platform, name: channels.name, kind: channels.kind, status: channels.status, ownerDeskId: channels.ownerDeskId })
    .from(channels)
    .where(eq(channels.enteId, enteId))
    .orderBy(asc(channels.platform), asc(channels.name));
}

export async function peopleNames(db: Db, enteId: string, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select({ id: users.id, name: users.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.enteId, enteId), inArray(memberships.userId, [...new Set(ids)])));
  return new Map(rows.map((r) => [r.id, r.name]));
}

// ---------------------------------------------------------------- posts

export async function insertPost(db: Db, row: typeof posts.$inferInsert): Promise<PostRow> {
  const [p] = await db.insert(posts).values(row).returning();
  return p!;
}

/** The post; `lock` takes a row lock for a state change. */
export async function findPost(db: Db, enteId: string, id: string, lock = false): Promise<PostRow | undefined> {
  const q = db.select().from(posts).where(and(eq(posts.enteId, enteId), eq(posts.id, id)));
  const [p] = lock ? await q.for('update') : await q;
  return p;
}

/** Updates when the version matches and bumps it; undefined on a version conflict. */
export async function updatePost(db: Db, enteId: string, id: string, version: number, patch: Partial<typeof posts.$inferInsert>) {
  const [p] = await db
    .update(posts)
    .set({ ...patch, updatedAt: new Date(), version: sql`${posts.version} + 1` })
    .where(and(eq(posts.enteId, enteId), eq(posts.id, id), eq(posts.version, version)))
    .returning();
  return p;
}

export interface PostFilter {
  statuses?: string[];
  authorId?: string;
  deskId?: string;
  channelId?: string;
  limit: number;
  offset: number;
}

export async function listPosts(db: Db, enteId: string, f: PostFilter) {
  const conds: SQL[] = [eq(posts.enteId, enteId)];
  if (f.statuses?.length) conds.push(inArray(posts.status, f.statuses));
  if (f.authorId) conds.push(eq(posts.authorId, f.authorId));
  if (f.deskId) conds.push(eq(posts.deskId, f.deskId));
  if (f.channelId) {
    conds.push(
      sql`exists (select 1 from ${postVariants} v where v.ente_id = ${posts.enteId} and v.post_id = ${posts.id} and v.channel_id = ${f.channelId})`,
    );
  }
  const rows = await db
    .select()
    .from(posts)
    .where(and(...conds))
    .orderBy(desc(posts.updatedAt), desc(posts.id))
    .limit(f.limit + 1)
    .offset(f.offset);
  const [total] = await db.select({ n: sql<number>`count(*)::int` }).from(posts).where(and(...conds));
  return { rows: rows.slice(0, f.limit), total: total?.n ?? 0 };
}

// ---------------------------------------------------------------- variants

export async function variantsOf(db: Db, enteId: string, postIds: string[]): Promise<VariantRow[]> {
  if (postIds.length === 0) return [];
  return db
    .select()
    .from(postVariants)
    .where(and(eq(postVariants.enteId, enteId), inArray(postVariants.postId, postIds)))
    .orderBy(asc(postVariants.postId), asc(postVariants.channelId));
}

export async function upsertVariant(db: Db, row: typeof postVariants.$inferInsert) {
  await db
    .insert(postVariants)
    .values(row)
    .onConflictDoUpdate({
      target: [postVariants.enteId, postVariants.postId, postVariants.channelId],
      set: {
        text: row.text,
        link: row.link ?? null,
        mediaIds: row.mediaIds ?? [],
        scheduledAt: row.scheduledAt ?? null,
        status: row.status ?? 'bozza',
        contentHash: row.contentHash,
        editedBy: row.editedBy,
        editedAt: row.editedAt ?? new Date(),
      },
    });
}

export async function deleteVariantsExcept(db: Db, enteId: string, postId: string, keep: string[]) {
  const conds = [eq(postVariants.enteId, enteId), eq(postVariants.postId, postId)];
  if (keep.length) conds.push(notInArray(postVariants.channelId, keep));
  await db.delete(postVariants).where(and(...conds));
}

export async function setVariantsStatus(db: Db, enteId: string, postId: string, status: string) {
  await db.update(postVariants).set({ status }).where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId)));
}

export async function scheduleVariant(db: Db, enteId: string, postId: string, channelId: string, at: Date, status: string) {
  await db
    .update(postVariants)
    .set({ scheduledAt: at, status })
    .where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId), eq(postVariants.channelId, channelId)));
}

// ---------------------------------------------------------------- approvals

/** Approvals still valid: not invalidated. */
export async function validApprovals(db: Db, enteId: string, postId: string) {
  return db
    .select({ approval: postApprovals, approverName: users.name })
    .from(postApprovals)
    .innerJoin(users, eq(users.id, postApprovals.approverId))
    .where(and(eq(postApprovals.enteId, enteId), eq(postApprovals.postId, postId), isNull(postApprovals.invalidatedAt)))
    .orderBy(asc(postApprovals.at));
}

export async function insertApproval(db: Db, row: typeof postApprovals.$inferInsert): Promise<ApprovalRow> {
  const [a] = await db.insert(postApprovals).values(row).returning();
  return a!;
}

/** Invalidates the valid approvals of a post (of some channels only, when given); returns them. */
export async function invalidateApprovals(db: Db, enteId: string, postId: string, channelIds?: string[]) {
  const conds = [eq(postApprovals.enteId, enteId), eq(postApprovals.postId, postId), isNull(postApprovals.invalidatedAt)];
  if (channelIds) {
    if (channelIds.length === 0) return [];
    conds.push(inArray(postApprovals.channelId, channelIds));
  }
  return db
    .update(postApprovals)
    .set({ invalidatedAt: new Date() })
    .where(and(...conds))
    .returning();
}

// ---------------------------------------------------------------- comments

export async function insertComment(db: Db, row: typeof postComments.$inferInsert) {
  const [c] = await db.insert(postComments).values(row).returning();
  return c!;
}

export async function listComments(db: Db, enteId: string, postId: string) {
  return db
    .select({ comment: postComments, authorName: users.name })
    .from(postComments)
    .innerJoin(users, eq(users.id, postComments.authorId))
    .where(and(eq(postComments.enteId, enteId), eq(postComments.postId, postId)))
    .orderBy(asc(postComments.createdAt), asc(postComments.id));
}

// ---------------------------------------------------------------- media

export async function insertMedia(db: Db, row: typeof media.$inferInsert): Promise<MediaRow> {
  const [m] = await db.insert(media).values(row).returning();
  return m!;
}

export async function findMedia(db: Db, enteId: string, ids: string[]): Promise<MediaRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(media)
    .where(and(eq(media.enteId, enteId), inArray(media.id, [...new Set(ids)])));
}

export async function updateMedia(db: Db, enteId: string, id: string, version: number, patch: { altText?: string | null; hasCaptions?: boolean }) {
  const [m] = await db
    .update(media)
    .set({ ...patch, version: sql`${media.version} + 1` })
    .where(and(eq(media.enteId, enteId), eq(media.id, id), eq(media.version, version)))
    .returning();
  return m;
}

export async function blobExists(db: Db, enteId: string, sha256: string): Promise<boolean> {
  const [r] = await db
    .select({ seq: mediaBlobs.seq })
    .from(mediaBlobs)
    .where(and(eq(mediaBlobs.enteId, enteId), eq(mediaBlobs.sha256, sha256), eq(mediaBlobs.seq, 0)));
  return Boolean(r);
}

export async function insertBlobChunk(db: Db, enteId: string, sha256: string, seq: number, data: Buffer) {
  await db.insert(mediaBlobs).values({ enteId, sha256, seq, data }).onConflictDoNothing();
}

export async function readBlob(db: Db, enteId: string, sha256: string): Promise<Buffer> {
  const rows = await db
    .select({ data: mediaBlobs.data })
    .from(mediaBlobs)
    .where(and(eq(mediaBlobs.enteId, enteId), eq(mediaBlobs.sha256, sha256)))
    .orderBy(asc(mediaBlobs.seq));
  return Buffer.concat(rows.map((r) => r.data));
}

// ---------------------------------------------------------------- electoral periods

export async function listElectoralPeriods(db: Db, enteId: string): Promise<ElectoralPeriodRow[]> {
  return db.select().from(electoralPeriods).where(eq(electoralPeriods.enteId, enteId)).orderBy(desc(electoralPeriods.startDate));
}

export async function insertElectoralPeriod(db: Db, row: typeof electoralPeriods.$inferInsert): Promise<ElectoralPeriodRow> {
  const [p] = await db.insert(electoralPeriods).values(row).returning();
  return p!;
}

// ---------------------------------------------------------------- calendar

export interface CalendarFilter {
  from: Date;
  to: Date;
  deskId?: string;
  channelId?: string;
  statuses?: string[];
}

/** Variants with a date-time in the window, with their post and channel, in time order. */
export async function calendarVariants(db: Db, enteId: string, f: CalendarFilter) {
  const conds: SQL[] = [eq(postVariants.enteId, enteId), gte(postVariants.scheduledAt, f.from), lt(postVariants.scheduledAt, f.to)];
  if (f.channelId) conds.push(eq(postVariants.channelId, f.channelId));
  if (f.deskId) conds.push(eq(posts.deskId, f.deskId));
  if (f.statuses?.length) conds.push(inArray(posts.status, f.statuses));
  return db
    .select({
      postId: posts.id,
      title: posts.title,
      status: posts.status,
      deskId: posts.deskId,
      authorId: posts.authorId,
      channelId: postVariants.channelId,
      variantStatus: postVariants.status,
      at: postVariants.scheduledAt,
      // The calendar shows an excerpt: do not ship whole texts.
      text: sql<string>`left(${postVariants.text}, 160)`,
      platform: channels.platform,
      channelName: channels.name,
    })
    .from(postVariants)
    .innerJoin(posts, and(eq(posts.enteId, postVariants.enteId), eq(posts.id, postVariants.postId)))
    .innerJoin(channels, and(eq(channels.enteId, postVariants.enteId), eq(channels.id, postVariants.channelId)))
    .where(and(...conds))
    .orderBy(asc(postVariants.scheduledAt), asc(posts.id));
}

/** Posts with a desired date in the window and no variant with a date-time yet (proposals). */
export async function calendarProposals(db: Db, enteId: string, f: CalendarFilter) {
  const conds: SQL[] = [
    eq(posts.enteId, enteId),
    isNotNull(posts.desiredAt),
    gte(posts.desiredAt, f.from),
    lt(posts.desiredAt, f.to),
    sql`not exists (select 1 from ${postVariants} v where v.ente_id = ${posts.enteId} and v.post_id = ${posts.id} and v.scheduled_at is not null)`,
  ];
  if (f.deskId) conds.push(eq(posts.deskId, f.deskId));
  if (f.statuses?.length) conds.push(inArray(posts.status, f.statuses));
  if (f.channelId) conds.push(sql`${f.channelId}::uuid = any(${posts.targetChannelIds})`);
  return db
    .select({
      postId: posts.id,
      title: posts.title,
      status: posts.status,
      deskId: posts.deskId,
      authorId: posts.authorId,
      at: posts.desiredAt,
      body: sql<string>`left(${posts.body}, 160)`,
      targetChannelIds: posts.targetChannelIds,
    })
    .from(posts)
    .where(and(...conds))
    .orderBy(asc(posts.desiredAt), asc(posts.id));
}

/** Statuses that count as "planned" for the gap detector: a rejected post plans nothing. */
const NOT_PLANNED = 'rifiutato';

/** Per channel, the last planned time before `from` and the first at or after `to`. */
export async function plannedAround(db: Db, enteId: string, from: Date, to: Date) {
  const base = and(eq(postVariants.enteId, enteId), ne(posts.status, NOT_PLANNED));
  const join = and(eq(posts.enteId, postVariants.enteId), eq(posts.id, postVariants.postId));
  const before = await db
    .select({ channelId: postVariants.channelId, at: sql<Date | string>`max(${postVariants.scheduledAt})` })
    .from(postVariants)
    .innerJoin(posts, join)
    .where(and(base, lt(postVariants.scheduledAt, from)))
    .groupBy(postVariants.channelId);
  const after = await db
    .select({ channelId: postVariants.channelId, at: sql<Date | string>`min(${postVariants.scheduledAt})` })
    .from(postVariants)
    .innerJoin(posts, join)
    .where(and(base, gte(postVariants.scheduledAt, to)))
    .groupBy(postVariants.channelId);
  const toDate = (v: Date | string) => (v instanceof Date ? v : new Date(v));
  return {
    before: new Map(before.map((r) => [r.channelId, toDate(r.at)])),
    after: new Map(after.map((r) => [r.channelId, toDate(r.at)])),
  };
}

/** Recent texts of other posts' variants, for the duplicate check. */
export async function recentVariantTexts(db: Db, enteId: string, excludePostId: string, since: Date) {
  return db
    .select({ text: postVariants.text, at: postVariants.scheduledAt, channelId: postVariants.channelId })
    .from(postVariants)
    .innerJoin(posts, and(eq(posts.enteId, postVariants.enteId), eq(posts.id, postVariants.postId)))
    .where(
      and(
        eq(postVariants.enteId, enteId),
        ne(postVariants.postId, excludePostId),
        inArray(posts.status, ['programmato', 'pubblicato']),
        gte(postVariants.scheduledAt, since),
      ),
    )
    .limit(200);
}
