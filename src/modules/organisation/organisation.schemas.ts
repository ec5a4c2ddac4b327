import { z } from 'zod';
import { ROLES } from '../../platform/auth/roles.ts';
import { IsoDateTime } from '../../platform/http/schemas.ts';
import { ENTE_TYPES, isValidSlug } from './organisation.fns.ts';

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const timeZone = z.string().refine((tz) => {
  try {
    new Intl.DateTimeFormat('it-IT', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}, 'unknown IANA time zone');

export const EnteSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    name: z.string(),
    type: z.enum(ENTE_TYPES),
    codiceIpa: z.string().nullable().describe("Codice IPA dell'Ente (Indice dei domicili digitali della PA)"),
    timeZone: z.string(),
    parent: z.object({ slug: z.string(), name: z.string() }).nullable().describe("L'Ente che coordina questo (es. la Provincia)"),
    website: z.string().nullable(),
    email: z.string().nullable(),
    roles: z.array(z.string()).describe("I ruoli dell'utente corrente in questo Ente"),
    createdAt: IsoDateTime,
    updatedAt: IsoDateTime,
    version: z.number().int(),
  })
  .meta({ id: 'Ente' });

export const EnteCreateBody = z.object({
  slug: z.string().refine(isValidSlug, 'lowercase letters, digits and dashes'),
  name: z.string().trim().min(2).max(200),
  type: z.enum(ENTE_TYPES),
  codiceIpa: optionalText(32),
  timeZone: timeZone.optional(),
  parentSlug: z.string().nullable().optional(),
  website: z.string().url().max(500).nullable().optional(),
  email: z.string().email().max(254).nullable().optional(),
});

export const EnteUpdateBody = EnteCreateBody.omit({ slug: true })
  .partial()
  .extend({ version: z.number().int().positive().optional().describe('Versione letta: 409 se nel frattempo è cambiata') });

export const PersonSchema = z
  .object({
    userId: z.string(),
    email: z.string(),
    name: z.string(),
    roles: z.array(z.string()),
    jobTitle: z.string().nullable(),
    desks: z.array(z.string()).describe('Chiavi dei desk di cui fa parte'),
  })
  .meta({ id: 'Person' });

const rolesField = z.array(z.enum(ROLES)).min(1).max(ROLES.length);

export const PersonCreateBody = z.object({
  email: z.string().trim().email().max(254),
  name: z.string().trim().min(2).max(200),
  roles: rolesField,
  jobTitle: optionalText(200),
  password: z.string().min(10).max(1024).optional().describe('Password iniziale; se assente ne viene generata una temporanea'),
});

export const PersonUpdateBody = z.object({ roles: rolesField.optional(), jobTitle: optionalText(200) });

export const DeskSchema = z
  .object({
    id: z.string(),
    key: z.string(),
    name: z.string(),
    description: z.string(),
    lead: z.object({ userId: z.string(), name: z.string() }).nullable(),
    members: z.array(z.object({ userId: z.string(), name: z.string(), email: z.string() })),
    version: z.number().int(),
  })
  .meta({ id: 'Desk' });

export const DeskCreateBody = z.object({
  key: z.string().regex(/^[a-z0-9_-]{2,32}$/),
  name: z.string().trim().min(2).max(120),
  description: z.string().trim().max(1000).optional(),
});

export const DeskUpdateBody = z.object({
  name: z.string().trim().min(2).max(120).optional(),
  description: z.string().trim().max(1000).optional(),
  leadUserId: z.string().uuid().nullable().optional(),
  memberIds: z.array(z.string().uuid()).max(500).optional(),
  version: z.number().int().positive().optional(),
});
