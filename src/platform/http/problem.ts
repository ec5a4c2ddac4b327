/**
 * One place that turns every error into RFC 9457 application/problem+json, in the language the
 * client asked for. Unknown errors are logged and answered with a generic 500, never echoed.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { DomainError, type ErrorCode, type FieldError } from '../errors.ts';
import { errorMessage, FIELD_MESSAGES, type Lang } from '../i18n.ts';

const STATUS: Record<ErrorCode, number> = {
  validation_failed: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  forbidden: 403,
  csrf_failed: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  duplicate_channel: 409,
  duplicate_slug: 409,
  duplicate_person: 409,
  last_admin: 409,
  invalid_transition: 409,
  self_approval: 403,
  already_approved: 409,
  blocking_findings: 422,
  no_variants: 422,
  not_scheduled: 422,
  no_connector: 422,
  connection_failed: 422,
  not_publishable: 409,
  crisis_active: 409,
  no_crisis: 409,
  alert_not_draft: 409,
  media_type_not_allowed: 415,
  media_too_large: 413,
  rate_limited: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
  oidc_not_configured: 404,
  oidc_failed: 400,
  webhook_unauthorized: 401,
  reply_failed: 502,
  invalid_state: 409,
  internal: 500,
};

const TITLES: Record<number, Record<Lang, string>> = {
  400: { it: 'Richiesta non valida', en: 'Bad request' },
  401: { it: 'Accesso richiesto', en: 'Authentication required' },
  403: { it: 'Operazione non consentita', en: 'Forbidden' },
  404: { it: 'Non trovato', en: 'Not found' },
  409: { it: 'Conflitto', en: 'Conflict' },
  413: { it: 'Richiesta troppo grande', en: 'Payload too large' },
  415: { it: 'Formato non supportato', en: 'Unsupported media type' },
  422: { it: 'Operazione non eseguibile', en: 'Unprocessable request' },
  429: { it: 'Troppe richieste', en: 'Too many requests' },
  502: { it: 'La piattaforma ha rifiutato', en: 'The platform refused' },
  500: { it: 'Errore interno', en: 'Internal server error' },
};

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: (FieldError & { message: string })[];
}

function localizeField(e: FieldError, lang: Lang): FieldError & { message: string } {
  const { messages, ...rest } = e;
  return { ...rest, message: e.message ?? messages?.[lang] ?? (FIELD_MESSAGES[e.code] ?? FIELD_MESSAGES.custom!)[lang] };
}

/** Builds the problem document for a code. */
export function problem(
  req: FastifyRequest,
  code: ErrorCode,
  params: Record<string, string | number> = {},
  fieldErrors: FieldError[] = [],
): Problem {
  const status = STATUS[code];
  const lang = req.lang ?? 'it';
  const p: Problem = {
    type: `urn:redazione:problem:${code}`,
    title: (TITLES[status] ?? TITLES[500]!)[lang],
    status,
    detail: errorMessage(code, lang, params),
    instance: req.url.split('?')[0] ?? req.url,
    code,
    requestId: String(req.id),
  };
  if (fieldErrors.length) p.errors = fieldErrors.map((e) => localizeField(e, lang));
  return p;
}

export function sendProblem(reply: FastifyReply, p: Problem): FastifyReply {
  return reply.code(p.status).type('application/problem+json; charset=utf-8').send(p);
}

/** Fastify's own error codes for bad requests. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_JSON_BODY: 'validation_failed',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'validation_failed',
};

function valueAt(root: unknown, path: string[]): unknown {
  let cur = root;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

/** The error handler registered on the server. */
export function handleError(error: FastifyError | Error, req: FastifyRequest, reply: FastifyReply) {
  if (error instanceof DomainError) {
    if (error.code === 'rate_limited') {
      reply.header('Retry-After', String(error.params.seconds ?? 60));
      reply.header('RateLimit-Limit', String(error.params.limit ?? 0));
      reply.header('RateLimit-Remaining', '0');
      reply.header('RateLimit-Reset', String(error.params.seconds ?? 60));
    }
    return sendProblem(reply, problem(req, error.code, error.params, error.fieldErrors));
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const context = error.validationContext ?? 'body';
    const input = (req as unknown as Record<string, unknown>)[context];
    const fields: FieldError[] = error.validation.map((v) => {
      const path = v.instancePath.split('/').filter(Boolean);
      const missing = path.length > 0 && valueAt(input, path) === undefined;
      return {
        field: (context === 'body' ? path : [context, ...path]).join('.') || context,
        code: missing ? 'required' : v.keyword,
      };
    });
    return sendProblem(reply, problem(req, 'validation_failed', {}, fields));
  }
  if (isResponseSerializationError(error)) {
    req.log.error({ err: error, issues: error.cause.issues }, 'response does not match its schema');
    return sendProblem(reply, problem(req, 'internal'));
  }
  const fe = error as FastifyError;
  const mapped = fe.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped) return sendProblem(reply, problem(req, mapped, {}, mapped === 'validation_failed' ? [{ field: 'body', code: 'invalid_format' }] : []));
  if (fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code: ErrorCode = fe.statusCode === 404 ? 'not_found' : fe.statusCode === 413 ? 'payload_too_large' : 'validation_failed';
    return sendProblem(reply, problem(req, code, { what: req.url }));
  }
  req.log.error({ err: error }, 'unhandled error');
  return sendProblem(reply, problem(req, 'internal'));
}
