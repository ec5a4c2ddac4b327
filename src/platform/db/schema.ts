/**
 * The foundation schema. Every tenant table carries `ente_id`, has it first in its primary key and
 * in foreign keys between tenant tables, so the schema can be distributed by tenant (ADR 0003).
 * Global tables: enti, users, sessions, rate_limit_buckets.
 */
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const enti = pgTable(
  'enti',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    codiceIpa: text('codice_ipa'),
    timeZone: text('time_zone').notNull().default('Europe/Rome'),
    parentId: uuid('parent_id'),
    website: text('website'),
    email: text('email'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('enti_slug_key').on(t.slug),
    foreignKey({ columns: [t.parentId], foreignColumns: [t.id], name: 'enti_parent_fk' }),
  ],
);

export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    oidcSubject: text('oidc_subject'),
    locale: text('locale').notNull().default('it'),
    disabled: boolean('disabled').notNull().default(false),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_email_key').on(sql`lower(${t.email})`)],
);

/** A person's roles in one Ente. */
export const memberships = pgTable(
  'memberships',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    roles: text('roles').array().notNull(),
    jobTitle: text('job_title'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

export const desks = pgTable(
  'desks',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    leadUserId: uuid('lead_user_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('desks_key').on(t.enteId, t.key),
    foreignKey({ columns: [t.enteId, t.leadUserId], foreignColumns: [memberships.enteId, memberships.userId], name: 'desks_lead_fk' }),
  ],
);

export const deskMembers = pgTable(
  'desk_members',
  {
    enteId: uuid('ente_id').notNull(),
    deskId: uuid('desk_id').notNull(),
    userId: uuid('user_id').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.deskId, t.userId] }),
    foreignKey({ columns: [t.enteId, t.deskId], foreignColumns: [desks.enteId, desks.id], name: 'desk_members_desk_fk' }).onDelete('cascade'),
    foreignKey({ columns: [t.enteId, t.userId], foreignColumns: [memberships.enteId, memberships.userId], name: 'desk_members_member_fk' }).onDelete('cascade'),
  ],
);

export const channels = pgTable(
  'channels',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    platform: text('platform').notNull(),
    handle: text('handle').notNull(),
    name: text('name').notNull(),
    url: text('url').notNull(),
    purpose: text('purpose').notNull(),
    audience: text('audience').notNull(),
    ownerDeskId: uuid('owner_desk_id'),
    status: text('status').notNull().default('attivo'),
    kind: text('kind').notNull().default('institutional'),
    policyLinked: boolean('policy_linked').notNull().default(false),
    policyLinkConfirmedAt: ts('policy_link_confirmed_at'),
    /** Credential custody (seed 004): who holds the credentials and who may change them. */
    custodyHolders: uuid('custody_holders').array().notNull().default(sql`'{}'::uuid[]`),
    custodyEditors: uuid('custody_editors').array().notNull().default(sql`'{}'::uuid[]`),
    credentialsRotatedOn: date('credentials_rotated_on', { mode: 'string' }),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('channels_handle_key').on(t.enteId, t.platform, sql`lower(${t.handle})`),
    foreignKey({ columns: [t.enteId, t.ownerDeskId], foreignColumns: [desks.enteId, desks.id], name: 'channels_owner_desk_fk' }),
  ],
);

/** Connection secrets, encrypted with AES-256-GCM; never returned by the API. */
export const channelSecrets = pgTable(
  'channel_secrets',
  {
    enteId: uuid('ente_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    keyId: text('key_id').notNull(),
    iv: text('iv').notNull(),
    tag: text('tag').notNull(),
    ciphertext: text('ciphertext').notNull(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.channelId] }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'channel_secrets_channel_fk' }).onDelete('cascade'),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value: a database leak does not leak live sessions. */
    idHash: text('id_hash').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    csrfToken: text('csrf_token').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    expiresAt: ts('expires_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** API tokens for automation, scoped to one Ente. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    lastUsedAt: ts('last_used_at'),
    revokedAt: ts('revoked_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('api_tokens_hash_key').on(t.tokenHash),
    foreignKey({ columns: [t.enteId, t.userId], foreignColumns: [memberships.enteId, memberships.userId], name: 'api_tokens_member_fk' }).onDelete('cascade'),
  ],
);

/** Fixed-window counters for rate limits, shared by every process on the database. */
export const rateLimitBuckets = pgTable('rate_limit_buckets', {
  key: text('key').primaryKey(),
  windowStart: ts('window_start').notNull(),
  count: integer('count').notNull(),
});

/** The audit trail: append-only (a trigger refuses UPDATE and DELETE), hash-chained per Ente. */
export const auditEvents = pgTable(
  'audit_events',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id'),
    actorLabel: text('actor_label').notNull(),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.seq] }), index('audit_entity_idx').on(t.enteId, t.entityType, t.entityId)],
);

/** The head of each Ente's chain; locking its row serialises appends across processes. */
export const auditHeads = pgTable('audit_heads', {
  enteId: uuid('ente_id')
    .primaryKey()
    .references(() => enti.id),
  seq: bigint('seq', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});
