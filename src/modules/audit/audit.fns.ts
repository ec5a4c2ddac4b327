import crypto from 'node:crypto';

/** The first link of every Ente's chain. */
export const GENESIS = '0'.repeat(64);

export interface ChainedFields {
  enteId: string;
  seq: number;
  at: string; // ISO 8601 with milliseconds
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

/** Plain JSON data as the database will give it back (Dates become ISO strings). */
export function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** hash_n = SHA-256(hash_{n-1} || canonical(fields_n)). */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonicalJson(fields)).digest('hex');
}

/** Fields that never enter the audit trail in clear. */
const REDACTED = new Set(['password', 'passwordHash', 'secret', 'token', 'tokenHash', 'ciphertext', 'csrfToken']);

/** Copies a record for the audit trail, without secrets. */
export function redact(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(redact);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = REDACTED.has(k) ? '[redatto]' : redact(v);
  return out;
}
