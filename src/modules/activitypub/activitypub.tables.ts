/**
 * The Ente's ActivityPub presence: its actor's key pair (private key sealed like channel
 * secrets), its followers, its outbox (the Notes it published, with their attachments), and the
 * key–value store Fedify needs (fetched documents, public keys, inbox idempotence), kept in the
 * database so that several processes on one PostgreSQL share it. Tenant tables lead with ente_id.
 */
import type { webcrypto } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { customType, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { enti } from '../../platform/db/schema.ts';
import type { SealedSecret } from '../../platform/crypto/secrets.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
  toDriver: (v) => v,
});

export const apActorKeys = pgTable('ap_actor_keys', {
  enteId: uuid('ente_id')
    .primaryKey()
    .references(() => enti.id),
  /** RSASSA-PKCS1-v1_5 public key (JWK), published in the actor for HTTP signatures. */
  publicKeyJwk: jsonb('public_key_jwk').$type<webcrypto.JsonWebKey>().notNull(),
  privateKeySealed: jsonb('private_key_sealed').$type<SealedSecret>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const apFollowers = pgTable(
  'ap_followers',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    actorUri: text('actor_uri').notNull(),
    inboxUrl: text('inbox_url').notNull(),
    sharedInboxUrl: text('shared_inbox_url'),
    /** The id of the Follow activity we accepted. */
    followId: text('follow_id'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.actorUri] }), index('ap_followers_created_idx').on(t.enteId, t.createdAt)],
);

export const apOutbox = pgTable(
  'ap_outbox',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    /** Derived from the publication's idempotency key: the Note's id ends with it. */
    noteKey: text('note_key').notNull(),
    /** The Create activity as JSON-LD, exactly as sent. */
    activity: jsonb('activity').$type<Record<string, unknown>>().notNull(),
    /** The plain text, for lookups by text. */
    sourceText: text('source_text').notNull(),
    publishedAt: ts('published_at').notNull(),
    /** When delivery to the followers was queued; null if the process stopped before. */
    queuedAt: ts('queued_at'),
    deletedAt: ts('deleted_at'),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.noteKey] }), index('ap_outbox_published_idx').on(t.enteId, t.publishedAt)],
);

export const apNoteMedia = pgTable(
  'ap_note_media',
  {
    enteId: uuid('ente_id').notNull(),
    noteKey: text('note_key').notNull(),
    idx: integer('idx').notNull(),
    mime: text('mime').notNull(),
    altText: text('alt_text'),
    data: bytea('data').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.noteKey, t.idx] }),
    foreignKey({ columns: [t.enteId, t.noteKey], foreignColumns: [apOutbox.enteId, apOutbox.noteKey], name: 'ap_note_media_note_fk' }).onDelete('cascade'),
  ],
);

/** Fedify's cache and idempotence records: not tenant data (remote documents, keys). */
export const apKv = pgTable(
  'ap_kv',
  {
    key: text('key').primaryKey(),
    value: jsonb('value').notNull(),
    expiresAt: ts('expires_at'),
  },
  (t) => [index('ap_kv_expires_idx').on(t.expiresAt).where(sql`${t.expiresAt} is not null`)],
);

/**
 * Fedify's message queue (deliveries to followers' inboxes with their retries, fanouts, incoming
 * activities), durable across restarts and shared by every process on one PostgreSQL. Not tenant
 * data: a message names inboxes, not an Ente. The payload is sealed: an outbox message carries the
 * actor's private key. `due_at` is when the message may be taken; a claim moves it to the end of
 * the lease, so a message whose process died is taken again when the lease runs out.
 */
export const apQueue = pgTable(
  'ap_queue',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Fedify's message type: outbox (one delivery), fanout (to many inboxes) or inbox. */
    kind: text('kind').notNull(),
    /** The activity and the inbox, for people looking at the queue. */
    activityId: text('activity_id'),
    inbox: text('inbox'),
    payload: jsonb('payload').$type<SealedSecret>().notNull(),
    dueAt: ts('due_at').notNull(),
    /** Set by a claim; the holder deletes or releases the message only while it still matches. */
    claimToken: uuid('claim_token'),
    claims: integer('claims').notNull().default(0),
    lastError: text('last_error'),
    /** Given up (the handler kept failing or crashing the process): kept for inspection. */
    failedAt: ts('failed_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('ap_queue_due_idx').on(t.dueAt).where(sql`${t.failedAt} is null`)],
);
