/**
 * LinkedIn connector: posts as an organisation (a Company Page) through the versioned REST API.
 *
 * Follows (Microsoft Learn, "LinkedIn Marketing API – Community Management"):
 * - "Posts API", https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
 *   (`POST /rest/posts` with `author`, `commentary`, `visibility`, `distribution`, `lifecycleState`;
 *   201 with the post URN in `x-restli-id`; `GET /rest/posts?author=…&q=author` with
 *   `X-RestLi-Method: FINDER`; `DELETE /rest/posts/{encoded urn}` → 204)
 * - "Images API", https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api
 *   (`POST /rest/images?action=initializeUpload` → `{value:{uploadUrl, image}}`, then PUT the bytes;
 *   the post's `content.media` takes `{id, altText}`, several images go in `content.multiImage`)
 * - "Little Text Format", https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format
 *   (reserved characters in `commentary` must be backslash-escaped; hashtags as `{hashtag|\#|tag}`)
 * - "Versioning" and "Protocol Versions": headers `LinkedIn-Version: YYYYMM`, `X-Restli-Protocol-Version: 2.0.0`
 * - "Refresh Tokens with OAuth 2.0", https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens
 *   (`POST https://www.linkedin.com/oauth/v2/accessToken`, `grant_type=refresh_token`)
 * - "API Rate Limiting" (429; daily limits reset at midnight UTC) and "Error Handling"
 *   (body `{status, serviceErrorCode, code, message}`)
 *
 * Credentials: `accessToken`, `refreshToken`, `account.organizationId`; for refresh,
 * `account.clientId` and `account.clientSecret` (see the report: the app's secret belongs to the
 * installation, not to a channel — the contract has no place for it yet).
 * Video: not published by this connector yet (LinkedIn's Videos API uploads in parts): refused as
 * `bad_request` before any call.
 * The transport and error mapping are in `api.ts`; the community inbox's comment replies, deletion
 * and polling in `interactions.ts`.
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
import { answered, byStatus, jsonOf, requireBearer, sameText, tooLong } from '../failures.ts';
import { apiBase, call, headers, mapError, orgUrn, PLATFORM } from './api.ts';
import { linkedinInteractions } from './interactions.ts';

export { LINKEDIN_VERSION } from './api.ts';

export const LINKEDIN_MAX_COMMENTARY = 3000;
const oauthBase = (ctx: ConnectorContext) => (ctx.apiBase ?? 'https://www.linkedin.com').replace(/\/+$/, '');

/** Text as LinkedIn's "little text" commentary: reserved characters escaped, hashtags kept as hashtags. */
export function toLittleText(text: string): string {
  const escape = (s: string) => s.replace(/[\\|{}@[\]()<>#*_~]/g, (c) => `\\${c}`);
  let out = '';
  let last = 0;
  for (const m of text.matchAll(/#([\p{L}\p{N}_]+)/gu)) {
    out += escape(text.slice(last, m.index)) + `{hashtag|\\#|${m[1]}}`;
    last = m.index + m[0].length;
  }
  return out + escape(text.slice(last));
}

/** The upload URL LinkedIn hands back may carry the token only if it is LinkedIn's (or the configured base). */
function trustedUploadUrl(ctx: ConnectorContext, url: string): boolean {
  try {
    const u = new URL(url);
    if (ctx.apiBase) return u.origin === new URL(ctx.apiBase).origin;
    return u.protocol === 'https:' && (u.hostname === 'linkedin.com' || u.hostname.endsWith('.linkedin.com'));
  } catch {
    return false;
  }
}

async function uploadImage(ctx: ConnectorContext, owner: string, m: PublishRequest['media'][number]): Promise<string> {
  const init = await call<{ value?: { uploadUrl?: string; image?: string } }>(ctx, '/rest/images?action=initializeUpload', {
    method: 'POST',
    headers: headers(ctx, { 'content-type': 'application/json' }),
    body: JSON.stringify({ initializeUploadRequest: { owner } }),
  });
  const { uploadUrl, image } = init.body.value ?? {};
  if (!uploadUrl || !image || !trustedUploadUrl(ctx, uploadUrl)) {
    throw new ConnectorError('transient', { it: 'LinkedIn ha risposto in modo inatteso al caricamento dell’immagine: riprovo più tardi.', en: 'LinkedIn answered the image upload unexpectedly: retrying later.' }, { platformCode: 'upload_url' });
  }
  const bytes = await m.bytes();
  const { res, text } = await answered(ctx, PLATFORM, uploadUrl, { method: 'PUT', headers: { authorization: `Bearer ${requireBearer(ctx, PLATFORM)}`, 'content-type': m.mime }, body: new Uint8Array(bytes) }, false);
  if (!res.ok) {
    const e = mapError(ctx, res.status, text, res.headers, false);
    throw e.kind === 'bad_request' ? new ConnectorError('media_rejected', { it: 'LinkedIn ha rifiutato l’immagine: sostituiscila con un JPG, PNG o GIF più piccolo.', en: 'LinkedIn refused the image: replace it with a smaller JPG, PNG or GIF.' }, e.details) : e;
  }
  return image;
}

async function publish(ctx: ConnectorContext, req: PublishRequest): Promise<PublishResult> {
  const author = orgUrn(ctx);
  if ([...req.text].length > LINKEDIN_MAX_COMMENTARY) throw tooLong(PLATFORM, LINKEDIN_MAX_COMMENTARY, [...req.text].length);
  if (req.media.some((m) => m.kind === 'video')) {
    throw new ConnectorError('bad_request', {
      it: 'La pubblicazione di video su LinkedIn non è ancora supportata da Redazione: usa un’immagine o pubblica il video da LinkedIn.',
      en: 'Publishing videos to LinkedIn is not supported by Redazione yet: use an image or publish the video on LinkedIn.',
    });
  }
  // Uploading images creates nothing visible: failures up to here are safe to retry.
  const images: Array<{ id: string; altText?: string }> = [];
  for (const m of req.media) {
    const id = await uploadImage(ctx, author, m);
    images.push(m.altText ? { id, altText: m.altText } : { id });
  }
  let content: Record<string, unknown> | undefined;
  if (images.length === 1) content = { media: images[0] };
  else if (images.length > 1) content = { multiImage: { images } };
  else if (req.link) content = { article: { source: req.link, title: req.title ?? req.link } };

  const commentary = toLittleText(req.text);
  const post = {
    author,
    commentary,
    visibility: 'PUBLIC',
    distribution: { feedDistribution: 'MAIN_FEED', targetEntities: [], thirdPartyDistributionChannels: [] },
    lifecycleState: 'PUBLISHED',
    isReshareDisabledByAuthor: false,
    ...(content ? { content } : {}),
  };
  try {
    const res = await call(ctx, '/rest/posts', { method: 'POST', headers: headers(ctx, { 'content-type': 'application/json' }), body: JSON.stringify(post) }, true);
    const urn = res.headers.get('x-restli-id');
    if (!urn) throw new ConnectorError('unknown_outcome', { it: 'LinkedIn ha accettato il post senza restituirne l’identificativo: verifico se è uscito.', en: 'LinkedIn accepted the post without returning its id: checking whether it went out.' });
    return { platformId: urn, url: postUrl(urn), publishedAt: ctx.now() };
  } catch (err) {
    // "Content is a duplicate of urn:li:share:…": already published only if we can see it.
    if (err instanceof ConnectorError && err.kind === 'bad_request' && /duplicate/i.test(err.explanation.en)) {
      const found = await lookup(ctx, { idempotencyKey: req.idempotencyKey, text: req.text, since: new Date(ctx.now().getTime() - 24 * 3600 * 1000) });
      if (found) return found;
    }
    throw err;
  }
}

function postUrl(urn: string): string {
  return `https://www.linkedin.com/feed/update/${urn}/`;
}

async function lookup(ctx: ConnectorContext, req: { idempotencyKey: string; text: string; since: Date }): Promise<PublishResult | null> {
  const author = orgUrn(ctx);
  const { body } = await call<{ elements?: Array<{ id: string; commentary?: string; publishedAt?: number; createdAt?: number }> }>(
    ctx,
    `/rest/posts?author=${encodeURIComponent(author)}&q=author&count=50&sortBy=LAST_MODIFIED`,
    { method: 'GET', headers: headers(ctx, { 'x-restli-method': 'FINDER' }) },
  );
  const want = toLittleText(req.text);
  const from = req.since.getTime() - 60_000;
  const hit = (body.elements ?? []).find((p) => sameText(p.commentary, want) && (p.publishedAt ?? p.createdAt ?? 0) >= from);
  return hit ? { platformId: hit.id, url: postUrl(hit.id), publishedAt: new Date(hit.publishedAt ?? hit.createdAt ?? ctx.now().getTime()) } : null;
}

async function remove(ctx: ConnectorContext, platformId: string): Promise<void> {
  const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/rest/posts/${encodeURIComponent(platformId)}`, { method: 'DELETE', headers: headers(ctx, { 'x-restli-method': 'DELETE' }) }, false);
  if (res.ok || res.status === 404) return; // gone already: the office's intent is fulfilled
  throw mapError(ctx, res.status, text, res.headers, false);
}

async function identity(ctx: ConnectorContext): Promise<AccountIdentity> {
  const id = orgUrn(ctx).split(':').pop()!;
  const { body } = await call<{ id: number | string; localizedName?: string; vanityName?: string }>(ctx, `/rest/organizations/${encodeURIComponent(id)}`, { method: 'GET', headers: headers(ctx) });
  return { id: `urn:li:organization:${body.id}`, handle: body.vanityName ?? String(body.id), name: body.localizedName ?? String(body.id), url: body.vanityName ? `https://www.linkedin.com/company/${body.vanityName}/` : null };
}

async function refresh(ctx: ConnectorContext): Promise<ChannelCredentials> {
  const creds = ctx.credentials;
  const account = creds?.account ?? {};
  const failed = (why: string) =>
    new ConnectorError('auth_expired', {
      it: `Non è stato possibile rinnovare l’accesso a LinkedIn (${why}): ricollega il canale dalla scheda Canali.`,
      en: `The LinkedIn access could not be renewed (${why}): reconnect the channel from the Channels tab.`,
    });
  if (!creds?.refreshToken || !account.clientId || !account.clientSecret) throw failed('manca il refresh token o l’app / refresh token or app credentials missing');
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: account.clientId, client_secret: account.clientSecret });
  const { res, text } = await answered(ctx, PLATFORM, `${oauthBase(ctx)}/oauth/v2/accessToken`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }, false);
  const body = jsonOf<{ access_token?: string; expires_in?: number; refresh_token?: string; error?: string; error_description?: string }>(text);
  if (!res.ok || !body.access_token) {
    if (res.status >= 500) throw byStatus(res.status, false, PLATFORM, { status: res.status }, '', res.headers, ctx.now());
    throw failed(body.error_description ?? body.error ?? `HTTP ${res.status}`);
  }
  return {
    ...creds,
    accessToken: body.access_token,
    refreshToken: body.refresh_token ?? creds.refreshToken,
    expiresAt: body.expires_in ? new Date(ctx.now().getTime() + body.expires_in * 1000).toISOString() : null,
  };
}

export const linkedinConnector: Connector & typeof linkedinInteractions = {
  platform: 'linkedin',
  capabilities: { media: true, altText: true, delete: true, lookup: true, refresh: true },
  // Organisation posting: LinkedIn publishes per-member and per-app daily limits (reset at midnight UTC).
  rateLimits: { perChannel: { requests: 100, perMs: 24 * 60 * 60 * 1000 }, perApp: { requests: 100_000, perMs: 24 * 60 * 60 * 1000 } },
  identity,
  publish,
  lookup,
  delete: remove,
  refresh,
  ...linkedinInteractions,
};
