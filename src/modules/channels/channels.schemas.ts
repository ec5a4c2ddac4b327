import { z } from 'zod';
import { IsoDate, IsoDateTime } from '../../platform/http/schemas.ts';
import { CHANNEL_KINDS, CHANNEL_STATUSES, PLATFORMS } from './channels.fns.ts';

export const ChannelSchema = z
  .object({
    id: z.string(),
    platform: z.enum(PLATFORMS),
    handle: z.string(),
    name: z.string(),
    url: z.string(),
    purpose: z.string().describe('Finalità dichiarata del canale'),
    audience: z.string().describe('Pubblico a cui si rivolge'),
    ownerDeskId: z.string().nullable().describe('Desk responsabile'),
    status: z.enum(CHANNEL_STATUSES),
    kind: z.enum(CHANNEL_KINDS).describe('institutional (L. 150/2000) or political'),
    policyLinked: z.boolean().describe('La bio del canale rimanda alla social media policy (confermato dallo staff)'),
    policyLinkConfirmedAt: IsoDateTime.nullable(),
    custody: z
      .object({
        holders: z.array(z.string()).describe('Chi custodisce le credenziali'),
        editors: z.array(z.string()).describe('Chi può cambiarle'),
        rotatedOn: z.string().nullable().describe('Data ultima rotazione'),
      })
      .describe('Custodia delle credenziali (chi le detiene, chi può cambiarle)'),
    credentials: z
      .object({ configured: z.boolean(), updatedAt: IsoDateTime.nullable() })
      .describe('Il segreto non viene mai restituito / the secret is never returned'),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Channel' });

const custody = z.object({
  holders: z.array(z.string().uuid()).max(50).optional(),
  editors: z.array(z.string().uuid()).max(50).optional(),
  rotatedOn: IsoDate.nullable().optional(),
});

const httpUrl = z
  .string()
  .trim()
  .max(500)
  .url()
  .refine((u) => /^https?:\/\//i.test(u), 'http(s) URL');

export const ChannelCreateBody = z.object({
  platform: z.enum(PLATFORMS),
  handle: z.string().trim().min(1).max(200),
  name: z.string().trim().min(2).max(200),
  url: httpUrl,
  purpose: z.string().trim().min(3).max(2000),
  audience: z.string().trim().min(3).max(2000),
  ownerDeskId: z.string().uuid().nullable().optional(),
  status: z.enum(CHANNEL_STATUSES).optional(),
  kind: z.enum(CHANNEL_KINDS).optional(),
  policyLinked: z.boolean().optional(),
  custody: custody.optional(),
});

export const ChannelUpdateBody = ChannelCreateBody.partial().extend({
  version: z.number().int().positive().optional().describe('Versione letta: 409 se nel frattempo è cambiata'),
});

export const CredentialsBody = z.object({
  secret: z
    .string()
    .min(1)
    .max(16_384)
    .nullable()
    .describe('Token di accesso o JSON di credenziali; null per rimuoverlo. Cifrato, mai restituito.'),
});
