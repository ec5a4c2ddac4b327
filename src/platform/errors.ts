/**
 * Domain errors: a stable snake_case code, optional parameters for the localized message, and
 * optional field errors. Domain code throws these and knows nothing of HTTP; the HTTP layer maps
 * each code to a status (platform/http/problem.ts).
 */
export type ErrorCode =
  | 'validation_failed'
  | 'unauthenticated'
  | 'invalid_credentials'
  | 'forbidden'
  | 'csrf_failed'
  | 'not_found'
  | 'conflict'
  | 'version_conflict'
  | 'duplicate_channel'
  | 'duplicate_slug'
  | 'duplicate_person'
  | 'rate_limited'
  | 'payload_too_large'
  | 'unsupported_media_type'
  | 'oidc_not_configured'
  | 'oidc_failed'
  | 'last_admin'
  | 'invalid_transition'
  | 'self_approval'
  | 'already_approved'
  | 'blocking_findings'
  | 'no_variants'
  | 'not_scheduled'
  | 'no_connector'
  | 'connection_failed'
  | 'not_publishable'
  | 'media_type_not_allowed'
  | 'media_too_large'
  | 'webhook_unauthorized'
  | 'reply_failed'
  | 'invalid_state'
  | 'crisis_active'
  | 'no_crisis'
  | 'alert_not_draft'
  | 'internal';

export interface FieldError {
  /** Dotted path of the field, e.g. "act.number". */
  field: string;
  code: string;
  message?: string;
  /** A message already written in both languages (e.g. an editorial finding); wins over `code`. */
  messages?: { it: string; en: string };
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly fieldErrors: FieldError[] = [],
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export const notFound = (what: string) => new DomainError('not_found', { what });
export const forbidden = (action: string) => new DomainError('forbidden', { action });
