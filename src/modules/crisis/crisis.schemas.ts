/** zod schemas of the crisis API: they validate at the edge and generate the OpenAPI document. */
import { z } from 'zod';
import { IsoDateTime } from '../../platform/http/schemas.ts';
import { ALERT_CODES, RISKS } from './alerts.fns.ts';
import { BROADCAST_PLATFORMS } from './broadcast.senders.ts';

export const Bilingual = z.object({ it: z.string(), en: z.string() });
const DateTimeIn = z.iso.datetime({ offset: true });
const Url = z.url({ protocol: /^https?$/ }).max(2000);

export const DeclareBody = z.object({
  reason: z.string().trim().min(3).max(500).describe('Perché si dichiara la crisi / why'),
  expectedEndAt: DateTimeIn.describe('Fine prevista: la crisi termina da sola a quest’ora / expected end'),
  channelIds: z.array(z.uuid()).max(100).optional().describe('Canali in crisi; vuoto = tutti / channels in crisis; empty = all'),
  allowedUserIds: z.array(z.uuid()).max(100).optional().describe('Persone che possono ancora pubblicare post ordinari / people who may still publish'),
});

export const CrisisSchema = z
  .object({
    id: z.string(),
    reason: z.string(),
    declaredBy: z.string(),
    declaredAt: IsoDateTime,
    expectedEndAt: IsoDateTime,
    channelIds: z.array(z.string()),
    allowedUserIds: z.array(z.string()),
    endedAt: IsoDateTime.nullable(),
    endKind: z.enum(['manuale', 'scadenza']).nullable(),
  })
  .meta({ id: 'Crisis' });

export const PausedSchema = z
  .object({
    crisisId: z.string(),
    postId: z.string(),
    channelId: z.string(),
    title: z.string(),
    scheduledAt: IsoDateTime.nullable().describe('Data prevista prima della sospensione'),
    state: z.enum(['sospeso', 'riprogrammato', 'scartato']),
    rescheduledAt: IsoDateTime.nullable(),
    decidedAt: IsoDateTime.nullable(),
  })
  .meta({ id: 'PausedVariant' });

export const CrisisStateSchema = z
  .object({
    active: z.boolean(),
    banner: Bilingual.nullable().describe('Testo del banner da mostrare in tutta l’interfaccia / banner for the UI'),
    crisis: CrisisSchema.nullable(),
    lastCrisis: CrisisSchema.nullable(),
    paused: z.array(PausedSchema).describe('Post sospesi in attesa di decisione'),
    notifications: z.array(z.object({ id: z.string(), kind: z.string(), message: Bilingual, createdAt: IsoDateTime, read: z.boolean() })),
  })
  .meta({ id: 'CrisisState' });

export const PausedDecision = z.object({ postId: z.string(), channelId: z.string(), state: z.enum(['riprogrammato', 'scartato']), scheduledAt: IsoDateTime.nullable() });

const ZoneSchema = z.object({ name: z.string().trim().min(1).max(200), code: z.string().trim().max(50).nullable().optional().describe('Codice della zona di allerta o ISTAT') });

export const AlertBody = z.object({
  code: z.enum(ALERT_CODES).describe('Codice colore / colour code'),
  risks: z.array(z.enum(RISKS)).min(1).max(8),
  zones: z.array(ZoneSchema).max(50).default([]),
  validFrom: DateTimeIn.describe('Inizio validità'),
  validTo: DateTimeIn.describe('Fine validità'),
  source: z.string().trim().min(2).max(300).describe('Chi ha emesso l’allerta, es. «Centro Funzionale Regione …»'),
  measures: z.array(z.string().trim().min(1).max(300)).max(20).optional().describe('Misure locali (COC attivato, scuole chiuse…)'),
  behaviour: z.array(z.string().trim().min(1).max(300)).max(20).optional().describe('Norme di comportamento'),
  ordinanceUrl: Url.nullable().optional().describe('Link all’ordinanza'),
  infoUrl: Url.nullable().optional().describe('Dove restare aggiornati'),
  channelIds: z.array(z.uuid()).min(1).max(50),
  broadcast: z.boolean().optional().describe('Invia anche agli iscritti WhatsApp/Telegram'),
  updates: z.uuid().nullable().optional().describe('Allerta pubblicata che questa aggiorna (CAP Update)'),
});

export const AlertSchema = z
  .object({
    id: z.string(),
    status: z.enum(['bozza', 'approvata', 'pubblicata', 'annullata']),
    msgType: z.enum(['Alert', 'Update']),
    updates: z.string().nullable(),
    code: z.enum(ALERT_CODES),
    risks: z.array(z.enum(RISKS)),
    zones: z.array(z.object({ name: z.string(), code: z.string().nullable().optional() })),
    validFrom: IsoDateTime,
    validTo: IsoDateTime,
    source: z.string(),
    measures: z.array(z.string()),
    behaviour: z.array(z.string()),
    ordinanceUrl: z.string().nullable(),
    infoUrl: z.string().nullable(),
    headline: z.string(),
    text: z.string().describe('Testo completo'),
    channelIds: z.array(z.string()),
    variants: z.array(z.object({ channelId: z.string(), platform: z.string(), text: z.string(), link: z.string().nullable() })).describe('Una variante per canale, entro i limiti della piattaforma'),
    broadcast: z.boolean(),
    postId: z.string().nullable(),
    crisisId: z.string().nullable(),
    createdBy: z.string(),
    createdAt: IsoDateTime,
    approvedBy: z.string().nullable(),
    approvedAt: IsoDateTime.nullable(),
    fastPath: z.boolean().describe('Approvata da una sola persona durante una crisi (procedura rapida)'),
    publishedAt: IsoDateTime.nullable(),
    cancelledAt: IsoDateTime.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'Alert' });

export const ProgressSchema = z
  .object({
    broadcasts: z.array(
      z.object({
        id: z.string(),
        channelId: z.string(),
        platform: z.enum(BROADCAST_PLATFORMS),
        state: z.enum(['in_corso', 'sospeso', 'completato']),
        total: z.number().int(),
        sent: z.number().int(),
        failed: z.number().int(),
        remaining: z.number().int(),
        ratePerSecond: z.number(),
        stopReason: z.object({ code: z.string(), it: z.string(), en: z.string() }).nullable().describe('Perché l’invio si è fermato'),
        stoppedAt: IsoDateTime.nullable(),
        finishedAt: IsoDateTime.nullable(),
      }),
    ),
  })
  .meta({ id: 'BroadcastProgress' });

export const SubscribersBody = z.object({
  subscribers: z
    .array(
      z.object({
        channel: z.enum(BROADCAST_PLATFORMS),
        address: z.string().trim().min(1).max(40).describe('Numero E.164 (WhatsApp) o chat id (Telegram)'),
        optedInAt: DateTimeIn.optional(),
        source: z.string().trim().min(2).max(200).describe('Come si è iscritto: modulo web, comando /start…'),
      }),
    )
    .min(1)
    .max(20_000),
});
const Count = z.object({ active: z.number().int(), optedOut: z.number().int() });
export const SubscriberCounts = z.object({ whatsapp: Count, telegram: Count }).meta({ id: 'SubscriberCounts' });

export const SignalsBody = z.object({
  messages: z
    .array(
      z.object({
        channelId: z.uuid(),
        at: DateTimeIn,
        text: z.string().max(5000),
        ref: z.string().max(200).nullable().optional(),
        negative: z.boolean().optional(),
      }),
    )
    .min(1)
    .max(10_000),
});

export const SignalsSchema = z
  .object({
    suggestion: z.object({ declareCrisis: z.boolean(), it: z.string(), en: z.string() }).nullable(),
    spikes: z.array(
      z.object({
        channelId: z.string(),
        channelName: z.string(),
        hour: IsoDateTime,
        total: z.number().int(),
        negative: z.number().int(),
        baseline: z.object({ total: z.number(), negative: z.number() }).describe('Mediana della stessa ora nelle settimane precedenti'),
        reasons: z.array(z.enum(['volume', 'negative'])),
        messages: z.array(z.object({ id: z.string(), at: IsoDateTime, text: z.string(), ref: z.string().nullable(), alarmed: z.boolean() })),
      }),
    ),
  })
  .meta({ id: 'CrisisSignals' });

export const ClaimBody = z.object({
  claim: z.string().trim().min(5).max(1000).describe('La notizia falsa che circola'),
  sourceUrl: Url.describe('La fonte ufficiale che la smentisce'),
  sourceTitle: z.string().trim().min(2).max(300),
  savedReply: z.string().trim().min(5).max(2000).optional(),
  channelIds: z.array(z.uuid()).max(50).optional().describe('Canali per il post di chiarimento'),
  threshold: z.number().min(0.1).max(1).optional().describe('Somiglianza minima per segnare un messaggio'),
});

export const ClaimSchema = z
  .object({
    id: z.string(),
    claim: z.string(),
    source: z.object({ url: z.string(), title: z.string() }),
    savedReply: z.string(),
    postId: z.string().nullable().describe('La proposta di post di chiarimento'),
    threshold: z.number(),
    createdAt: IsoDateTime,
    matches: z.array(z.object({ id: z.string(), channelId: z.string(), at: IsoDateTime, text: z.string(), ref: z.string().nullable(), score: z.number() })),
  })
  .meta({ id: 'FakeClaim' });
