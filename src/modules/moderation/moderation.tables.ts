/**
 * Recorded moderation decisions: what the engine decided, citing which clause of which rulebook,
 * and the human override with its reason. They are records of the Ente's activity.
 */
import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid, foreignKey } from 'drizzle-orm/pg-core';
import { enti } from '../../platform/db/schema.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const moderationDecisions = pgTable(
  'moderation_decisions',
  {
    enteId: uuid('ente_id').notNull(),
    id: uuid('id').notNull().defaultRandom(),
    at: ts('at').notNull().defaultNow(),
    /** Where the text came from: 'api' (evaluateComment with record), 'inbox', 'cli'. */
    source: text('source').notNull(),
    /** The inbox item or platform comment this decision is about, when there is one. */
    itemRef: text('item_ref'),
    text: text('text').notNull(),
    author: text('author'),
    decision: text('decision').notNull(),
    clauseNumber: text('clause_number'),
    clauseTitle: text('clause_title'),
    category: text('category'),
    confidence: real('confidence').notNull(),
    evidence: jsonb('evidence').notNull(),
    explanation: jsonb('explanation').notNull(),
    offHours: boolean('off_hours').notNull().default(false),
    rulebookSource: text('rulebook_source').notNull(),
    rulebookVersion: integer('rulebook_version'),
    /** The decision after a person's override; null while the engine's decision stands. */
    overrideDecision: text('override_decision'),
    overrideReason: text('override_reason'),
    overrideBy: uuid('override_by'),
    overrideAt: ts('override_at'),
  },
  (t) => [
    primaryKey({ columns: [t.enteId, t.id] }),
    foreignKey({ columns: [t.enteId], foreignColumns: [enti.id], name: 'moderation_decisions_ente_fk' }),
    index('moderation_decisions_at_idx').on(t.enteId, sql`${t.at} DESC`),
  ],
);
