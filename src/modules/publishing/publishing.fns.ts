/**
 * The publishing queue as pure functions: the publication state machine, what to do after a
 * connector's failure, backoff, and the token buckets behind each platform's rate limits.
 *
 *   programmato ──claimed by a worker──▶ in_pubblicazione
 *   da_riprovare ──claimed──▶ in_pubblicazione
 *   in_pubblicazione ──published, or lookup found it──▶ pubblicato            (final)
 *   in_pubblicazione ──rate limited / transient / unknown outcome with lookup──▶ da_riprovare
 *   in_pubblicazione ──unknown outcome and the connector cannot look up──▶ da_verificare
 *   in_pubblicazione ──refused content, media, disconnected, too many failures──▶ fallito
 *   in_pubblicazione ──lease expired (worker killed)──▶ claimed again with `needsLookup`
 *   programmato | da_riprovare ──variant edited or unscheduled──▶ annullato
 *   fallito | annullato ──publish now / schedule again──▶ programmato
 *   da_verificare ──a person: "it went out" (link)──▶ pubblicato
 *   da_verificare ──a person: "nothing went out"──▶ programmato (due now)
 */
import type { ConnectorErrorKind, RateLimit } from '../../connectors/contract.ts';

export const PUBLICATION_STATES = ['programmato', 'in_pubblicazione', 'da_riprovare', 'pubblicato', 'fallito', 'da_verificare', 'annullato'] as const;
export type PublicationState = (typeof PUBLICATION_STATES)[number];

export const STATE_LABELS: Record<PublicationState, { it: string; en: string }> = {
  programmato: { it: 'Programmato', en: 'Scheduled' },
  in_pubblicazione: { it: 'In pubblicazione', en: 'Publishing' },
  da_riprovare: { it: 'In attesa di un nuovo tentativo', en: 'Waiting to retry' },
  pubblicato: { it: 'Pubblicato', en: 'Published' },
  fallito: { it: 'Non pubblicato', en: 'Failed' },
  da_verificare: { it: 'Da verificare', en: 'To be checked' },
  annullato: { it: 'Annullato', en: 'Cancelled' },
};

export type PublicationEvent =
  | { type: 'claim' }
  | { type: 'published' }
  | { type: 'retry' }
  | { type: 'needs_person' }
  | { type: 'fail' }
  | { type: 'cancel' }
  | { type: 'requeue' }
  | { type: 'resolve'; published: boolean };

/** The state after an event, or null when the event is not allowed in that state. */
export function nextState(state: PublicationState, event: PublicationEvent): PublicationState | null {
  switch (event.type) {
    case 'claim':
      return state === 'programmato' || state === 'da_riprovare' || state === 'in_pubblicazione' ? 'in_pubblicazione' : null;
    case 'published':
      return state === 'in_pubblicazione' ? 'pubblicato' : null;
    case 'retry':
      return state === 'in_pubblicazione' ? 'da_riprovare' : null;
    case 'needs_person':
      return state === 'in_pubblicazione' ? 'da_verificare' : null;
    case 'fail':
      return state === 'in_pubblicazione' ? 'fallito' : null;
    case 'cancel':
      return state === 'programmato' || state === 'da_riprovare' || state === 'in_pubblicazione' ? 'annullato' : null;
    case 'requeue':
      return state === 'programmato' || state === 'fallito' || state === 'annullato' || state === 'da_riprovare' ? 'programmato' : null;
    case 'resolve':
      if (state !== 'da_verificare') return null;
      return event.published ? 'pubblicato' : 'programmato';
  }
}

/** States in which the queue still has work to do. */
export const OPEN_STATES: readonly PublicationState[] = ['programmato', 'in_pubblicazione', 'da_riprovare'];

export interface RetryPolicy {
  /** First backoff in ms; doubles per failure. */
  baseMs: number;
  capMs: number;
  /** Failures (not rate limits) after which the publication fails for good. */
  maxFailures: number;
}

export const DEFAULT_RETRY: RetryPolicy = { baseMs: 30_000, capMs: 30 * 60_000, maxFailures: 5 };

/** Exponential backoff with "equal jitter": between half and all of base·2^(failures-1), capped. */
export function backoffMs(failures: number, policy: Pick<RetryPolicy, 'baseMs' | 'capMs'>, random: number = Math.random()): number {
  const exp = Math.min(policy.capMs, policy.baseMs * 2 ** Math.max(0, failures - 1));
  return Math.round(exp / 2 + (exp / 2) * Math.min(1, Math.max(0, random)));
}

export type Decision =
  | { action: 'retry'; afterMs: number; countsAsFailure: boolean; needsLookup: boolean; refresh?: boolean }
  | { action: 'verify' }
  | { action: 'fail'; reason: FailureReason; disconnect: boolean };

export type FailureReason = 'bad_request' | 'media_rejected' | 'disconnected' | 'auth_expired' | 'too_many_failures';

/**
 * What the queue does after a failed attempt. `failures` counts earlier failures, not this one;
 * `canRefresh` when the connector can refresh and has not just tried.
 */
export function decide(
  kind: ConnectorErrorKind,
  ctx: { failures: number; policy: RetryPolicy; canLookup: boolean; canRefresh: boolean; retryAfterMs?: number; random?: number },
): Decision {
  const failures = ctx.failures + 1;
  const exhausted = failures >= ctx.policy.maxFailures;
  switch (kind) {
    case 'rate_limited':
      // Not a failure: the platform said when; never dropped.
      return { action: 'retry', afterMs: Math.max(ctx.retryAfterMs ?? 60_000, 1_000), countsAsFailure: false, needsLookup: false };
    case 'transient':
      if (exhausted) return { action: 'fail', reason: 'too_many_failures', disconnect: false };
      return { action: 'retry', afterMs: backoffMs(failures, ctx.policy, ctx.random), countsAsFailure: true, needsLookup: false };
    case 'unknown_outcome':
      if (!ctx.canLookup) return { action: 'verify' };
      if (exhausted) return { action: 'verify' };
      return { action: 'retry', afterMs: backoffMs(failures, ctx.policy, ctx.random), countsAsFailure: true, needsLookup: true };
    case 'auth_expired':
      if (ctx.canRefresh) return { action: 'retry', afterMs: 0, countsAsFailure: true, needsLookup: false, refresh: true };
      return { action: 'fail', reason: 'auth_expired', disconnect: true };
    case 'disconnected':
      return { action: 'fail', reason: 'disconnected', disconnect: true };
    case 'bad_request':
      return { action: 'fail', reason: 'bad_request', disconnect: false };
    case 'media_rejected':
      return { action: 'fail', reason: 'media_rejected', disconnect: false };
  }
}

/** What the office reads when a publication failed: the cause and what to do. */
export const FAILURE_ADVICE: Record<FailureReason | 'channel_not_active' | 'no_credentials' | 'no_connector' | 'unknown_outcome', { it: string; en: string }> = {
  bad_request: {
    it: 'La piattaforma ha rifiutato il contenuto. Correggi il testo della variante (lunghezza, link, caratteri) e usa «Pubblica ora».',
    en: 'The platform refused the content. Fix the variant text (length, links, characters) and use "Publish now".',
  },
  media_rejected: {
    it: "La piattaforma ha rifiutato un'immagine o un video. Sostituisci il file (formato, dimensione) e usa «Pubblica ora».",
    en: 'The platform refused an image or video. Replace the file (format, size) and use "Publish now".',
  },
  disconnected: {
    it: "L'account non è più collegato. Ricollega il canale (Canali → Collega) e usa «Pubblica ora».",
    en: 'The account is no longer connected. Reconnect the channel (Channels → Connect) and use "Publish now".',
  },
  auth_expired: {
    it: 'Il token di accesso è scaduto e non si può rinnovare. Ricollega il canale e usa «Pubblica ora».',
    en: 'The access token expired and cannot be renewed. Reconnect the channel and use "Publish now".',
  },
  too_many_failures: {
    it: 'La piattaforma non ha risposto dopo diversi tentativi. Controlla lo stato della piattaforma e usa «Pubblica ora» più tardi.',
    en: 'The platform did not answer after several attempts. Check the platform status and use "Publish now" later.',
  },
  channel_not_active: {
    it: 'Il canale non è attivo (sospeso, archiviato o da ricollegare). Riattivalo o ricollegalo e usa «Pubblica ora».',
    en: 'The channel is not active (suspended, archived or to be reconnected). Reactivate or reconnect it and use "Publish now".',
  },
  no_credentials: {
    it: 'Il canale non ha credenziali. Collega il canale e usa «Pubblica ora».',
    en: 'The channel has no credentials. Connect the channel and use "Publish now".',
  },
  no_connector: {
    it: 'Redazione non sa ancora pubblicare su questa piattaforma. Pubblica a mano e segna il post come pubblicato.',
    en: 'Redazione cannot publish to this platform yet. Publish by hand and mark the post as published.',
  },
  unknown_outcome: {
    it: 'Non sappiamo se il post è uscito e la piattaforma non permette di verificarlo. Controlla il canale: se il post c’è, indica il link; se non c’è, scegli «Non è uscito» per ripubblicarlo.',
    en: 'We do not know whether the post went out and the platform cannot be asked. Check the channel: if it is there, give its link; if not, choose "Not published" to publish it again.',
  },
};

export interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Token bucket: capacity `limit.requests`, refilled at requests/perMs. Returns the bucket after
 * taking one token, or how long to wait for one.
 */
export function takeToken(bucket: Bucket | null, limit: RateLimit, now: number): { ok: true; bucket: Bucket } | { ok: false; bucket: Bucket; waitMs: number } {
  const rate = limit.requests / limit.perMs;
  const start = bucket ?? { tokens: limit.requests, updatedAt: now };
  const elapsed = Math.max(0, now - start.updatedAt);
  const tokens = Math.min(limit.requests, start.tokens + elapsed * rate);
  if (tokens >= 1) return { ok: true, bucket: { tokens: tokens - 1, updatedAt: now } };
  return { ok: false, bucket: { tokens, updatedAt: now }, waitMs: Math.ceil((1 - tokens) / rate) };
}

/** Whether a token expiring at `expiresAt` must be refreshed before `at` (with a margin). */
export function needsRefresh(expiresAt: string | null | undefined, at: Date, marginMs = 10 * 60_000): boolean {
  if (!expiresAt) return false;
  const t = Date.parse(expiresAt);
  return Number.isFinite(t) && t - marginMs <= at.getTime();
}

/** Whether an open publication is late: due more than `graceMs` ago and not published. */
export function isLate(p: { state: PublicationState; dueAt: Date }, now: Date, graceMs = 60_000): boolean {
  return OPEN_STATES.includes(p.state) && p.dueAt.getTime() + graceMs < now.getTime();
}

/** One claimed publication's token needs: its channel bucket and, when the platform has one, its app bucket. */
export interface TokenNeed {
  keys: { key: string; limit: RateLimit }[];
}

/**
 * Token buckets for a whole claimed batch at once (one read and one write of the shared buckets
 * per batch instead of per publication). Publications are served in order; one that lacks a
 * token in any of its buckets takes none and is told how long to wait (as `takeToken` per row).
 */
export function allocateTokens(
  needs: readonly TokenNeed[],
  buckets: ReadonlyMap<string, Bucket | null>,
  now: number,
): { results: ({ ok: true } | { ok: false; waitMs: number })[]; buckets: Map<string, Bucket>; touched: string[] } {
  const state = new Map<string, Bucket>();
  for (const [k, b] of buckets) if (b) state.set(k, b);
  const touched = new Set<string>();
  const results = needs.map((need) => {
    let waitMs = 0;
    const taken = need.keys.map(({ key, limit }) => {
      const t = takeToken(state.get(key) ?? null, limit, now);
      if (!t.ok) waitMs = Math.max(waitMs, t.waitMs);
      return { key, t };
    });
    if (waitMs > 0) return { ok: false as const, waitMs };
    for (const { key, t } of taken) {
      state.set(key, t.bucket);
      touched.add(key);
    }
    return { ok: true as const };
  });
  return { results, buckets: state, touched: [...touched].sort() };
}

/**
 * How many publications a worker claims now: none while it is busy and fewer than a useful batch
 * of slots are free (claiming one row per finished publication costs a transaction each); as
 * many as are free, up to the batch size, otherwise.
 */
export function claimSize(inflight: number, concurrency: number, batchSize: number): number {
  const free = Math.max(0, concurrency - inflight);
  if (free === 0) return 0;
  const worthIt = Math.max(1, Math.min(batchSize, Math.ceil(concurrency / 2)));
  if (inflight > 0 && free < worthIt) return 0;
  return Math.min(free, Math.max(1, batchSize));
}

/** How long an idle worker sleeps: until the next due time, at most `capMs` (0 when already due). */
export function idleSleepMs(nextDueAt: Date | null, now: number, capMs: number): number {
  if (!nextDueAt) return capMs;
  return Math.max(0, Math.min(capMs, nextDueAt.getTime() - now));
}
