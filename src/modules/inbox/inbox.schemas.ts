/** zod schemas of the inbox API (they generate the OpenAPI document). */
import { z } from 'zod';
import { IsoDateTime } from '../../platform/http/schemas.ts';
import { ITEM_STATUSES } from './inbox.repo.ts';

const Bilingual = z.object({ it: z.string(), en: z.string() });

export const ItemSchema = z
  .object({
    id: z.string(),
    threadId: z.string(),
    channel: z.object({ id: z.string(), name: z.string(), platform: z.string() }),
    kind: z.enum(['comment', 'message']).describe('commento sotto un post o messaggio privato / comment or private message'),
    direction: z.enum(['in', 'out']).describe('in: dal cittadino; out: risposta della redazione'),
    platformId: z.string(),
    parentRef: z.string().nullable(),
    author: z.object({ name: z.string().describe("Nome pubblico dell'autore"), handle: z.string().nullable(), platformId: z.string() }),
    text: z.string(),
    url: z.string().nullable(),
    receivedAt: IsoDateTime,
    status: z.enum(ITEM_STATUSES),
    isQuestion: z.boolean(),
    category: z.string().nullable().describe('Categoria di moderazione, se trovata'),
    moderation: z.object({
      decision: z.enum(['allow', 'review', 'hide']).nullable(),
      decisionId: z.string().nullable(),
      clauseNumber: z.string().nullable(),
      needsReview: z.boolean().describe('In coda di revisione (mostrata per prima)'),
    }),
    platformState: z.enum(['visible', 'hidden', 'deleted']),
    manualAction: z.string().nullable().describe('Azione da fare a mano sulla piattaforma (reply, hide, unhide, delete)'),
    deskId: z.string().nullable(),
    assigneeId: z.string().nullable(),
    dueAt: IsoDateTime.nullable().describe('Scadenza della risposta (ore di presenza della policy)'),
    lateness: z.enum(['late', 'soon', 'on_time', 'none']),
    answeredAt: IsoDateTime.nullable(),
    closedAt: IsoDateTime.nullable(),
    erased: z.boolean(),
  })
  .meta({ id: 'InboxItem' });

export const NoteSchema = z.object({ id: z.string(), authorName: z.string(), text: z.string(), createdAt: IsoDateTime }).meta({ id: 'InboxNote' });

export const ThreadSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['comment', 'message']),
    threadRef: z.string().describe('Id del post (commenti) o della conversazione (messaggi) sulla piattaforma'),
    channelId: z.string(),
    items: z.array(ItemSchema.extend({ parentId: z.string().nullable(), notes: z.array(NoteSchema) })),
  })
  .meta({ id: 'InboxThread' });

export const SavedReplySchema = z
  .object({ id: z.string(), title: z.string(), body: z.string(), category: z.string().nullable(), postId: z.string().nullable(), updatedAt: IsoDateTime, version: z.number().int() })
  .meta({ id: 'SavedReply' });

export const SettingsSchema = z
  .object({
    retentionDays: z.number().int().describe('Conservazione degli elementi in giorni / retention in days'),
    soonHours: z.number().int().describe('Ore prima della scadenza per "in scadenza"'),
    recurringMinPeople: z.number().int().describe('Persone diverse perché una domanda sia ricorrente (FOIA §8.2)'),
    cartaDeiServiziUrl: z.string().nullable(),
  })
  .meta({ id: 'InboxSettings' });

export const SummarySchema = z
  .object({
    at: IsoDateTime,
    new: z.number().int(),
    open: z.number().int(),
    review: z.number().int(),
    hidden: z.number().int(),
    manual: z.number().int(),
    late: z.number().int(),
    soon: z.number().int(),
    last24h: z.number().int(),
    sanctionsProposed: z.number().int(),
    text: Bilingual,
  })
  .meta({ id: 'InboxSummary' });

export const RecurringSchema = z
  .object({
    signature: z.string(),
    terms: z.array(z.string()),
    people: z.number().int(),
    count: z.number().int(),
    first: IsoDateTime,
    last: IsoDateTime,
    examples: z.array(z.object({ itemId: z.string(), text: z.string(), authorName: z.string(), channelId: z.string(), at: IsoDateTime })),
    answer: z.object({ postId: z.string(), savedReplyId: z.string() }).nullable(),
  })
  .meta({ id: 'RecurringQuestion' });

export const SanctionSchema = z
  .object({
    id: z.string(),
    channelId: z.string(),
    authorPlatformId: z.string(),
    authorName: z.string(),
    clauseNumber: z.string(),
    kind: z.enum(['warning', 'block']),
    violations: z.number().int(),
    windowDays: z.number().int(),
    status: z
      .enum(['proposta', 'accettata', 'applicata', 'da_fare_a_mano', 'respinta'])
      .describe('proposta → applicata (o da_fare_a_mano: blocco da eseguire a mano) | respinta; accettata mentre il blocco è in corso'),
    createdAt: IsoDateTime,
  })
  .meta({ id: 'InboxSanction' });

export const ListQuery = z.object({
  channelId: z.uuid().optional(),
  deskId: z.uuid().optional(),
  assigneeId: z.uuid().optional(),
  status: z.enum(ITEM_STATUSES).optional(),
  category: z.string().max(40).optional().describe('Categoria di moderazione, oppure "domanda"'),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  q: z.string().trim().min(1).max(200).optional().describe('Ricerca testuale in italiano / Italian full-text search'),
  direction: z.enum(['in', 'out']).optional(),
  before: z.iso.datetime({ offset: true }).optional().describe('Pagina successiva: elementi ricevuti prima di questo istante'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const Subject = z.object({
  channelId: z.uuid(),
  authorPlatformId: z.string().min(1).max(200).describe("Id dell'autore sulla piattaforma (dal dettaglio dell'elemento)"),
});
