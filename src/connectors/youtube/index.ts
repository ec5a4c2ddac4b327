/**
 * YouTube connector: uploads a video to the channel with the YouTube Data API v3.
 *
 * Follows (developers.google.com/youtube/v3):
 * - "Resumable Uploads", https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol
 *   (`POST /upload/youtube/v3/videos?uploadType=resumable&part=snippet,status` with the video
 *   resource as JSON and `X-Upload-Content-Length`/`-Type`; the session URL comes back in
 *   `Location`; `PUT` the bytes there → 200/201 with the video resource)
 * - "Videos: insert" (snippet.title at most 100 characters, description at most 5,000 bytes, no `<`
 *   or `>`), "Videos: delete" (`DELETE /youtube/v3/videos?id=` → 204)
 * - "Channels: list" (`mine=true`, `contentDetails.relatedPlaylists.uploads`), "PlaylistItems: list"
 *   (the uploads playlist: 1 quota unit, where `search?forMine=true` costs 100)
 * - "Errors", https://developers.google.com/youtube/v3/docs/errors
 *   (`{error:{code,message,errors:[{domain,reason}]}}`; 403 quotaExceeded; 400 uploadLimitExceeded;
 *   401 authError; quota resets at midnight Pacific Time)
 * - "Using OAuth 2.0 for Web Server Applications – Refreshing an access token"
 *   (`POST https://oauth2.googleapis.com/token`, `grant_type=refresh_token`; 400 `invalid_grant`)
 *
 * Credentials: `accessToken`, `refreshToken`, `account.clientId`, `account.clientSecret`.
 * The title is the request's `title`, else the first line of the text cut at a word; the
 * description is the text (plus the link). Lookup matches the description among the uploads since
 * the given time. Alt text does not apply to video (captions do; not uploaded here).
 * The transport and error mapping are in `api.ts`; the community inbox's comment replies,
 * moderation and polling in `interactions.ts`.
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
import { apiBase, auth, call, mapError, myChannel, PLATFORM } from './api.ts';
import { youtubeInteractions } from './interactions.ts';

export const YOUTUBE_MAX_TITLE = 100;
export const YOUTUBE_MAX_DESCRIPTION_BYTES = 5000;

const tokenUrl = (ctx: ConnectorContext) => (ctx.apiBase ? `${ctx.apiBase.replace(/\/+$/, '')}/token` : 'https://oauth2.googleapis.com/token');

export function titleFor(req: Pick<PublishRequest, 'title' | 'text'>): string {
  if (req.title?.trim()) return req.title.trim();
  const line = (req.text.split('\n').find((l) => l.trim()) ?? '').trim();
  if ([...line].length <= YOUTUBE_MAX_TITLE) return line;
  const cut = [...line].slice(0, YOUTUBE_MAX_TITLE - 1).join('');
  return `${cut.slice(0, Math.max(cut.lastIndexOf(' '), 60)).trimEnd()}…`;
}

function trustedSessionUrl(ctx: ConnectorContext, url: string): boolean {
  try {
    const u = new URL(url);
    if (ctx.apiBase) return u.origin === new URL(ctx.apiBase).origin;
    return u.protocol === 'https:' && u.hostname === 'www.googleapis.com';
  } catch {
    return false;
  }
}

async function publish(ctx: ConnectorContext, req: PublishRequest): Promise<PublishResult> {
  requireBearer(ctx, PLATFORM);
  const videos = req.media.filter((m) => m.kind === 'video');
  if (videos.length !== 1) {
    throw new ConnectorError('bad_request', {
      it: videos.length === 0 ? 'YouTube richiede un video: aggiungi un file video.' : 'YouTube pubblica un solo video per volta: tienine uno.',
      en: videos.length === 0 ? 'YouTube requires a video: add a video file.' : 'YouTube publishes one video at a time: keep one.',
    }, { platformCode: 'video_required' });
  }
  if (req.title && [...req.title.trim()].length > YOUTUBE_MAX_TITLE) throw tooLong(PLATFORM, YOUTUBE_MAX_TITLE, [...req.title.trim()].length, { it: 'Titolo', en: 'Title' });
  const description = [req.text, req.link].filter(Boolean).join('\n\n');
  const bytesLen = Buffer.byteLength(description);
  if (bytesLen > YOUTUBE_MAX_DESCRIPTION_BYTES) throw tooLong(PLATFORM, YOUTUBE_MAX_DESCRIPTION_BYTES, bytesLen, { it: 'Testo della descrizione', en: 'Description' });
  const video = videos[0]!;
  const bytes = await video.bytes();
  const resource = { snippet: { title: titleFor(req), description, categoryId: '25', defaultLanguage: 'it' }, status: { privacyStatus: 'public', selfDeclaredMadeForKids: false } };

  // Step 1: open an upload session. No video exists yet, so failures here are safe to retry.
  const session = await call(ctx, `${apiBase(ctx)}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status`, {
    method: 'POST',
    headers: { ...auth(ctx), 'content-type': 'application/json; charset=UTF-8', 'x-upload-content-length': String(bytes.length), 'x-upload-content-type': video.mime },
    body: JSON.stringify(resource),
  });
  const location = session.res.headers.get('location');
  if (!location || !trustedSessionUrl(ctx, location)) {
    throw new ConnectorError('transient', { it: 'YouTube non ha aperto la sessione di caricamento: riprovo più tardi.', en: 'YouTube did not open the upload session: retrying later.' }, { platformCode: 'no_location' });
  }
  // Step 2: the bytes. Once they are in, the video exists: from here on failures are unknown outcomes.
  const done = await call<{ id?: string; snippet?: { publishedAt?: string } }>(ctx, location, { method: 'PUT', headers: { ...auth(ctx), 'content-type': video.mime }, body: new Uint8Array(bytes) }, true);
  const id = done.body.id;
  if (!id) throw new ConnectorError('unknown_outcome', { it: 'YouTube ha risposto senza l’identificativo del video: verifico se è stato caricato.', en: 'YouTube answered without the video id: checking whether it was uploaded.' });
  return { platformId: id, url: `https://www.youtube.com/watch?v=${id}`, publishedAt: done.body.snippet?.publishedAt ? new Date(done.body.snippet.publishedAt) : ctx.now() };
}

async function lookup(ctx: ConnectorContext, req: { idempotencyKey: string; text: string; since: Date }): Promise<PublishResult | null> {
  const uploads = (await myChannel(ctx)).contentDetails?.relatedPlaylists?.uploads;
  if (!uploads) return null;
  const { body } = await call<{ items?: Array<{ snippet?: { title?: string; description?: string; publishedAt?: string; resourceId?: { videoId?: string } } }> }>(
    ctx,
    `${apiBase(ctx)}/youtube/v3/playlistItems?part=snippet&maxResults=50&playlistId=${encodeURIComponent(uploads)}`,
    { method: 'GET', headers: auth(ctx) },
  );
  const from = req.since.getTime() - 60_000;
  const hit = (body.items ?? []).find((i) => {
    const d = i.snippet?.description ?? '';
    const matches = sameText(d, req.text) || d.startsWith(`${req.text.trim()}\n\n`);
    return matches && Date.parse(i.snippet?.publishedAt ?? '') >= from;
  });
  const id = hit?.snippet?.resourceId?.videoId;
  return id ? { platformId: id, url: `https://www.youtube.com/watch?v=${id}`, publishedAt: new Date(hit!.snippet!.publishedAt!) } : null;
}

async function identity(ctx: ConnectorContext): Promise<AccountIdentity> {
  const ch = await myChannel(ctx);
  const handle = ch.snippet?.customUrl ?? ch.id;
  return { id: ch.id, handle, name: ch.snippet?.title ?? handle, url: ch.snippet?.customUrl ? `https://www.youtube.com/${ch.snippet.customUrl}` : `https://www.youtube.com/channel/${ch.id}` };
}

async function remove(ctx: ConnectorContext, platformId: string): Promise<void> {
  const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/youtube/v3/videos?id=${encodeURIComponent(platformId)}`, { method: 'DELETE', headers: auth(ctx) }, false);
  if (res.ok || res.status === 404) return;
  throw mapError(ctx, res.status, text, res.headers, false);
}

async function refresh(ctx: ConnectorContext): Promise<ChannelCredentials> {
  const creds = ctx.credentials;
  const account = creds?.account ?? {};
  const failed = (why: string) =>
    new ConnectorError('auth_expired', {
      it: `Non è stato possibile rinnovare l’accesso a YouTube (${why}): ricollega il canale dalla scheda Canali.`,
      en: `The YouTube access could not be renewed (${why}): reconnect the channel from the Channels tab.`,
    });
  if (!creds?.refreshToken || !account.clientId || !account.clientSecret) throw failed('manca il refresh token o l’app / refresh token or app credentials missing');
  const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: creds.refreshToken, client_id: account.clientId, client_secret: account.clientSecret });
  const { res, text } = await answered(ctx, PLATFORM, tokenUrl(ctx), { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() }, false);
  const body = jsonOf<{ access_token?: string; expires_in?: number; refresh_token?: string; error?: string; error_description?: string }>(text);
  if (!res.ok || !body.access_token) {
    if (res.status >= 500) throw byStatus(res.status, false, PLATFORM, { status: res.status }, '', res.headers, ctx.now());
    throw failed(body.error_description ?? body.error ?? `HTTP ${res.status}`);
  }
  // Google usually keeps the refresh token: keep the old one unless a new one comes back.
  return { ...creds, accessToken: body.access_token, refreshToken: body.refresh_token ?? creds.refreshToken, expiresAt: body.expires_in ? new Date(ctx.now().getTime() + body.expires_in * 1000).toISOString() : null };
}

export const youtubeConnector: Connector & typeof youtubeInteractions = {
  platform: 'youtube',
  capabilities: { media: true, altText: false, delete: true, lookup: true, refresh: true },
  // An upload costs 1,600 of the default 10,000 daily quota units (per Google Cloud project).
  rateLimits: { perChannel: { requests: 6, perMs: 24 * 60 * 60 * 1000 }, perApp: { requests: 6, perMs: 24 * 60 * 60 * 1000 } },
  identity,
  publish,
  lookup,
  delete: remove,
  refresh,
  ...youtubeInteractions,
};
