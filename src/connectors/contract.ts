/**
 * One contract for every platform Redazione publishes to. The publishing queue only ever talks to
 * a `Connector`; each platform's adapter lives in `src/connectors/<platform>/` and is written
 * against that platform's published API (its file says which documentation pages it follows).
 *
 * Idempotency rule, which every connector and the queue must keep:
 *   once `publish` has returned a result, the variant is published and is never published again;
 *   if `publish` threw an error whose kind is `unknown_outcome` (timeout after sending, connection
 *   reset, 5xx after the request was accepted, worker killed), nobody may call `publish` again for
 *   that variant before `lookup` has answered that nothing went out. A connector that cannot look
 *   up says so (`capabilities.lookup = false`): the queue then stops and asks a person to check.
 */
import type { Platform } from '../modules/channels/index.ts';

/** What the Ente stores, sealed, for a channel (JSON in the channel's credentials). */
export interface ChannelCredentials {
  accessToken: string;
  refreshToken?: string | null;
  /** ISO date-time when the access token expires, when the platform says. */
  expiresAt?: string | null;
  /** Platform-specific identifiers: page id, chat id, organisation URN, DID, instance URL… */
  account?: Record<string, string>;
}

export interface ConnectorChannel {
  enteId: string;
  id: string;
  platform: Platform;
  handle: string;
  url: string;
}

export interface MediaForPublish {
  kind: 'image' | 'video';
  filename: string;
  mime: string;
  altText: string | null;
  /** The bytes, read only when the connector uploads. */
  bytes(): Promise<Buffer>;
  hasCaptions?: boolean;
}

export interface PublishRequest {
  /** Stable per variant: the same key for every attempt of one variant. */
  idempotencyKey: string;
  text: string;
  link?: string | null;
  title?: string | null;
  media: MediaForPublish[];
}

export interface PublishResult {
  /** The platform's id of the created item (message id, status id, URI, URN…). */
  platformId: string;
  /** A public link to it, when the platform has one. */
  url: string | null;
  publishedAt: Date;
}

export interface AccountIdentity {
  id: string;
  handle: string;
  name: string;
  url: string | null;
}

/** How an outgoing call is made: base URL overridable (local peers and fakes in tests), timeouts. */
export interface ConnectorHttp {
  fetch(url: string, init?: RequestInit & { timeoutMs?: number }): Promise<Response>;
}

export interface ConnectorContext {
  channel: ConnectorChannel;
  credentials: ChannelCredentials | null;
  http: ConnectorHttp;
  /** Base URL of the platform's API, when the Ente or a test points it elsewhere. */
  apiBase?: string;
  now(): Date;
}

/** The typed failure taxonomy: what happened decides what the queue does. */
export type ConnectorErrorKind =
  | 'auth_expired' // token expired or revoked: refresh, else mark the channel "da ricollegare"
  | 'disconnected' // no credentials, or the account is gone: a person must reconnect
  | 'bad_request' // the content is refused (too long, forbidden): never retried; shorten or fix
  | 'media_rejected' // an image or video is refused: never retried; change the media
  | 'rate_limited' // retry after `retryAfterMs`, not before
  | 'transient' // nothing was created (refused before processing, 502 before accept): retry with backoff
  | 'unknown_outcome'; // the request may have gone through: lookup before any retry

export class ConnectorError extends Error {
  constructor(
    readonly kind: ConnectorErrorKind,
    /** What happened and what to do, for the office, in Italian and English. */
    readonly explanation: { it: string; en: string },
    readonly details: { status?: number; platformCode?: string | number; retryAfterMs?: number } = {},
  ) {
    super(`${kind}: ${explanation.en}`);
    this.name = 'ConnectorError';
  }
}

export interface RateLimit {
  /** At most `requests` publish calls per `perMs` milliseconds. */
  requests: number;
  perMs: number;
}

export interface Connector {
  platform: Platform;
  /**
   * False for a channel the Ente owns on this server (its ActivityPub actor: the keys live in our
   * database): the queue publishes with `credentials: null`. Absent or true: stored credentials
   * are required and a channel without them fails with "no_credentials".
   */
  needsCredentials?: boolean;
  capabilities: {
    media: boolean;
    altText: boolean;
    delete: boolean;
    /** Can answer "did a post with this key/text go out since…?" (see the idempotency rule). */
    lookup: boolean;
    refresh: boolean;
  };
  /** Per channel (account) and per app (all channels of this platform in one installation). */
  rateLimits: { perChannel: RateLimit; perApp?: RateLimit };
  /** Who the credentials belong to: checks a connection. */
  identity(ctx: ConnectorContext): Promise<AccountIdentity>;
  publish(ctx: ConnectorContext, req: PublishRequest): Promise<PublishResult>;
  /** After an unknown outcome: the publication with this key, or null when nothing went out. */
  lookup(ctx: ConnectorContext, req: { idempotencyKey: string; text: string; since: Date }): Promise<PublishResult | null>;
  delete(ctx: ConnectorContext, platformId: string): Promise<void>;
  /** New credentials from the refresh token; throws `auth_expired` when that fails too. */
  refresh?(ctx: ConnectorContext): Promise<ChannelCredentials>;
}

/** Maps an HTTP answer's status to the taxonomy, for connectors' shared use. */
export function kindOfStatus(status: number): ConnectorErrorKind {
  if (status === 401) return 'auth_expired';
  if (status === 403) return 'disconnected';
  if (status === 429) return 'rate_limited';
  if (status === 413 || status === 415) return 'media_rejected';
  if (status >= 400 && status < 500) return 'bad_request';
  if (status === 502 || status === 503) return 'transient';
  return 'unknown_outcome';
}

/** Seconds or an HTTP date in Retry-After, or a reset epoch in x-rate-limit-reset, in ms from now. */
export function retryAfterMs(headers: Headers, now: Date): number | undefined {
  const ra = headers.get('retry-after');
  if (ra) {
    const s = Number(ra);
    if (Number.isFinite(s)) return Math.max(0, s * 1000);
    const d = Date.parse(ra);
    if (!Number.isNaN(d)) return Math.max(0, d - now.getTime());
  }
  const reset = headers.get('x-rate-limit-reset') ?? headers.get('ratelimit-reset');
  if (reset) {
    const n = Number(reset);
    if (Number.isFinite(n)) return n > 1e9 ? Math.max(0, n * 1000 - now.getTime()) : n * 1000;
  }
  return undefined;
}
