import { z } from 'zod';
import { DomainError } from '../errors.ts';
import type { FastifyRequest } from 'fastify';
import type { Actor } from './context.ts';

/** RFC 9457 problem document, as every error response is. */
export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string(),
    code: z.string().describe('Stable error code, e.g. validation_failed, duplicate_channel'),
    requestId: z.string(),
    errors: z
      .array(z.object({ field: z.string(), code: z.string(), message: z.string() }))
      .optional()
      .describe('Field errors of a validation failure'),
  })
  .meta({ id: 'Problem' });

const DESCRIPTIONS: Record<number, string> = {
  400: 'Dati non validi / invalid input (field errors in `errors`)',
  401: 'Accesso richiesto / authentication required',
  403: 'Ruolo insufficiente o CSRF / role missing or CSRF failure',
  404: 'Non trovato o non visibile / not found or not visible',
  409: 'Conflitto / conflict (duplicate or stale version)',
  413: 'Troppo grande / payload too large (the limit is named in `detail`)',
  415: 'Formato non supportato / unsupported media type',
  422: 'Non ammesso nello stato attuale / not acceptable as it is (e.g. blocking findings in `errors`)',
  429: 'Troppe richieste / rate limited (Retry-After)',
};

/** Problem responses for the given statuses, for route schemas. */
export function problems(...statuses: number[]) {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema.describe(DESCRIPTIONS[s] ?? 'Errore / error')]));
}

export const EnteParams = z.object({ ente: z.string().min(1).max(64).describe("Slug dell'Ente / the Ente's slug") });
export const IsoDateTime = z.string().describe('ISO 8601 date-time');
export const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD');

/** The authenticated actor, or a 401. */
export function requireActor(req: FastifyRequest): Actor {
  if (!req.actor) throw new DomainError('unauthenticated');
  return req.actor;
}
