/**
 * The publishing queue's tables. One `publications` row per variant (post × channel) is both the
 * outbox written in the editorial transaction and the queue the workers claim from: its unique key
 * (ente_id, post_id, channel_id) and the rule "a published row is never reset" are what make a
 * variant go out at most once. Every attempt is kept. Tenant tables have `ente_id` first in every
 * key (ADR 0003); the rate-limit buckets are global, like `rate_limit_buckets`.
 */
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, check } from 'drizzle-orm/pg-core';
import { channels, desks } from '../../platform/db/schema.ts';
import { posts } from '../editorial/editorial.tables.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const publications = pgTable(
  'publications',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    postId: uuid('post_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    /** See the state machine in publishing.fns.ts. */
    state: text('state').notNull().default('programmato'),
    dueAt: ts('due_at').notNull(),
    /** When a worker may take it next (due time, backoff, rate limit, Retry-After). */
    nextAttemptAt: ts('next_attempt_at').notNull(),
    /** The approved content this row publishes; a different hash at claim time cancels it. */
    contentHash: text('content_hash').notNull(),
    urgent: boolean('urgent').notNull().default(false),
    attempts: integer('attempts').notNull().default(0),
    /** Attempts that count toward the maximum (rate limits do not). */
    failures: integer('failures').notNull().default(0),
    /** The previous attempt's outcome is unknown: `lookup` must answer before any new publish. */
    needsLookup: boolean('needs_lookup').notNull().default(false),
    claimToken: uuid('claim_token'),
    claimedBy: text('claimed_by'),
    leaseUntil: ts('lease_until'),
    firstAttemptAt: ts('first_attempt_at'),
    platformId: text('platform_id'),
    platformUrl: text('platform_url'),
    publishedAt: ts('published_at'),
    reasonCode: text('reason_code'),
    reasonIt: text('reason_it'),
    reasonEn: text('reason_en'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('publications_variant_key').on(t.enteId, t.postId, t.channelId),
    foreignKey({ columns: [t.enteId, t.postId], foreignColumns: [posts.enteId, posts.id], name: 'publications_post_fk' }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'publications_channel_fk' }),
    index('publications_channel_idx').on(t.enteId, t.channelId, t.state),
    // The workers' claim scans across tenants: only the rows still to do are indexed.
    index('publications_todo_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.state} in ('programmato', 'da_riprovare', 'in_pubblicazione')`),
    check(
      'publications_state_check',
      sql`${t.state} in ('programmato', 'in_pubblicazione', 'da_riprovare', 'pubblicato', 'fallito', 'da_verificare', 'annullato')`,
    ),
  ],
);

/** Every attempt of a publication, with what happened. */
export const publicationAttempts = pgTable(
  'publication_attempts',
  {
    enteId: uuid('ente_id').notNull(),
    publicationId: uuid('publication_id').notNull(),
    n: integer('n').notNull(),
    worker: text('worker').notNull(),
    startedAt: ts('started_at').notNull(),
    finishedAt: ts('finished_at'),
    /** published | lookup_found | lookup_none | error | cancelled | interrupted; null while running. */
    outcome: text('outcome'),
    errorKind: text('error_kind'),
    httpStatus: integer('http_status'),
    detailIt: text('detail_it'),
    detailEn: text('detail_en'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.publicationId, t.n] }),
    foreignKey({ columns: [t.enteId, t.publicationId], foreignColumns: [publications.enteId, publications.id], name: 'publication_attempts_publication_fk' }).onDelete(
      'cascade',
    ),
  ],
);

/** Token buckets shared by every worker process: per channel and per app (platform). */
export const publishingRateBuckets = pgTable('publishing_rate_buckets', {
  key: text('key').primaryKey(),
  tokens: doublePrecision('tokens').notNull(),
  updatedAt: ts('updated_at').notNull(),
});

/** Messages for a desk (e.g. "reconnect this channel"); shown in the product, no e-mail. */
export const publishingNotifications = pgTable(
  'publishing_notifications',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    deskId: uuid('desk_id'),
    channelId: uuid('channel_id'),
    kind: text('kind').notNull(),
    messageIt: text('message_it').notNull(),
    messageEn: text('message_en').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.deskId], foreignColumns: [desks.enteId, desks.id], name: 'publishing_notifications_desk_fk' }),
    index('publishing_notifications_desk_idx').on(t.enteId, t.deskId, t.createdAt),
  ],
);
