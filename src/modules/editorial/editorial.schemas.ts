import { z } from 'zod';
import { IsoDate, IsoDateTime } from '../../platform/http/schemas.ts';
import { CALENDAR_VIEWS } from './calendar.fns.ts';
import { PLATFORMS } from './platforms.fns.ts';
import { POST_STATUSES, VARIANT_STATUSES } from './workflow.fns.ts';

const Label = z.object({ it: z.string(), en: z.string() });
const Person = z.object({ id: z.string(), name: z.string() });
const dateTime = z.string().datetime({ offset: true }).describe('ISO 8601 date-time with offset');
const httpUrl = z
  .string()
  .trim()
  .max(2000)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'http(s) URL');

export const MediaSchema = z
  .object({
    id: z.string(),
    filename: z.string(),
    mime: z.string().describe('Tipo rilevato dal contenuto / type detected from the content'),
    kind: z.enum(['image', 'video']),
    size: z.number().int(),
    sha256: z.string(),
    altText: z.string().nullable().describe('Testo alternativo (obbligatorio per le immagini prima dell’invio)'),
    hasCaptions: z.boolean().describe('Il video ha i sottotitoli'),
    uploadedBy: z.string(),
    createdAt: IsoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Media' });

const Preview = z
  .object({
    length: z.number().int().describe('Lunghezza contata come la conta la piattaforma'),
    limit: z.number().int().nullable(),
    counting: z.enum(['x-weighted', 'graphemes', 'chars']),
    remaining: z.number().int().nullable(),
    overflow: z.boolean(),
  })
  .describe('Anteprima del conteggio / length preview');

export const PostSchema = z
  .object({
    id: z.string(),
    status: z.enum(POST_STATUSES),
    statusLabel: Label,
    title: z.string(),
    body: z.string(),
    service: z.string().nullable().describe('Servizio proponente'),
    desiredAt: IsoDateTime.nullable(),
    targetChannelIds: z.array(z.string()),
    letRedazioneDecide: z.boolean(),
    links: z.array(z.string()),
    media: z.array(MediaSchema),
    deskId: z.string().nullable(),
    author: Person,
    lastEditor: Person,
    parCondicio: z.object({ impersonal: z.boolean(), indispensable: z.boolean(), reason: z.string().nullable() }),
    approvalsRequired: z.number().int(),
    variants: z.array(
      z.object({
        channelId: z.string(),
        channelName: z.string(),
        platform: z.enum(PLATFORMS),
        text: z.string(),
        link: z.string().nullable(),
        media: z.array(MediaSchema),
        scheduledAt: IsoDateTime.nullable(),
        status: z.enum(VARIANT_STATUSES),
        editedBy: Person,
        editedAt: IsoDateTime,
        approvals: z.array(z.object({ approverId: z.string(), approverName: z.string(), at: IsoDateTime })),
        approvalsMissing: z.number().int(),
        preview: Preview,
      }),
    ),
    submittedAt: IsoDateTime.nullable(),
    approvedAt: IsoDateTime.nullable(),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Post' });

export const PostSummarySchema = z
  .object({
    id: z.string(),
    status: z.enum(POST_STATUSES),
    statusLabel: Label,
    title: z.string(),
    service: z.string().nullable(),
    desiredAt: IsoDateTime.nullable(),
    deskId: z.string().nullable(),
    author: Person,
    channels: z.array(z.object({ channelId: z.string(), platform: z.string(), scheduledAt: IsoDateTime.nullable(), status: z.string() })),
    updatedAt: IsoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'PostSummary' });

export const PostListSchema = z.object({ total: z.number().int(), posts: z.array(PostSummarySchema) });

export const FindingSchema = z
  .object({
    ruleId: z.string().describe('e.g. length.over_limit, a11y.missing_alt, par_condicio.period'),
    severity: z.enum(['blocking', 'warning', 'info']),
    message: Label,
    rule: z.string().describe('La fonte della regola / the source of the rule'),
    span: z.object({ start: z.number().int(), end: z.number().int() }).nullable().describe('Offset UTF-16 nel testo, fine esclusa'),
    channelId: z.string(),
  })
  .meta({ id: 'Finding' });

export const CheckResultSchema = z
  .object({
    blocking: z.boolean(),
    results: z.array(z.object({ channelId: z.string(), channelName: z.string(), platform: z.enum(PLATFORMS), findings: z.array(FindingSchema), preview: Preview })),
  })
  .meta({ id: 'CheckResult' });

export const CommentSchema = z
  .object({ id: z.string(), author: Person, kind: z.enum(['comment', 'rejection']), body: z.string(), createdAt: IsoDateTime })
  .meta({ id: 'PostComment' });

export const ProposalBody = z.object({
  title: z.string().trim().min(3).max(200),
  body: z.string().trim().min(1).max(20_000),
  service: z.string().trim().max(200).nullable().optional().describe('Servizio da cui arriva la proposta'),
  desiredAt: dateTime.nullable().optional().describe('Data desiderata di pubblicazione'),
  targetChannelIds: z.array(z.string().uuid()).max(50).optional().describe('Canali richiesti; vuoto = decide la redazione'),
  letRedazioneDecide: z.boolean().optional(),
  links: z.array(httpUrl).max(20).optional(),
  mediaIds: z.array(z.string().uuid()).max(20).optional().describe('File caricati con uploadMedia'),
  deskId: z.string().uuid().nullable().optional(),
});

const VariantBody = z.object({
  channelId: z.string().uuid(),
  text: z.string().max(100_000),
  link: httpUrl.nullable().optional(),
  mediaIds: z.array(z.string().uuid()).max(20).optional(),
  scheduledAt: dateTime.nullable().optional().describe('Data e ora previste (la programmazione vera è schedulePost)'),
});

export const PostUpdateBody = ProposalBody.partial().extend({
  version: z.number().int().positive().describe('Versione letta: 409 se nel frattempo è cambiata / optimistic locking'),
  parCondicio: z
    .object({ impersonal: z.boolean(), indispensable: z.boolean(), reason: z.string().trim().max(2000).nullable() })
    .optional()
    .describe('Par condicio (L. 28/2000 art. 9): comunicazione impersonale e indispensabile, con motivazione scritta'),
  variants: z.array(VariantBody).max(30).optional().describe('L’insieme completo delle varianti, una per canale (sostituisce quello attuale)'),
});

export const CheckBody = z.object({
  variants: z.array(VariantBody).max(30).optional().describe('Bozze da controllare senza salvarle; se assenti, le varianti salvate'),
});

export const VersionBody = z.object({ version: z.number().int().positive().optional() });
export const ApproveBody = VersionBody.extend({
  channelIds: z.array(z.string().uuid()).max(30).optional().describe('Canali approvati; tutti se assente'),
});
export const RejectBody = VersionBody.extend({ comment: z.string().trim().min(3).max(5000).describe('Motivo, rivolto all’autore') });
export const ScheduleBody = VersionBody.extend({
  schedules: z
    .array(z.object({ channelId: z.string().uuid(), at: dateTime }))
    .min(1)
    .max(30),
});
export const CommentBody = z.object({ body: z.string().trim().min(1).max(5000) });

const statusList = z
  .string()
  .max(200)
  .optional()
  .describe(`Stati separati da virgola: ${POST_STATUSES.join(', ')}`)
  .refine((s) => !s || s.split(',').every((x) => (POST_STATUSES as readonly string[]).includes(x.trim())), 'unknown status');

export const PostListQuery = z.object({
  status: statusList,
  desk: z.string().uuid().optional(),
  channel: z.string().uuid().optional(),
  mine: z.enum(['true', 'false']).optional().describe('Solo i miei'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(100_000).default(0),
});

export const CalendarQuerySchema = z.object({
  view: z.enum(CALENDAR_VIEWS).default('month'),
  date: IsoDate.optional().describe('Un giorno del periodo (default oggi)'),
  from: IsoDate.optional().describe('Inizio (vista elenco ed esportazioni)'),
  to: IsoDate.optional().describe('Ultimo giorno incluso'),
  desk: z.string().uuid().optional(),
  channel: z.string().uuid().optional(),
  status: statusList,
});

export const ExportQuery = CalendarQuerySchema.omit({ view: true, date: true }).extend({
  sep: z.enum(['comma', 'semicolon']).default('comma').describe('Separatore CSV (semicolon per Excel in italiano)'),
});

export const CalendarSchema = z
  .object({
    view: z.enum(CALENDAR_VIEWS),
    timeZone: z.string(),
    fromDay: IsoDate,
    toDay: IsoDate.describe('Ultimo giorno incluso'),
    from: IsoDateTime,
    to: IsoDateTime,
    entries: z.array(
      z.object({
        kind: z.enum(['post', 'proposal']),
        postId: z.string(),
        title: z.string(),
        status: z.enum(POST_STATUSES),
        statusLabel: Label,
        channelId: z.string().nullable(),
        channelName: z.string().nullable(),
        platform: z.string().nullable(),
        at: IsoDateTime,
        day: IsoDate,
        deskId: z.string().nullable(),
        excerpt: z.string(),
      }),
    ),
    gaps: z
      .array(
        z.object({
          channelId: z.string(),
          channelName: z.string(),
          platform: z.string(),
          gapDays: z.number().int().describe('Soglia del canale'),
          from: IsoDateTime,
          to: IsoDateTime,
          days: z.number().int(),
          open: z.boolean().describe('Nulla di programmato dopo / nothing planned after'),
        }),
      )
      .describe('Buchi: canali senza nulla di programmato per più di N giorni'),
  })
  .meta({ id: 'Calendar' });

export const ElectoralPeriodSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    start: IsoDate,
    end: IsoDate,
    ballotDate: IsoDate.nullable().describe('Ballottaggio'),
    effectiveEnd: IsoDate,
    createdAt: IsoDateTime,
  })
  .meta({ id: 'ElectoralPeriod' });

export const ElectoralPeriodBody = z.object({
  name: z.string().trim().min(3).max(200),
  start: IsoDate.describe('Convocazione dei comizi'),
  end: IsoDate.describe('Chiusura delle urne'),
  ballotDate: IsoDate.nullable().optional().describe('Eventuale turno di ballottaggio: il periodo dura fino ad allora'),
});

export const SettingsSchema = z
  .object({
    approvalsRequired: z.number().int().describe('Approvazioni richieste per canale (1 o 2)'),
    defaultGapDays: z.number().int(),
    channelGapDays: z.record(z.string(), z.number().int()),
    version: z.number().int().describe('0 finché non sono mai state salvate'),
  })
  .meta({ id: 'EditorialSettings' });

export const SettingsBody = z.object({
  approvalsRequired: z.union([z.literal(1), z.literal(2)]).optional(),
  defaultGapDays: z.number().int().min(1).max(365).optional(),
  channelGapDays: z.record(z.string().uuid(), z.number().int().min(1).max(365).nullable()).optional().describe('Soglia per canale; null la rimuove'),
  version: z.number().int().min(0),
});

export const MediaUploadQuery = z.object({
  filename: z.string().trim().min(1).max(255),
  alt: z.string().trim().max(1500).optional().describe('Testo alternativo'),
  captions: z.enum(['true', 'false']).optional().describe('Il video ha i sottotitoli'),
});

export const MediaUpdateBody = z.object({
  altText: z.string().trim().max(1500).nullable().optional(),
  hasCaptions: z.boolean().optional(),
  version: z.number().int().positive(),
});
