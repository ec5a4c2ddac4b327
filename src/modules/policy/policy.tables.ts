/**
 * The social media policy's tables. One editable draft per (Ente, kind), guarded by a revision
 * for optimistic locking; adopted versions are immutable records (a trigger refuses UPDATE and
 * DELETE, migration 0003) with the adoption act, a sha256 of the canonical document and the
 * channels registered at adoption (to flag the policy "da rivedere" when they change).
 */
import { sql } from 'drizzle-orm';
import { check, date, foreignKey, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { enti, users } from '../../platform/db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const policyDrafts = pgTable(
  'policy_drafts',
  {
    enteId: uuid('ente_id').notNull(),
    kind: text('kind').notNull(),
    document: jsonb('document').notNull(),
    /** Incremented on every save; a save naming an older revision is a 409. */
    revision: integer('revision').notNull().default(1),
    updatedBy: uuid('updated_by'),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.kind] }),
    foreignKey({ columns: [t.enteId], foreignColumns: [enti.id], name: 'policy_drafts_ente_fk' }),
    foreignKey({ columns: [t.updatedBy], foreignColumns: [users.id], name: 'policy_drafts_updated_by_fk' }),
    check('policy_drafts_kind_check', sql`${t.kind} in ('external', 'internal')`),
  ],
);

export const policyVersions = pgTable(
  'policy_versions',
  {
    enteId: uuid('ente_id').notNull(),
    kind: text('kind').notNull(),
    number: integer('number').notNull(),
    document: jsonb('document').notNull(),
    /** sha256 (hex) of the canonical JSON of the document, printed with the version. */
    documentSha256: text('document_sha256').notNull(),
    actType: text('act_type').notNull(),
    actNumber: text('act_number').notNull(),
    actDate: date('act_date', { mode: 'string' }).notNull(),
    adoptedBy: uuid('adopted_by'),
    adoptedByLabel: text('adopted_by_label').notNull(),
    adoptedAt: ts('adopted_at').notNull().defaultNow(),
    /** The draft revision adopted. */
    draftRevision: integer('draft_revision').notNull(),
    /** Ids of the channels in the registry (not archived) when the version was adopted. */
    channelIds: uuid('channel_ids').array().notNull().default(sql`'{}'::uuid[]`),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.kind, t.number] }),
    foreignKey({ columns: [t.enteId], foreignColumns: [enti.id], name: 'policy_versions_ente_fk' }),
    foreignKey({ columns: [t.adoptedBy], foreignColumns: [users.id], name: 'policy_versions_adopted_by_fk' }),
    check('policy_versions_kind_check', sql`${t.kind} in ('external', 'internal')`),
    check('policy_versions_act_type_check', sql`${t.actType} in ('delibera', 'determina')`),
    check('policy_versions_number_check', sql`${t.number} > 0`),
  ],
);
