/**
 * The community inbox's tables. `inbox_events` is the outbox: a verified webhook (or a batch of
 * polled / ActivityPub items) is stored raw and answered 200 at once; the worker parses,
 * deduplicates, moderates and threads it. `inbox_items` holds each comment or message once: its
 * unique key (ente, channel, platform id) absorbs every re-delivery. Tenant tables have `ente_id`
 * first in every key (ADR 0003). Survey tokens are looked up without a tenant (public page), by
 * the hash of the token only.
 */
import { sql } from 'drizzle-orm';
import { boolean, customType, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels, desks, enti } from '../../platform/db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Raw deliveries waiting for (or done with) processing. */
export const inboxEvents = pgTable(
  'inbox_events',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    channelId: uuid('channel_id').notNull(),
    /** 'webhook' (the platform's raw JSON body) or 'items' (IncomingItem[] from polling or ActivityPub). */
    kind: text('kind').notNull(),
    platform: text('platform').notNull(),
    body: text('body').notNull(),
    receivedAt: ts('received_at').notNull().defaultNow(),
    /** pending → done | failed (unreadable payload: kept for a person, never retried forever). */
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    error: text('error'),
    processedAt: ts('processed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'inbox_events_channel_fk' }).onDelete('cascade'),
    index('inbox_events_pending_idx').on(t.receivedAt).where(sql`${t.status} = 'pending'`),
  ],
);

/** Comments answering a post, and private conversations: the unit the office works on. */
export const inboxThreads = pgTable(
  'inbox_threads',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    channelId: uuid('channel_id').notNull(),
    kind: text('kind').notNull(),
    /** The platform's id of the post (comments) or of the conversation (messages). */
    threadRef: text('thread_ref').notNull(),
    lastAt: ts('last_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('inbox_threads_ref_key').on(t.enteId, t.channelId, t.threadRef),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'inbox_threads_channel_fk' }).onDelete('cascade'),
  ],
);

export const inboxItems = pgTable(
  'inbox_items',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    channelId: uuid('channel_id').notNull(),
    threadId: uuid('thread_id').notNull(),
    platformId: text('platform_id').notNull(),
    kind: text('kind').notNull(),
    /** 'in' from a citizen, 'out' a reply of the office. */
    direction: text('direction').notNull().default('in'),
    parentRef: text('parent_ref'),
    authorPlatformId: text('author_platform_id').notNull(),
    authorName: text('author_name').notNull(),
    authorHandle: text('author_handle'),
    text: text('text').notNull(),
    url: text('url'),
    receivedAt: ts('received_at').notNull(),
    storedAt: ts('stored_at').notNull().defaultNow(),
    status: text('status').notNull().default('new'),
    isQuestion: boolean('is_question').notNull().default(false),
    /** The moderation category when the engine found one, else null. */
    category: text('category'),
    moderatedAt: ts('moderated_at'),
    decision: text('decision'),
    decisionId: uuid('decision_id'),
    clauseNumber: text('clause_number'),
    /** Review queue first: true while the engine asked a person to look. */
    needsReview: boolean('needs_review').notNull().default(false),
    /** visible | hidden | deleted, on the platform. */
    platformState: text('platform_state').notNull().default('visible'),
    /** What the office must do by hand on the platform ("da fare a mano"): reply, hide, unhide, delete. */
    manualAction: text('manual_action'),
    deskId: uuid('desk_id'),
    assigneeId: uuid('assignee_id'),
    dueAt: ts('due_at'),
    answeredAt: ts('answered_at'),
    closedAt: ts('closed_at'),
    /** Staff who wrote an outgoing reply. */
    sentBy: uuid('sent_by'),
    erasedAt: ts('erased_at'),
    /** Italian full-text vector, stored: a search filters rows cheaply whichever index the planner walks. */
    search: tsvector('search').generatedAlwaysAs(sql`to_tsvector('italian', text)`),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('inbox_items_platform_key').on(t.enteId, t.channelId, t.platformId),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'inbox_items_channel_fk' }).onDelete('cascade'),
    foreignKey({ columns: [t.enteId, t.threadId], foreignColumns: [inboxThreads.enteId, inboxThreads.id], name: 'inbox_items_thread_fk' }).onDelete('cascade'),
    foreignKey({ columns: [t.enteId, t.deskId], foreignColumns: [desks.enteId, desks.id], name: 'inbox_items_desk_fk' }),
    // The same order as the list query (DESC is NULLS FIRST by default), so the index serves it.
    index('inbox_items_list_idx').on(t.enteId, t.direction, t.needsReview.desc().nullsFirst(), t.receivedAt.desc().nullsFirst()),
    index('inbox_items_recent_idx').on(t.enteId, t.direction, t.receivedAt.desc().nullsFirst()),
    index('inbox_items_status_idx').on(t.enteId, t.status, t.receivedAt.desc()),
    index('inbox_items_thread_idx').on(t.enteId, t.threadId, t.receivedAt),
    index('inbox_items_author_idx').on(t.enteId, t.channelId, t.authorPlatformId),
    index('inbox_items_due_idx').on(t.enteId, t.dueAt).where(sql`${t.answeredAt} IS NULL AND ${t.dueAt} IS NOT NULL`),
    index('inbox_items_unmoderated_idx').on(t.storedAt).where(sql`${t.moderatedAt} IS NULL`),
    index('inbox_items_fts_idx').using('gin', t.search),
  ],
);

export const inboxNotes = pgTable(
  'inbox_notes',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    itemId: uuid('item_id').notNull(),
    authorId: uuid('author_id'),
    authorName: text('author_name').notNull(),
    text: text('text').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.itemId], foreignColumns: [inboxItems.enteId, inboxItems.id], name: 'inbox_notes_item_fk' }).onDelete('cascade'),
    index('inbox_notes_item_idx').on(t.enteId, t.itemId),
  ],
);

export const inboxSavedReplies = pgTable(
  'inbox_saved_replies',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    category: text('category'),
    /** The published answer (editorial post) this reply links, for recurring questions. */
    postId: uuid('post_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.id] }), foreignKey({ columns: [t.enteId], foreignColumns: [enti.id], name: 'inbox_saved_replies_ente_fk' })],
);

export const inboxSettings = pgTable('inbox_settings', {
  enteId: uuid('ente_id')
    .primaryKey()
    .references(() => enti.id),
  /** Inbox items older than this are purged (privacy: minimisation). */
  retentionDays: integer('retention_days').notNull().default(730),
  /** Open questions due within this many hours are "about to be late". */
  soonHours: integer('soon_hours').notNull().default(4),
  /** Distinct people asking the same thing within twelve months before it is flagged (FOIA §8.2). */
  recurringMinPeople: integer('recurring_min_people').notNull().default(3),
  cartaDeiServiziUrl: text('carta_dei_servizi_url'),
  savedRepliesSeeded: boolean('saved_replies_seeded').notNull().default(false),
  lastPurgeAt: ts('last_purge_at'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** Sanctions proposed to the community manager by the policy's clauses (warning, block). */
export const inboxSanctions = pgTable(
  'inbox_sanctions',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    channelId: uuid('channel_id').notNull(),
    authorPlatformId: text('author_platform_id').notNull(),
    authorName: text('author_name').notNull(),
    clauseNumber: text('clause_number').notNull(),
    kind: text('kind').notNull(),
    violations: integer('violations').notNull(),
    windowDays: integer('window_days').notNull(),
    status: text('status').notNull().default('proposta'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'inbox_sanctions_channel_fk' }).onDelete('cascade'),
    index('inbox_sanctions_author_idx').on(t.enteId, t.channelId, t.authorPlatformId, t.clauseNumber),
  ],
);

/** One-question satisfaction surveys, tied to a service and its Carta dei Servizi. */
export const inboxSurveys = pgTable(
  'inbox_surveys',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    itemId: uuid('item_id'),
    tokenHash: text('token_hash').notNull(),
    service: text('service').notNull(),
    cartaUrl: text('carta_url'),
    sentAt: ts('sent_at').notNull().defaultNow(),
    answeredAt: ts('answered_at'),
    score: integer('score'),
    comment: text('comment'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('inbox_surveys_token_key').on(t.tokenHash),
    foreignKey({ columns: [t.enteId], foreignColumns: [enti.id], name: 'inbox_surveys_ente_fk' }),
  ],
);

/** The daily summary for the office, one row per Ente and day (the "notification"). */
export const inboxDigests = pgTable(
  'inbox_digests',
  {
    enteId: uuid('ente_id').notNull(),
    day: date('day', { mode: 'string' }).notNull(),
    summary: jsonb('summary').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.day] }), foreignKey({ columns: [t.enteId], foreignColumns: [enti.id], name: 'inbox_digests_ente_fk' })],
);

/** Where polling left off per channel (platforms without webhooks). */
export const inboxPollCursors = pgTable(
  'inbox_poll_cursors',
  {
    enteId: uuid('ente_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    cursor: text('cursor'),
    polledAt: ts('polled_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.channelId] }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'inbox_poll_cursors_channel_fk' }).onDelete('cascade'),
  ],
);

/** Recurring questions the office turned into a published answer. */
export const inboxRecurringAnswers = pgTable(
  'inbox_recurring_answers',
  {
    enteId: uuid('ente_id').notNull(),
    /** The group's signature: its most weighted stems, sorted. */
    signature: text('signature').notNull(),
    postId: uuid('post_id').notNull(),
    savedReplyId: uuid('saved_reply_id').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.signature] }), foreignKey({ columns: [t.enteId], foreignColumns: [enti.id], name: 'inbox_recurring_answers_ente_fk' })],
);
