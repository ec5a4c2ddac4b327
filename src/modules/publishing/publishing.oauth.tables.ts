/**
 * Connecting channels with OAuth 2.0 (ADR 0008): the pending flows and the Ente's registered apps.
 * Tenant tables with `ente_id` first in every key (ADR 0003). Secrets are sealed with the secrets
 * key (AES-256-GCM, the same four columns as `channel_secrets`), bound to the Ente and the row.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { channels, enti } from '../../platform/db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/**
 * A started "Collega con <piattaforma>": single use (`used_at`, set by one atomic UPDATE), ten
 * minutes long, swept a day after it started. The state itself is never stored, only its sha256;
 * the sealed part (PKCE verifier, the app with its secret, the account hints) is wiped when the
 * callback takes the row.
 */
export const oauthFlows = pgTable(
  'oauth_flows',
  {
    enteId: uuid('ente_id').notNull(),
    /** sha256 (hex) of the `state` sent to the provider. */
    stateHash: text('state_hash').notNull(),
    channelId: uuid('channel_id').notNull(),
    /** Who started it: only this person may complete it. */
    userId: uuid('user_id').notNull(),
    platform: text('platform').notNull(),
    redirectUri: text('redirect_uri').notNull(),
    keyId: text('key_id'),
    iv: text('iv'),
    tag: text('tag'),
    ciphertext: text('ciphertext'),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.stateHash] }),
    foreignKey({ columns: [t.enteId, t.channelId], foreignColumns: [channels.enteId, channels.id], name: 'oauth_flows_channel_fk' }).onDelete('cascade'),
    // The sweep runs across tenants, by age.
    index('oauth_flows_created_idx').on(t.createdAt),
  ],
);

/**
 * The Ente's own OAuth app per platform group (Facebook and Instagram share the Meta app), entered
 * once by IT staff, or registered by Redazione itself on a Mastodon instance (one row per
 * instance; `instance` is '' for platforms with one authorization server).
 */
export const oauthApps = pgTable(
  'oauth_apps',
  {
    enteId: uuid('ente_id')
      .notNull()
      .references(() => enti.id),
    appGroup: text('app_group').notNull(),
    instance: text('instance').notNull().default(''),
    clientId: text('client_id').notNull(),
    /** The client secret, sealed; null for a public client (X allows one). */
    keyId: text('key_id'),
    iv: text('iv'),
    tag: text('tag'),
    ciphertext: text('ciphertext'),
    /** `entered` by IT staff, or `registered` by Redazione on the instance (Mastodon). */
    source: text('source').notNull(),
    /** The redirect URI the app was registered with, when Redazione knows it (Mastodon). */
    redirectUri: text('redirect_uri'),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    updatedBy: uuid('updated_by'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.appGroup, t.instance] }),
    check('oauth_apps_group_check', sql`${t.appGroup} in ('mastodon', 'x', 'linkedin', 'meta', 'youtube')`),
    check('oauth_apps_source_check', sql`${t.source} in ('entered', 'registered')`),
  ],
);
