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
  // Plain loops and string appends: this runs for every audit event (a batch of thousands).
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i ? ',' : '') + canonicalJson(value[i]);
    return `${out}]`;
  }
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj).sort(); // UTF-16 code unit order
  let out = '{';
  for (const k of keys) {
    const v = obj[k];
    if (v === undefined) continue;
    out += `${out.length > 1 ? ',' : ''}${JSON.stringify(k)}:${canonicalJson(v)}`;
  }
  return `${out}}`;
}

/** Plain JSON data as the database will give it back (Dates become ISO strings). */
export function toJsonValue(value: unknown): unknown {
  return value === undefined ? null : (JSON.parse(JSON.stringify(value)) as unknown);
}

/** hash_n = SHA-256(hash_{n-1} || canonical(fields_n)). */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  return chainHashOf(prevHash, canonicalJson(fields));
}

/** The same, from the canonical JSON of the fields. */
export function chainHashOf(prevHash: string, canonical: string): string {
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/**
 * The canonical JSON of an event's fields without its sequence number, open at the end: `seq`
 * sorts after every other field, so `canonicalWithSeq` completes it into `canonicalJson(fields)`.
 * Lets a batch prepare its events before it knows where they go in the chain.
 */
export function canonicalWithoutSeq(fields: Omit<ChainedFields, 'seq'>): string {
  return canonicalJson(fields).slice(0, -1);
}

export function canonicalWithSeq(withoutSeq: string, seq: number): string {
  return `${withoutSeq},"seq":${seq}}`;
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
