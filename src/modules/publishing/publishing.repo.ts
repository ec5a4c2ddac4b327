/** SQL of the publishing queue. Every function on tenant rows takes the Ente explicitly. */
import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { posts, postVariants } from '../editorial/editorial.tables.ts';
import { publicationAttempts, publications, publishingNotifications, publishingRateBuckets } from './publishing.tables.ts';

export type PublicationRow = typeof publications.$inferSelect;
export type AttemptRow = typeof publicationAttempts.$inferSelect;
const { channels } = schema;

/** Creates or re-arms the publication of each variant; a published, running or to-be-checked one is never touched. */
export async function upsertPublications(
  db: Db,
  enteId: string,
  postId: string,
  variants: { channelId: string; dueAt: Date; contentHash: string }[],
  urgent = false,
) {
  if (variants.length === 0) return;
  await db
    .insert(publications)
    .values(variants.map((v) => ({ enteId, postId, channelId: v.channelId, dueAt: v.dueAt, nextAttemptAt: v.dueAt, contentHash: v.contentHash, urgent })))
    .onConflictDoUpdate({
      target: [publications.enteId, publications.postId, publications.channelId],
      set: {
        state: 'programmato',
        dueAt: sql`excluded.due_at`,
        nextAttemptAt: sql`excluded.next_attempt_at`,
        contentHash: sql`excluded.content_hash`,
        urgent: sql`excluded.urgent`,
        failures: 0,
        reasonCode: null,
        reasonIt: null,
        reasonEn: null,
        updatedAt: new Date(),
      },
      setWhere: sql`${publications.state} in ('programmato', 'da_riprovare', 'fallito', 'annullato')`,
    });
  // Wake idle workers when something is due before their next planned look (delivered on commit).
  await notifyDue(db, new Date(Math.min(...variants.map((v) => v.dueAt.getTime()))));
}

/** Rows a worker may take now: due, or running with an expired lease (next_attempt_at = lease end). */
export async function lockDue(tx: Db, now: Date, limit: number) {
  return tx
    .select()
    .from(publications)
    .where(and(inArray(publications.state, ['programmato', 'da_riprovare', 'in_pubblicazione']), lte(publications.nextAttemptAt, now)))
    .orderBy(desc(publications.urgent), asc(publications.nextAttemptAt))
    .limit(limit)
    .for('update', { skipLocked: true });
}

export async function variantFor(db: Db, enteId: string, postId: string, channelId: string) {
  const [v] = await db
    .select()
    .from(postVariants)
    .where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId), eq(postVariants.channelId, channelId)));
  return v;
}

export async function channelFor(db: Db, enteId: string, channelId: string) {
  const [c] = await db.select().from(channels).where(and(eq(channels.enteId, enteId), eq(channels.id, channelId)));
  return c;
}

export async function lockBuckets(tx: Db, keys: string[], now: Date) {
  if (keys.length === 0) return new Map<string, { tokens: number; updatedAt: number }>();
  const sorted = [...new Set(keys)].sort();
  const rows = await tx.select().from(publishingRateBuckets).where(inArray(publishingRateBuckets.key, sorted)).orderBy(asc(publishingRateBuckets.key)).for('update');
  void now;
  return new Map(rows.map((r) => [r.key, { tokens: r.tokens, updatedAt: r.updatedAt.getTime() }]));
}

export async function saveBucket(tx: Db, key: string, b: { tokens: number; updatedAt: number }) {
  const updatedAt = new Date(b.updatedAt);
  await tx
    .insert(publishingRateBuckets)
    .values({ key, tokens: b.tokens, updatedAt })
    .onConflictDoUpdate({ target: publishingRateBuckets.key, set: { tokens: b.tokens, updatedAt } });
}

export async function updatePublication(db: Db, enteId: string, id: string, patch: Partial<typeof publications.$inferInsert>, claimToken?: string) {
  const conds = [eq(publications.enteId, enteId), eq(publications.id, id)];
  if (claimToken) conds.push(eq(publications.claimToken, claimToken));
  const [p] = await db
    .update(publications)
    .set({ ...patch, updatedAt: new Date() })
    .where(and(...conds))
    .returning();
  return p;
}

export async function insertAttempt(db: Db, row: typeof publicationAttempts.$inferInsert) {
  await db.insert(publicationAttempts).values(row);
}

/** Closes the attempt still open (a worker died inside it). */
export async function closeOpenAttempts(db: Db, enteId: string, publicationId: string, at: Date) {
  await db
    .update(publicationAttempts)
    .set({
      finishedAt: at,
      outcome: 'interrupted',
      detailIt: 'Tentativo interrotto (processo terminato): esito da verificare.',
      detailEn: 'Attempt interrupted (process ended): outcome to be checked.',
    })
    .where(and(eq(publicationAttempts.enteId, enteId), eq(publicationAttempts.publicationId, publicationId), sql`${publicationAttempts.outcome} is null`));
}

export async function finishAttempt(db: Db, enteId: string, publicationId: string, n: number, patch: Partial<typeof publicationAttempts.$inferInsert>) {
  await db
    .update(publicationAttempts)
    .set(patch)
    .where(and(eq(publicationAttempts.enteId, enteId), eq(publicationAttempts.publicationId, publicationId), eq(publicationAttempts.n, n)));
}

/** Marks the variant published, and the post when every variant is. */
export async function markVariantPublished(db: Db, enteId: string, postId: string, channelId: string) {
  await db
    .update(postVariants)
    .set({ status: 'pubblicato' })
    .where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId), eq(postVariants.channelId, channelId)));
  await db
    .update(posts)
    .set({ status: 'pubblicato', updatedAt: new Date(), version: sql`${posts.version} + 1` })
    .where(
      and(
        eq(posts.enteId, enteId),
        eq(posts.id, postId),
        eq(posts.status, 'programmato'),
        sql`not exists (select 1 from ${postVariants} v where v.ente_id = ${enteId} and v.post_id = ${postId} and v.status <> 'pubblicato')`,
      ),
    );
}

/** Sets an active channel "da_ricollegare"; true when this call changed it. */
export async function disconnectChannel(db: Db, enteId: string, channelId: string): Promise<typeof channels.$inferSelect | undefined> {
  const [c] = await db
    .update(channels)
    .set({ status: 'da_ricollegare', updatedAt: new Date(), version: sql`${channels.version} + 1` })
    .where(and(eq(channels.enteId, enteId), eq(channels.id, channelId), eq(channels.status, 'attivo')))
    .returning();
  return c;
}

export async function insertNotification(db: Db, row: typeof publishingNotifications.$inferInsert) {
  const [n] = await db.insert(publishingNotifications).values(row).returning();
  return n!;
}

export async function listNotifications(db: Db, enteId: string) {
  return db.select().from(publishingNotifications).where(eq(publishingNotifications.enteId, enteId)).orderBy(desc(publishingNotifications.createdAt));
}

export async function publicationsOfPost(db: Db, enteId: string, postId: string) {
  return db.select().from(publications).where(and(eq(publications.enteId, enteId), eq(publications.postId, postId))).orderBy(asc(publications.channelId));
}

export async function findPublication(db: Db, enteId: string, id: string, lock = false) {
  const q = db.select().from(publications).where(and(eq(publications.enteId, enteId), eq(publications.id, id)));
  const [p] = lock ? await q.for('update') : await q;
  return p;
}

export async function attemptsOf(db: Db, enteId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(publicationAttempts)
    .where(and(eq(publicationAttempts.enteId, enteId), inArray(publicationAttempts.publicationId, ids)))
    .orderBy(asc(publicationAttempts.publicationId), asc(publicationAttempts.n));
}

/** The Ente's queue: what is open, failed or to be checked, with its channel. */
export async function queueOf(db: Db, enteId: string) {
  return db
    .select({ p: publications, channelName: channels.name, platform: channels.platform, title: posts.title })
    .from(publications)
    .innerJoin(channels, and(eq(channels.enteId, publications.enteId), eq(channels.id, publications.channelId)))
    .innerJoin(posts, and(eq(posts.enteId, publications.enteId), eq(posts.id, publications.postId)))
    .where(and(eq(publications.enteId, enteId), inArray(publications.state, ['programmato', 'in_pubblicazione', 'da_riprovare', 'fallito', 'da_verificare'])))
    .orderBy(asc(publications.dueAt))
    .limit(1000);
}

/**
 * Active channels with something due before `until`, for the token check ahead of time: one
 * statement with the channel (as the claim returns it) and the version of its sealed credentials
 * (the worker's credentials cache key), earliest due time first per channel.
 */
export async function channelsDueBefore(db: Db, until: Date) {
  const res = await db.execute(sql`
    select distinct on (p.ente_id, p.channel_id) p.ente_id, p.channel_id, p.due_at,
      json_build_object('enteId', ch.ente_id, 'id', ch.id, 'platform', ch.platform, 'handle', ch.handle, 'url', ch.url, 'name', ch.name, 'status', ch.status, 'ownerDeskId', ch.owner_desk_id) as channel,
      s.updated_at as secret_updated_at
    from publications p
      join channels ch on ch.ente_id = p.ente_id and ch.id = p.channel_id
      left join channel_secrets s on s.ente_id = p.ente_id and s.channel_id = p.channel_id
    where p.state in ('programmato', 'da_riprovare') and p.due_at <= ${until.toISOString()}::timestamptz and ch.status = 'attivo'
    order by p.ente_id, p.channel_id, p.due_at
    limit 500`);
  return rowsOf<{ ente_id: string; channel_id: string; due_at: unknown; channel: unknown; secret_updated_at: unknown }>(res).map((r) => ({
    enteId: r.ente_id,
    channelId: r.channel_id,
    dueAt: tsOf(r.due_at)!,
    channel: (typeof r.channel === 'string' ? JSON.parse(r.channel) : r.channel) as NonNullable<ClaimedRow['channel']>,
    secretUpdatedAt: tsOf(r.secret_updated_at)?.getTime() ?? null,
  }));
}

// ─── The worker's batch statements ──────────────────────────────────────────────────────────

/** The channel the workers LISTEN on; the payload is the earliest due time (epoch ms) that was armed. */
export const DUE_CHANNEL = 'redazione_publishing_due';

/** Wakes idle workers (on commit, so a rolled-back schedule wakes nobody). */
export async function notifyDue(db: Db, dueAt: Date) {
  await db.execute(sql`select pg_notify(${DUE_CHANNEL}, ${String(dueAt.getTime())})`);
}

const camel = (k: string) => k.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
function camelKeys<T>(o: Record<string, unknown>): T {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [camel(k), v])) as T;
}
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;
const tsOf = (v: unknown) => (v == null ? null : v instanceof Date ? v : new Date(String(v)));

export interface ClaimedRow {
  pub: PublicationRow;
  prev: { state: string; attempts: number; needsLookup: boolean; nextAttemptAt: Date; firstAttemptAt: Date | null; claimedBy: string | null };
  variant: { text: string; link: string | null; mediaIds: string[]; status: string; contentHash: string } | null;
  channel: { enteId: string; id: string; platform: string; handle: string; url: string; name: string; status: string; ownerDeskId: string | null } | null;
  /** When the channel's sealed credentials last changed: the key of the worker's credentials cache. */
  secretUpdatedAt: number | null;
}

/**
 * Claims up to `limit` due publications in ONE statement: the rows are picked in index order
 * (publications_todo_idx on next_attempt_at) with FOR UPDATE SKIP LOCKED, marked
 * in_pubblicazione with a fresh claim token and lease, and returned with their variant, channel
 * and the credentials' version. `urgentOnly` picks "publish now" rows ahead of a backlog.
 */
export async function claimDue(tx: Db, o: { now: Date; limit: number; leaseUntil: Date; workerId: string; urgentOnly: boolean }): Promise<ClaimedRow[]> {
  const now = o.now.toISOString();
  const lease = o.leaseUntil.toISOString();
  const res = await tx.execute(sql`
    with c as (
      select ente_id, id, post_id, channel_id, state as prev_state, attempts as prev_attempts, needs_lookup as prev_needs_lookup,
             next_attempt_at as prev_next_attempt_at, first_attempt_at as prev_first_attempt_at, claimed_by as prev_claimed_by
      from publications
      where state in ('programmato', 'da_riprovare', 'in_pubblicazione') and next_attempt_at <= ${now}::timestamptz
        ${o.urgentOnly ? sql`and urgent` : sql``}
      order by next_attempt_at
      limit ${o.limit}
      for update skip locked
    )
    update publications p set
      state = 'in_pubblicazione',
      claim_token = gen_random_uuid(),
      claimed_by = ${o.workerId},
      lease_until = ${lease}::timestamptz,
      next_attempt_at = ${lease}::timestamptz,
      attempts = p.attempts + 1,
      needs_lookup = p.needs_lookup or p.state = 'in_pubblicazione',
      first_attempt_at = coalesce(p.first_attempt_at, ${now}::timestamptz),
      updated_at = ${now}::timestamptz
    from c
      left join post_variants v on v.ente_id = c.ente_id and v.post_id = c.post_id and v.channel_id = c.channel_id
      left join channels ch on ch.ente_id = c.ente_id and ch.id = c.channel_id
      left join channel_secrets s on s.ente_id = c.ente_id and s.channel_id = c.channel_id
    where p.ente_id = c.ente_id and p.id = c.id
    returning p.*, c.prev_state, c.prev_attempts, c.prev_needs_lookup, c.prev_next_attempt_at, c.prev_first_attempt_at, c.prev_claimed_by,
      case when v.post_id is null then null else json_build_object('text', v.text, 'link', v.link, 'mediaIds', v.media_ids, 'status', v.status, 'contentHash', v.content_hash) end as variant,
      case when ch.id is null then null else json_build_object('enteId', ch.ente_id, 'id', ch.id, 'platform', ch.platform, 'handle', ch.handle, 'url', ch.url, 'name', ch.name, 'status', ch.status, 'ownerDeskId', ch.owner_desk_id) end as channel,
      s.updated_at as secret_updated_at`);
  return rowsOf<Record<string, unknown>>(res).map((r) => {
    const { prev_state, prev_attempts, prev_needs_lookup, prev_next_attempt_at, prev_first_attempt_at, prev_claimed_by, variant, channel, secret_updated_at, ...p } = r;
    const pub = camelKeys<PublicationRow>(p);
    for (const k of ['dueAt', 'nextAttemptAt', 'leaseUntil', 'firstAttemptAt', 'publishedAt', 'createdAt', 'updatedAt'] as const) (pub as Record<string, unknown>)[k] = tsOf(pub[k]);
    const parse = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
    return {
      pub,
      prev: {
        state: prev_state as string,
        attempts: Number(prev_attempts),
        needsLookup: prev_needs_lookup as boolean,
        nextAttemptAt: tsOf(prev_next_attempt_at)!,
        firstAttemptAt: tsOf(prev_first_attempt_at),
        claimedBy: (prev_claimed_by as string | null) ?? null,
      },
      variant: parse(variant) as ClaimedRow['variant'],
      channel: parse(channel) as ClaimedRow['channel'],
      secretUpdatedAt: tsOf(secret_updated_at)?.getTime() ?? null,
    };
  });
}

/** Closes, in one statement, the attempts left open by workers that died. */
export async function closeOpenAttemptsOf(tx: Db, rows: { enteId: string; id: string }[], at: Date) {
  if (rows.length === 0) return;
  const keys = sql.join(rows.map((r) => sql`(${r.enteId}::uuid, ${r.id}::uuid)`), sql`, `);
  await tx.execute(sql`
    update publication_attempts set finished_at = ${at.toISOString()}::timestamptz, outcome = 'interrupted',
      detail_it = 'Tentativo interrotto (processo terminato): esito da verificare.',
      detail_en = 'Attempt interrupted (process ended): outcome to be checked.'
    where outcome is null and (ente_id, publication_id) in (${keys})`);
}

/** Locks the token buckets of a batch (sorted, so workers never deadlock), creating missing ones full. */
export async function lockBucketsFor(tx: Db, limits: Map<string, number>, now: Date) {
  const out = new Map<string, { tokens: number; updatedAt: number }>();
  if (limits.size === 0) return out;
  const keys = [...limits.keys()].sort();
  const at = now.toISOString();
  await tx.execute(sql`
    insert into publishing_rate_buckets (key, tokens, updated_at)
    values ${sql.join(keys.map((k) => sql`(${k}, ${limits.get(k)!}, ${at}::timestamptz)`), sql`, `)}
    on conflict (key) do nothing`);
  const res = await tx.execute(sql`
    select key, tokens, updated_at from publishing_rate_buckets
    where key in (${sql.join(keys.map((k) => sql`${k}`), sql`, `)}) order by key for update`);
  for (const r of rowsOf<{ key: string; tokens: number | string; updated_at: unknown }>(res)) out.set(r.key, { tokens: Number(r.tokens), updatedAt: tsOf(r.updated_at)!.getTime() });
  return out;
}

export async function saveBuckets(tx: Db, buckets: [string, { tokens: number; updatedAt: number }][]) {
  if (buckets.length === 0) return;
  await tx.execute(sql`
    update publishing_rate_buckets b set tokens = v.tokens, updated_at = v.updated_at
    from (values ${sql.join(buckets.map(([k, b]) => sql`(${k}, ${b.tokens}::float8, ${new Date(b.updatedAt).toISOString()}::timestamptz)`), sql`, `)}) as v(key, tokens, updated_at)
    where b.key = v.key`);
}

/** The attempts of a claimed batch, in one statement with one json parameter. */
export async function insertAttempts(tx: Db, rows: { enteId: string; publicationId: string; n: number; worker: string; startedAt: Date }[]) {
  if (rows.length === 0) return;
  const batch = JSON.stringify(rows.map((r) => ({ ente_id: r.enteId, publication_id: r.publicationId, n: r.n, worker: r.worker, started_at: r.startedAt.toISOString() })));
  await tx.execute(sql`
    insert into publication_attempts (ente_id, publication_id, n, worker, started_at)
    select ente_id, publication_id, n, worker, started_at from jsonb_to_recordset(${batch}::jsonb) as x(ente_id uuid, publication_id uuid, n int, worker text, started_at timestamptz)`);
}

/** The earliest time something is due (or a lease runs out); the partial index answers it. */
export async function nextDueAt(db: Db): Promise<Date | null> {
  const res = await db.execute(sql`select min(next_attempt_at) as at from publications where state in ('programmato', 'da_riprovare', 'in_pubblicazione')`);
  return tsOf(rowsOf<{ at: unknown }>(res)[0]?.at);
}

/** What a finished attempt changes: the publication's columns and the attempt's. */
export interface Finish {
  enteId: string;
  id: string;
  claimToken: string;
  n: number;
  patch: Partial<Pick<PublicationRow, 'state' | 'platformId' | 'platformUrl' | 'publishedAt' | 'needsLookup' | 'reasonCode' | 'reasonIt' | 'reasonEn' | 'nextAttemptAt' | 'failures'>>;
  attempt: Partial<Pick<AttemptRow, 'outcome' | 'errorKind' | 'httpStatus' | 'detailIt' | 'detailEn'>>;
}

const PUB_COLUMNS: [keyof Finish['patch'], string, string][] = [
  ['state', 'state', 'text'],
  ['platformId', 'platform_id', 'text'],
  ['platformUrl', 'platform_url', 'text'],
  ['publishedAt', 'published_at', 'timestamptz'],
  ['needsLookup', 'needs_lookup', 'boolean'],
  ['reasonCode', 'reason_code', 'text'],
  ['reasonIt', 'reason_it', 'text'],
  ['reasonEn', 'reason_en', 'text'],
  ['nextAttemptAt', 'next_attempt_at', 'timestamptz'],
  ['failures', 'failures', 'integer'],
];
const ATTEMPT_COLUMNS: [keyof Finish['attempt'], string, string][] = [
  ['outcome', 'outcome', 'text'],
  ['errorKind', 'error_kind', 'text'],
  ['httpStatus', 'http_status', 'integer'],
  ['detailIt', 'detail_it', 'text'],
  ['detailEn', 'detail_en', 'text'],
];
/** `col = patched value if the patch has the key, else unchanged` (null is a value). */
const patchSet = (alias: string, json: string, cols: [string, string, string][]) =>
  sql.raw(cols.map(([k, col, type]) => `${col} = case when v.${json} ? '${k}' then (v.${json}->>'${k}')::${type} else ${alias}.${col} end`).join(',\n      '));

/**
 * Finishes a batch of attempts in ONE statement: each publication (only while it still holds our
 * claim token: a row taken over after a lost lease is left alone), its attempt, and the variants
 * that went out. Returns the rows that were ours.
 */
export async function finishMany(tx: Db, items: Finish[], at: Date) {
  if (items.length === 0) return [];
  const now = at.toISOString();
  // The batch as ONE json parameter (building a VALUES list of 6 parameters per row costs more than the rows).
  const batch = JSON.stringify(items.map((f) => ({ ente_id: f.enteId, id: f.id, token: f.claimToken, n: f.n, pp: f.patch, ap: f.attempt })));
  const res = await tx.execute(sql`
    with v as (select * from jsonb_to_recordset(${batch}::jsonb) as x(ente_id uuid, id uuid, token uuid, n int, pp jsonb, ap jsonb)),
    upd as (
      update publications p set
      ${patchSet('p', 'pp', PUB_COLUMNS)},
      claim_token = null, lease_until = null, updated_at = ${now}::timestamptz
      from v where p.ente_id = v.ente_id and p.id = v.id and p.claim_token = v.token
      returning p.ente_id, p.id, p.post_id, p.channel_id, p.state
    ),
    att as (
      update publication_attempts a set
      ${patchSet('a', 'ap', ATTEMPT_COLUMNS)},
      finished_at = ${now}::timestamptz
      from upd join v on v.ente_id = upd.ente_id and v.id = upd.id
      where a.ente_id = upd.ente_id and a.publication_id = upd.id and a.n = v.n
      returning 1
    ),
    pv as (
      update post_variants pv set status = 'pubblicato'
      from upd where upd.state = 'pubblicato' and pv.ente_id = upd.ente_id and pv.post_id = upd.post_id and pv.channel_id = upd.channel_id
      returning 1
    )
    select upd.ente_id, upd.id, upd.post_id, upd.channel_id, upd.state, (select count(*) from att) as att, (select count(*) from pv) as pv from upd`);
  return rowsOf<{ ente_id: string; id: string; post_id: string; channel_id: string; state: string }>(res).map((r) => ({ enteId: r.ente_id, id: r.id, postId: r.post_id, channelId: r.channel_id, state: r.state }));
}

/** Posts whose every variant went out become "pubblicato" (one statement for a batch). */
export async function markPostsPublished(tx: Db, postKeys: { enteId: string; postId: string }[], at: Date) {
  if (postKeys.length === 0) return;
  const keys = JSON.stringify(postKeys.map((k) => ({ e: k.enteId, p: k.postId })));
  await tx.execute(sql`
    update posts set status = 'pubblicato', updated_at = ${at.toISOString()}::timestamptz, version = version + 1
    where (ente_id, id) in (select e, p from jsonb_to_recordset(${keys}::jsonb) as k(e uuid, p uuid)) and status = 'programmato'
      and not exists (select 1 from post_variants v where v.ente_id = posts.ente_id and v.post_id = posts.id and v.status <> 'pubblicato')`);
}
