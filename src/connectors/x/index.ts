/**
 * X (Twitter) connector: X API v2 with an OAuth 2.0 user-context token.
 *
 * Follows (docs.x.com, "X API v2"):
 * - "Create Post" `POST /2/tweets` (`text`, `media.media_ids`; 201 `{data:{id,text}}`),
 *   "Delete Post" `DELETE /2/tweets/:id` (`{data:{deleted:true}}`), "User lookup me" `GET /2/users/me`,
 *   "User Posts timeline" `GET /2/users/:id/tweets?start_time=&tweet.fields=created_at`
 * - Media: "Media upload" `POST /2/media/upload` (multipart `media` + `media_category=tweet_image`,
 *   answer `{data:{id, media_key}}`) and "Create Media metadata" `POST /2/media/metadata`
 *   (`{id, metadata:{alt_text:{text}}}`) — the v2 endpoints, not v1.1 `media/upload.json` +
 *   `media/metadata/create.json` (https://developer.x.com/en/docs/media/upload-media/api-reference/post-media-metadata-create),
 *   which need OAuth 1.0a. Alt text at most 1,000 characters.
 * - "Rate limits" (429 with `x-rate-limit-limit`, `x-rate-limit-remaining`, `x-rate-limit-reset` epoch seconds)
 * - "Response codes and errors", https://docs.x.com/x-api/fundamentals/response-codes-and-errors
 *   (problem details `{title, detail, type, status}`; 403 "You are not allowed to create a Tweet
 *   with duplicate content.")
 * - "OAuth 2.0 Authorization Code Flow with PKCE": refresh with `POST /2/oauth2/token`,
 *   `grant_type=refresh_token`, `client_id` (and Basic auth for confidential clients)
 * - "Counting characters" (weighted length: 280, URLs count 23, most non-Latin scripts and emoji 2)
 *
 * Credentials: `accessToken`, `refreshToken`, `account.clientId` (and `account.clientSecret` for a
 * confidential client), optional `account.userId` (saves a call on lookup).
 * Video: not published yet (needs the chunked INIT/APPEND/FINALIZE upload): refused before any call.
 * The transport and error mapping are in `api.ts`; the community inbox's replies, hiding and
 * mention polling in `interactions.ts`.
 */
import {
  type AccountIdentity,
  type ChannelCredentials,
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type PublishRequest,
  type PublishResult,
} from '../contract.ts';
import { answered, byStatus, jsonOf, requireBearer, tooLong } from '../failures.ts';
import { auth, base, call, mapError, me, PLATFORM, weightedLength, X_MAX_WEIGHT } from './api.ts';
import { xInteractions } from './interactions.ts';

export { weightedLength, X_MAX_WEIGHT } from './api.ts';
export const X_MAX_IMAGES = 4;

/** For comparing our text with X's: t.co links and HTML entities differ. */
export function normalizeForMatch(s: string): string {
  return s
    .replace(/https?:\/\/\S+/g, '<url>')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/\s+/g, ' ')
    .trim();
}

async function uploadImage(ctx: ConnectorContext, m: PublishRequest['media'][number]): Promise<string> {
  const form = new FormData();
  form.set('media', new Blob([new Uint8Array(await m.bytes())], { type: m.mime }), m.filename);
  form.set('media_category', 'tweet_image');
  const res = await call<{ data?: { id?: string } }>(ctx, '/2/media/upload', { method: 'POST', headers: auth(ctx), body: form }).catch((err: unknown) => {
    if (err instanceof ConnectorError && err.kind === 'bad_request') {
      throw new ConnectorError('media_rejected', { it: 'X ha rifiutato l’immagine (formato o dimensioni, massimo 5 MB): sostituiscila.', en: 'X refused the image (format or size, at most 5 MB): replace it.' }, err.details);
    }
    throw err;
  });
  const id = res.data?.id;
  if (!id) throw new ConnectorError('transient', { it: 'X non ha restituito l’identificativo dell’immagine: riprovo.', en: 'X returned no media id: retrying.' });
  if (m.altText) {
    await call(ctx, '/2/media/metadata', {
      method: 'POST',
      headers: { ...auth(ctx), 'content-type': 'application/json' },
      body: JSON.stringify({ id, metadata: { alt_text: { text: m.altText.slice(0, 1000) } } }),
    });
  }
  return id;
}

async function publish(ctx: ConnectorContext, req: PublishRequest): Promise<PublishResult> {
  requireBearer(ctx, PLATFORM);
  const text = req.link && !req.text.includes(req.link) ? `${req.text} ${req.link}` : req.text;
  const weight = weightedLength(text);
  if (weight > X_MAX_WEIGHT) throw tooLong(PLATFORM, X_MAX_WEIGHT, weight);
  if (req.media.some((m) => m.kind === 'video')) {
    throw new ConnectorError('bad_request', {
      it: 'La pubblicazione di video su X non è ancora supportata da Redazione: usa un’immagine.',
      en: 'Publishing videos to X is not supported by Redazione yet: use an image.',
    });
  }
  if (req.media.length > X_MAX_IMAGES) {
    throw new ConnectorError('bad_request', { it: `X accetta al massimo ${X_MAX_IMAGES} immagini per post: togline ${req.media.length - X_MAX_IMAGES}.`, en: `X takes at most ${X_MAX_IMAGES} images per post: remove ${req.media.length - X_MAX_IMAGES}.` });
  }
  const mediaIds: string[] = [];
  for (const m of req.media) mediaIds.push(await uploadImage(ctx, m)); // nothing visible yet
  const body = { text, ...(mediaIds.length ? { media: { media_ids: mediaIds } } : {}) };
  try {
    const res = await call<{ data?: { id?: string } }>(ctx, '/2/tweets', { method: 'POST', headers: { ...auth(ctx), 'content-type': 'application/json' }, body: JSON.stringify(body) }, true);
    const id = res.data?.id;
    if (!id) throw new ConnectorError('unknown_outcome', { it: 'X ha risposto senza l’identificativo del post: verifico se è uscito.', en: 'X answered without the post id: checking whether it went out.' });
    return { platformId: id, url: `https://x.com/i/web/status/${id}`, publishedAt: ctx.now() };
  } catch (err) {
    // A duplicate is ours, already out, only if the timeline shows it (an earlier attempt that
    // timed out); otherwise the text collides with something else and must change.
    if (err instanceof ConnectorError && err.details.platformCode === 'duplicate') {
      const found = await lookup(ctx, { idempotencyKey: req.idempotencyKey, text, since: new Date(ctx.now().getTime() - 24 * 3600 * 1000) });
      if (found) return found;
    }
    throw err;
  }
}

async function lookup(ctx: ConnectorContext, req: { idempotencyKey: string; text: string; since: Date }): Promise<PublishResult | null> {
  const userId = ctx.credentials?.account?.userId || (await me(ctx)).id;
  const start = new Date(req.since.getTime() - 60_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const res = await call<{ data?: Array<{ id: string; text: string; created_at?: string }> }>(
    ctx,
    `/2/users/${encodeURIComponent(userId)}/tweets?start_time=${encodeURIComponent(start)}&max_results=100&tweet.fields=created_at`,
    { method: 'GET', headers: auth(ctx) },
  );
  const want = normalizeForMatch(req.text);
  const hit = (res.data ?? []).find((t) => normalizeForMatch(t.text) === want);
  return hit ? { platformId: hit.id, url: `https://x.com/i/web/status/${hit.id}`, publishedAt: hit.created_at ? new Date(hit.created_at) : ctx.now() } : null;
}

async function identity(ctx: ConnectorContext): Promise<AccountIdentity> {
  const u = await me(ctx);
  return { id: u.id, handle: u.username ?? u.id, name: u.name ?? u.username ?? u.id, url: u.username ? `https://x.com/${u.username}` : null };
}

async function remove(ctx: ConnectorContext, platformId: string): Promise<void> {
  const { res, text } = await answered(ctx, PLATFORM, `${base(ctx)}/2/tweets/${encodeURIComponent(platformId)}`, { method: 'DELETE', headers: auth(ctx) }, false);
  if (res.ok || res.status === 404) return;
  throw mapError(ctx, res.status, text, res.headers, false);
}

async function refresh(ctx: ConnectorContext): Promise<ChannelCredentials> {
  const creds = ctx.credentials;
  const account = creds?.account ?? {};
  const failed = (why: string) =>
    new ConnectorError('auth_expired', {
      it: `Non è stato possibile rinnovare l’accesso a X (${why}): ricollega il canale dalla scheda Canali.`,
      en: `The X access could not be renewed (${why}): reconnect the channel from the Channels tab.`,
    });
  if (!creds?.refreshToken || !account.clientId) throw failed('manca il refresh token o il client id / refresh token or client id missing');
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
  if (account.clientSecret) headers.authorization = `Basic ${Buffer.from(`${account.clientId}:${account.clientSecret}`).toString('base64')}`;
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: account.clientId });
  const { res, text } = await answered(ctx, PLATFORM, `${base(ctx)}/2/oauth2/token`, { method: 'POST', headers, body: form.toString() }, false);
  const body = jsonOf<{ access_token?: string; refresh_token?: string; expires_in?: number; error?: string; error_description?: string }>(text);
  if (!res.ok || !body.access_token) {
    if (res.status >= 500) throw byStatus(res.status, false, PLATFORM, { status: res.status }, '', res.headers, ctx.now());
    throw failed(body.error_description ?? body.error ?? `HTTP ${res.status}`);
  }
  // X rotates refresh tokens: the old one stops working, so the new one must be stored.
  return { ...creds, accessToken: body.access_token, refreshToken: body.refresh_token ?? creds.refreshToken, expiresAt: body.expires_in ? new Date(ctx.now().getTime() + body.expires_in * 1000).toISOString() : null };
}

export const xConnector: Connector & typeof xInteractions = {
  platform: 'x',
  capabilities: { media: true, altText: true, delete: true, lookup: true, refresh: true },
  // POST /2/tweets: 100 per 15 minutes per user; the app-wide cap depends on the access tier.
  rateLimits: { perChannel: { requests: 100, perMs: 15 * 60 * 1000 }, perApp: { requests: 10_000, perMs: 24 * 60 * 60 * 1000 } },
  identity,
  publish,
  lookup,
  delete: remove,
  refresh,
  ...xInteractions,
};
