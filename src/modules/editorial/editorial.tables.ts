/**
 * The editorial workflow's tables. A proposal and a post are one entity (`posts`) with a status;
 * each post has one variant per channel of the Ente. Every table is a tenant table: `ente_id`
 * comes first in its primary key and in every foreign key between tenant tables (ADR 0003).
 * Media bytes live in the database, in 1 MiB chunks, content-addressed per Ente (ADR 0005).
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { channels, desks, enti, memberships } from '../../platform/db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** bytea as a Node Buffer on both drivers (PGlite returns a Uint8Array). */
const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});

export const posts = pgTable(
  'posts',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    /** See the state machine in workflow.fns.ts. */
    status: text('status').notNull().default('proposta'),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** The service (Servizio) the proposal comes from, free text. */
    service: text('service'),
    desiredAt: ts('desired_at'),
    /** Channels the proposer asked for; empty with letRedazioneDecide = the office decides. */
    targetChannelIds: uuid('target_channel_ids').array().notNull().default(sql`'{}'::uuid[]`),
    letRedazioneDecide: boolean('let_redazione_decide').notNull().default(false),
    links: text('links').array().notNull().default(sql`'{}'::text[]`),
    mediaIds: uuid('media_ids').array().notNull().default(sql`'{}'::uuid[]`),
    deskId: uuid('desk_id'),
    authorId: uuid('author_id').notNull(),
    /** Who last changed the text of the post or of a variant: four eyes exclude them from approving. */
    lastEditorId: uuid('last_editor_id').notNull(),
    /** Par condicio (L. 28/2000 art. 9): impersonal and indispensable, with a written reason. */
    pcImpersonal: boolean('pc_impersonal').notNull().default(false),
    pcIndispensable: boolean('pc_indispensable').notNull().default(false),
    pcReason: text('pc_reason'),
    submittedAt: ts('submitted_at'),
    approvedAt: ts('approved_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.deskId], foreignColumns: [desks.enteId, desks.id], name: 'posts_desk_fk' }),
    foreignKey({ columns: [t.enteId, t.authorId], foreignColumns: [memberships.enteId, memberships.userId], name: 'posts_author_fk' }),
    index('posts_status_idx').on(t.enteId, t.status, t.updatedAt),
    index('posts_desired_idx').on(t.enteId, t.desiredAt),
    index('posts_author_idx').on(t.enteId, t.authorId),
    check(
      'posts_status_check',
      sql`${t.status} in ('proposta', 'in_lavorazione', 'in_approvazione', 'approvato', 'programmato', 'rifiutato', 'pubblicato')`,
    ),
  ],
);

/** One variant of a post per channel: its text, link, media and time. */
export const postVariants = pgTable(
  'post_variants',
  {
    enteId: uuid('ente_id').notNull(),
    postId: uuid('post_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    text: text('text').notNull(),
    link: text('link'),
    mediaIds: uuid('media_ids').array().notNull().default(sql`'{}'::uuid[]`),
    scheduledAt: ts('scheduled_at'),
    status: text('status').notNull().default('bozza'),
    /** sha256 of what an approver approves (text, link, media, par condicio marking). */
    contentHash: text('content_hash').notNull(),
    editedBy: uuid('edited_by').notNull(),
    editedAt: ts('edited_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.postId, t.channelId] }),
    foreignKey({ columns: [t.enteId, t.postId], foreignColumns: [posts.enteId, posts.id], name: 'post_variants_post_fk' }).onDelete('cascade'),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'post_variants_channel_fk' }),
    // The calendar reads a month of variants by time; the gap detector the last one per channel.
    index('post_variants_schedule_idx').on(t.enteId, t.scheduledAt),
    index('post_variants_channel_schedule_idx').on(t.enteId, t.channelId, t.scheduledAt),
    check('post_variants_status_check', sql`${t.status} in ('bozza', 'in_approvazione', 'approvato', 'programmato', 'sospeso_crisi', 'pubblicato')`),
  ],
);

/** One approval of one variant by one approver, for the content hash it saw. */
export const postApprovals = pgTable(
  'post_approvals',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    postId: uuid('post_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    approverId: uuid('approver_id').notNull(),
    contentHash: text('content_hash').notNull(),
    at: ts('at').notNull().defaultNow(),
    /** Set when the text changed afterwards or the post was rejected; kept as a record. */
    invalidatedAt: ts('invalidated_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.postId], foreignColumns: [posts.enteId, posts.id], name: 'post_approvals_post_fk' }).onDelete('cascade'),
    foreignKey({ columns: [t.enteId, t.approverId], foreignColumns: [memberships.enteId, memberships.userId], name: 'post_approvals_approver_fk' }),
    index('post_approvals_post_idx').on(t.enteId, t.postId),
    // One valid approval per person and channel.
    uniqueIndex('post_approvals_valid_key').on(t.enteId, t.postId, t.channelId, t.approverId).where(sql`${t.invalidatedAt} is null`),
  ],
);

export const postComments = pgTable(
  'post_comments',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    postId: uuid('post_id').notNull(),
    authorId: uuid('author_id').notNull(),
    /** 'comment', or 'rejection' for the comment that sent the post back. */
    kind: text('kind').notNull().default('comment'),
    body: text('body').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.postId], foreignColumns: [posts.enteId, posts.id], name: 'post_comments_post_fk' }).onDelete('cascade'),
    foreignKey({ columns: [t.enteId, t.authorId], foreignColumns: [memberships.enteId, memberships.userId], name: 'post_comments_author_fk' }),
    index('post_comments_post_idx').on(t.enteId, t.postId, t.createdAt),
    check('post_comments_kind_check', sql`${t.kind} in ('comment', 'rejection')`),
  ],
);

/** Metadata of an uploaded image or video; the bytes are in media_blobs under its sha256. */
export const media = pgTable(
  'media',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    filename: text('filename').notNull(),
    mime: text('mime').notNull(),
    kind: text('kind').notNull(),
    size: bigint('size', { mode: 'number' }).notNull(),
    sha256: text('sha256').notNull(),
    altText: text('alt_text'),
    hasCaptions: boolean('has_captions').notNull().default(false),
    uploadedBy: uuid('uploaded_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    index('media_sha_idx').on(t.enteId, t.sha256),
    check('media_kind_check', sql`${t.kind} in ('image', 'video')`),
  ],
);

/** The bytes of the Ente's files, content-addressed and split in chunks (ADR 0005). */
export const mediaBlobs = pgTable(
  'media_blobs',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    sha256: text('sha256').notNull(),
    seq: integer('seq').notNull(),
    data: bytea('data').notNull(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.sha256, t.seq] })],
);

export const electoralPeriods = pgTable(
  'electoral_periods',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    name: text('name').notNull(),
    /** First and last day, inclusive, in the Italian calendar. */
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    /** Day of the run-off ballot, if any: the period lasts until then. */
    ballotDate: date('ballot_date', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    check('electoral_periods_dates_check', sql`${t.endDate} >= ${t.startDate} and (${t.ballotDate} is null or ${t.ballotDate} >= ${t.endDate})`),
  ],
);

export const editorialSettings = pgTable(
  'editorial_settings',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    approvalsRequired: integer('approvals_required').notNull().default(1),
    defaultGapDays: integer('default_gap_days').notNull().default(7),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.enteId] }),
    check('editorial_settings_approvals_check', sql`${t.approvalsRequired} between 1 and 2`),
    check('editorial_settings_gap_check', sql`${t.defaultGapDays} between 1 and 365`),
  ],
);

/** A channel's own threshold for "nothing planned for more than N days". */
export const channelGapSettings = pgTable(
  'channel_gap_settings',
  {
    enteId: uuid('ente_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    gapDays: integer('gap_days').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.channelId] }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'channel_gap_settings_channel_fk' }).onDelete('cascade'),
    check('channel_gap_settings_days_check', sql`${t.gapDays} between 1 and 365`),
  ],
);
