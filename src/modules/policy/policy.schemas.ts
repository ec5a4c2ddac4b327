/**
 * zod schemas of the policy API. The document schemas mirror the kit's types (kit/policy.types.ts,
 * rulebook.ts); the kit's validatePolicyDocument adds the rules zod does not express (unique
 * section keys and clause numbers, from before to, warning before block).
 */
import { z } from 'zod';
import { EnteParams, IsoDate, IsoDateTime } from '../../platform/http/schemas.ts';
import { isRealDate } from './policy.fns.ts';
import { MODERATION_ACTIONS, MODERATION_CATEGORIES } from './rulebook.ts';

export const PolicyKindSchema = z.enum(['external', 'internal']).describe('external: per i cittadini; internal: per il personale');
export const PolicyParams = EnteParams.extend({ kind: PolicyKindSchema });
export const VersionParams = PolicyParams.extend({
  n: z.coerce.number().int().positive().max(1_000_000).describe('Numero di versione / version number'),
});

const text = (max: number) => z.string().max(max);

const SectionSchema = z
  .object({
    key: z.string().regex(/^[a-z][a-z0-9_]*$/).max(64).describe('Chiave stabile della sezione (snake_case)'),
    title: text(300),
    body: text(50_000).describe('Testo: paragrafi separati da riga vuota, elenchi con "- ", link [testo](https://…)'),
  })
  .meta({ id: 'PolicySection' });

const SanctionsSchema = z.object({
  warnAfter: z.number().int().positive().optional(),
  blockAfter: z.number().int().positive().optional(),
  windowDays: z.number().int().positive().optional(),
});

export const ClauseSchema = z
  .object({
    number: z.string().regex(/^\d+(\.\d+)*$/).max(20).describe('Numero della clausola, es. "5.1"'),
    title: text(300),
    category: z.enum(MODERATION_CATEGORIES),
    action: z.enum(MODERATION_ACTIONS).describe('hide: nascondi; review: a revisione; delete: elimina'),
    text: text(10_000).describe('Testo italiano della clausola, come pubblicato'),
    sanctions: SanctionsSchema.optional().describe('Sanzioni ai recidivi: avviso, poi blocco'),
  })
  .meta({ id: 'PolicyClause' });

const TimeRangeSchema = z.object({ from: z.string().regex(/^\d{2}:\d{2}$/), to: z.string().regex(/^\d{2}:\d{2}$/) });

export const HoursSchema = z
  .object({
    schedule: z.object({
      timeZone: text(64),
      days: z
        .partialRecord(z.enum(['0', '1', '2', '3', '4', '5', '6']), z.array(TimeRangeSchema).max(6))
        .describe('Fasce orarie per giorno: 0 = domenica … 6 = sabato'),
      closedOnPublicHolidays: z.boolean(),
      closedDates: z.array(IsoDate).max(366),
    }),
    hideForReviewOffHours: z.boolean().describe('Fuori orario, ciò che andrebbe a revisione viene nascosto'),
    responseTimeHours: z.number().positive().max(10_000).describe('Tempo di risposta promesso, in ore lavorative'),
  })
  .meta({ id: 'ModerationHours' });

const OfficialChannelSchema = z.object({
  platform: text(64),
  name: text(300),
  handle: text(300),
  url: text(2000),
  purpose: text(2000),
});

const sections = z.array(SectionSchema).min(1).max(60);

export const ExternalDocumentSchema = z
  .object({
    kind: z.literal('external'),
    title: text(300),
    sections,
    clauses: z.array(ClauseSchema).max(200),
    hours: HoursSchema,
    channels: z.array(OfficialChannelSchema).max(200),
  })
  .meta({ id: 'ExternalPolicyDocument' });

export const InternalDocumentSchema = z
  .object({ kind: z.literal('internal'), title: text(300), sections })
  .meta({ id: 'InternalPolicyDocument' });

export const PolicyDocumentSchema = z.discriminatedUnion('kind', [ExternalDocumentSchema, InternalDocumentSchema]);

export const AdoptionActSchema = z
  .object({
    type: z.enum(['delibera', 'determina']).describe('Delibera (di Giunta, di Consiglio) o determina dirigenziale'),
    number: z.string().trim().min(1).max(50).describe("Numero dell'atto, es. \"123\" o \"45/2026\""),
    date: IsoDate.refine(isRealDate, 'not a calendar date').describe("Data dell'atto, YYYY-MM-DD"),
  })
  .meta({ id: 'AdoptionAct' });

const DraftSchema = z.object({
  document: PolicyDocumentSchema,
  revision: z.number().int().describe('Revisione della bozza: rimandala con la modifica (409 se è cambiata)'),
  sha256: z.string(),
  updatedBy: z.string().nullable(),
  updatedAt: IsoDateTime,
});

const versionFields = {
  number: z.number().int(),
  status: z.enum(['in_force', 'superseded']).describe('in vigore o sostituita da una versione successiva'),
  act: AdoptionActSchema,
  sha256: z.string().describe('sha256 del documento canonico'),
  adoptedBy: z.object({ id: z.string().nullable(), label: z.string() }),
  adoptedAt: IsoDateTime,
  draftRevision: z.number().int(),
  channelIds: z.array(z.string()).describe('Canali del registro al momento dell\'adozione'),
};

export const VersionSummarySchema = z.object(versionFields).meta({ id: 'PolicyVersionSummary' });
export const VersionSchema = z.object({ ...versionFields, document: PolicyDocumentSchema }).meta({ id: 'PolicyVersion' });

const ReviewSchema = z
  .object({
    needed: z.boolean().describe('"Da rivedere"'),
    reasons: z.array(
      z.object({
        code: z.enum(['older_than_12_months', 'channels_added', 'channels_removed']),
        channelIds: z.array(z.string()).optional(),
      }),
    ),
  })
  .meta({ id: 'PolicyReview' });

export const PolicySchema = z
  .object({
    kind: PolicyKindSchema,
    draft: DraftSchema.extend({ differsFromInForce: z.boolean().describe('La bozza differisce dalla versione in vigore') }),
    inForce: VersionSchema.nullable(),
    review: ReviewSchema.nullable().describe('Solo quando una versione è in vigore'),
  })
  .meta({ id: 'Policy' });

export const DraftResponseSchema = DraftSchema.meta({ id: 'PolicyDraft' });

export const DraftUpdateBody = z.object({
  revision: z.number().int().positive().describe('La revisione letta: 409 se nel frattempo è cambiata'),
  document: PolicyDocumentSchema,
});

export const AdoptBody = z.object({
  act: AdoptionActSchema,
  revision: z.number().int().positive().optional().describe('Revisione della bozza che si adotta: 409 se è cambiata'),
});

const refSchema = z
  .union([z.literal('draft'), z.coerce.number().int().positive()])
  .describe('Numero di versione oppure "draft"');
export const DiffQuery = z.object({ from: refSchema, to: refSchema });

const WordChangeSchema = z.object({ op: z.enum(['equal', 'insert', 'delete']), text: z.string() });
const status = z.enum(['added', 'removed', 'changed', 'unchanged']);
export const DiffSchema = z
  .object({
    from: z.union([z.literal('draft'), z.number().int()]),
    to: z.union([z.literal('draft'), z.number().int()]),
    diff: z.object({
      changed: z.boolean(),
      titleChanges: z.array(WordChangeSchema).nullable(),
      sections: z.array(
        z.object({ key: z.string(), status, title: z.string(), titleChanges: z.array(WordChangeSchema).nullable(), bodyChanges: z.array(WordChangeSchema) }),
      ),
      clauses: z.array(
        z.object({
          number: z.string(),
          status,
          title: z.string(),
          fields: z.array(z.enum(['title', 'category', 'action', 'text', 'sanctions'])),
          textChanges: z.array(WordChangeSchema),
        }),
      ),
      hoursChanged: z.boolean(),
      channelsChanged: z.boolean(),
    }),
  })
  .meta({ id: 'PolicyDiff' });

export const RulebookSchema = z
  .object({
    source: z.enum(['in_force', 'draft']).describe('in_force: la policy esterna in vigore; draft: la bozza, finché nessuna versione è adottata'),
    version: z.number().int().nullable().describe('Numero della versione in vigore; null per la bozza'),
    adoption: AdoptionActSchema.nullable(),
    clauses: z.array(ClauseSchema),
    hours: HoursSchema,
  })
  .meta({ id: 'ModerationRulebook' });
