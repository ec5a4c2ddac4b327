/**
 * Crisis mode and civil-protection alerts (issue 8). Tenant tables: `ente_id` first in every key
 * and in the foreign keys between tenant tables (ADR 0003). Deliveries and inbox signals are the
 * big append-only tables: their keys start with the Ente and can be partitioned by time later.
 */
import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { channels, enti } from '../../platform/db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** A declared crisis. At most one open (ended_at null) per Ente: a partial unique index. */
export const crises = pgTable(
  'crises',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    reason: text('reason').notNull(),
    declaredBy: uuid('declared_by').notNull(),
    declaredAt: ts('declared_at').notNull().defaultNow(),
    expectedEndAt: ts('expected_end_at').notNull(),
    /** Channels in crisis; empty = every channel of the Ente. */
    channelIds: uuid('channel_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** People who may still publish ordinary posts during the crisis. */
    allowedUserIds: uuid('allowed_user_ids').array().notNull().default(sql`'{}'::uuid[]`),
    endedAt: ts('ended_at'),
    endedBy: uuid('ended_by'),
    /** 'manuale' or 'scadenza'. */
    endKind: text('end_kind'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('crises_one_open_key').on(t.enteId).where(sql`${t.endedAt} is null`),
    index('crises_open_idx').on(t.expectedEndAt).where(sql`${t.endedAt} is null`),
  ],
);

/** A scheduled ordinary variant paused by a crisis, and what the office decided for it. */
export const crisisPausedVariants = pgTable(
  'crisis_paused_variants',
  {
    enteId: uuid('ente_id').notNull(),
    crisisId: uuid('crisis_id').notNull(),
    postId: uuid('post_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    scheduledAt: ts('scheduled_at'),
    /** sospeso | riprogrammato | scartato */
    state: text('state').notNull().default('sospeso'),
    decidedBy: uuid('decided_by'),
    decidedAt: ts('decided_at'),
    rescheduledAt: ts('rescheduled_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.crisisId, t.postId, t.channelId] }),
    foreignKey({ columns: [t.enteId, t.crisisId], foreignColumns: [crises.enteId, crises.id], name: 'crisis_paused_crisis_fk' }),
    check('crisis_paused_state_check', sql`${t.state} in ('sospeso', 'riprogrammato', 'scartato')`),
  ],
);

/** Messages for people of the office (declared, ended, spike suggested). */
export const crisisNotifications = pgTable(
  'crisis_notifications',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    userId: uuid('user_id').notNull(),
    kind: text('kind').notNull(),
    messageIt: text('message_it').notNull(),
    messageEn: text('message_en').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    readAt: ts('read_at'),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.id] }), index('crisis_notifications_user_idx').on(t.enteId, t.userId, t.createdAt)],
);

/** A civil-protection alert: what the composer collected, its variants, approval and post. */
export const alerts = pgTable(
  'crisis_alerts',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    /** bozza | approvata | pubblicata | annullata */
    status: text('status').notNull().default('bozza'),
    /** CAP msgType of the message this alert is: Alert, or Update of `referencesId`. */
    msgType: text('msg_type').notNull().default('Alert'),
    referencesId: uuid('references_id'),
    code: text('code').notNull(),
    risks: text('risks').array().notNull(),
    zones: jsonb('zones').notNull(),
    validFrom: ts('valid_from').notNull(),
    validTo: ts('valid_to').notNull(),
    source: text('source').notNull(),
    measures: text('measures').array().notNull().default(sql`'{}'::text[]`),
    behaviour: text('behaviour').array().notNull().default(sql`'{}'::text[]`),
    ordinanceUrl: text('ordinance_url'),
    infoUrl: text('info_url'),
    headline: text('headline').notNull(),
    text: text('text').notNull(),
    channelIds: uuid('channel_ids').array().notNull(),
    variants: jsonb('variants').notNull(),
    broadcast: boolean('broadcast').notNull().default(false),
    postId: uuid('post_id'),
    crisisId: uuid('crisis_id'),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
    approvedBy: uuid('approved_by'),
    approvedAt: ts('approved_at'),
    /** Approved by its own author during a crisis (the fast path), recorded as such. */
    fastPath: boolean('fast_path').notNull().default(false),
    publishedAt: ts('published_at'),
    cancelledAt: ts('cancelled_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    index('crisis_alerts_status_idx').on(t.enteId, t.status, t.validTo),
    check('crisis_alerts_status_check', sql`${t.status} in ('bozza', 'approvata', 'pubblicata', 'annullata')`),
    check('crisis_alerts_code_check', sql`${t.code} in ('verde', 'gialla', 'arancione', 'rossa')`),
    check('crisis_alerts_window_check', sql`${t.validTo} > ${t.validFrom}`),
  ],
);

/** Citizens who opted in to receive alerts on WhatsApp or Telegram. */
export const subscribers = pgTable(
  'crisis_subscribers',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    /** whatsapp | telegram */
    channel: text('channel').notNull(),
    /** E.164 number (WhatsApp) or chat id (Telegram). */
    address: text('address').notNull(),
    optedInAt: ts('opted_in_at').notNull(),
    optInSource: text('opt_in_source').notNull(),
    optedOutAt: ts('opted_out_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    uniqueIndex('crisis_subscribers_address_key').on(t.enteId, t.channel, t.address),
    check('crisis_subscribers_channel_check', sql`${t.channel} in ('whatsapp', 'telegram')`),
  ],
);

/** One broadcast of an alert to the subscribers of one platform, sent through one channel's credentials. */
export const broadcasts = pgTable(
  'crisis_broadcasts',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    alertId: uuid('alert_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    platform: text('platform').notNull(),
    text: text('text').notNull(),
    /** in_corso | sospeso | completato */
    state: text('state').notNull().default('in_corso'),
    total: integer('total').notNull(),
    /** Messages per second the platform documents for this sender. */
    ratePerSecond: doublePrecision('rate_per_second').notNull(),
    /** The next free send slot: shared by every worker process, so the rate holds across them. */
    nextSlotAt: ts('next_slot_at').notNull(),
    stopCode: text('stop_code'),
    stopIt: text('stop_it'),
    stopEn: text('stop_en'),
    stoppedAt: ts('stopped_at'),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId, t.alertId], foreignColumns: [alerts.enteId, alerts.id], name: 'crisis_broadcasts_alert_fk' }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'crisis_broadcasts_channel_fk' }),
    uniqueIndex('crisis_broadcasts_alert_key').on(t.enteId, t.alertId, t.channelId),
    check('crisis_broadcasts_state_check', sql`${t.state} in ('in_corso', 'sospeso', 'completato')`),
  ],
);

/** One row per recipient of a broadcast: its unique key is what makes a recipient get it once. */
export const deliveries = pgTable(
  'crisis_deliveries',
  {
    enteId: uuid('ente_id').notNull(),
    broadcastId: uuid('broadcast_id').notNull(),
    subscriberId: uuid('subscriber_id').notNull(),
    address: text('address').notNull(),
    /** da_inviare | in_invio | inviato | fallito */
    state: text('state').notNull().default('da_inviare'),
    claimToken: uuid('claim_token'),
    claimedBy: text('claimed_by'),
    leaseUntil: ts('lease_until'),
    attempts: integer('attempts').notNull().default(0),
    sentAt: ts('sent_at'),
    platformMessageId: text('platform_message_id'),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.broadcastId, t.subscriberId] }),
    foreignKey({ columns: [t.enteId, t.broadcastId], foreignColumns: [broadcasts.enteId, broadcasts.id], name: 'crisis_deliveries_broadcast_fk' }),
    index('crisis_deliveries_todo_idx').on(t.enteId, t.broadcastId, t.state),
    check('crisis_deliveries_state_check', sql`${t.state} in ('da_inviare', 'in_invio', 'inviato', 'fallito')`),
  ],
);

/** Inbox volume per channel and hour: what the spike detector reads. */
export const inboxHourly = pgTable(
  'crisis_inbox_hourly',
  {
    enteId: uuid('ente_id').notNull(),
    channelId: uuid('channel_id').notNull(),
    hour: ts('hour').notNull(),
    total: integer('total').notNull().default(0),
    negative: integer('negative').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.channelId, t.hour] })],
);

/** Messages seen by the listening (a sample the suggestion shows, and what claims are matched on). */
export const signalMessages = pgTable(
  'crisis_signal_messages',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    channelId: uuid('channel_id').notNull(),
    at: ts('at').notNull(),
    ref: text('ref'),
    text: text('text').notNull(),
    alarmed: boolean('alarmed').notNull().default(false),
    claimId: uuid('claim_id'),
    claimScore: doublePrecision('claim_score'),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.id] }), index('crisis_signal_messages_at_idx').on(t.enteId, t.channelId, t.at)],
);

/** A false claim circulating, the official source that refutes it, and the answers prepared. */
export const fakeClaims = pgTable(
  'crisis_fake_claims',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    id: uuid('id').notNull().defaultRandom(),
    claim: text('claim').notNull(),
    sourceUrl: text('source_url').notNull(),
    sourceTitle: text('source_title').notNull(),
    savedReply: text('saved_reply').notNull(),
    postId: uuid('post_id'),
    threshold: doublePrecision('threshold').notNull().default(0.5),
    createdBy: uuid('created_by').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.enteId, t.id] })],
);
