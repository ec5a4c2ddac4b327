/**
 * Instagram connector: the Instagram Graph API's content publishing (Instagram API with Facebook
 * Login, host graph.facebook.com, version pinned in `../facebook_page/graph.ts`).
 *
 * Follows:
 * - "Instagram Platform – Content Publishing", https://developers.facebook.com/docs/instagram-platform/content-publishing
 *   (three steps: `POST /{ig-user-id}/media` creates a container from a public `image_url` or
 *   `video_url` with `media_type=REELS`; `GET /{container-id}?fields=status_code` until FINISHED;
 *   `POST /{ig-user-id}/media_publish` with `creation_id`; carousels: children with
 *   `is_carousel_item=true`, then a `media_type=CAROUSEL` container with `children`)
 * - "IG Container" reference, https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-container
 *   (`status_code`: EXPIRED, ERROR, FINISHED, IN_PROGRESS, PUBLISHED; `status` carries the error subcode)
 * - "IG User Media" reference, https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media
 *   (`alt_text` on image containers; reading `GET /{ig-user-id}/media?fields=id,caption,timestamp,permalink`)
 * - "IG User Content Publishing Limit", https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit
 *   (`quota_usage` against `config.quota_total` — 100 API-published posts per rolling 24 hours)
 * - "Instagram Platform – Error codes", https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/error-codes
 *   (code 9 / subcode 2207042 publishing limit reached; 2207004/2207005/2207009/2207026/2207052 media refused)
 *
 * Credentials: `accessToken` (a token with instagram_content_publish), `account.igUserId` and
 * `account.mediaBaseUrl`.
 * Media by URL — an assumption to keep in mind: Instagram does not take uploaded bytes; it fetches
 * each file from a public URL. Redazione serves an approved variant's media publicly, and this
 * connector builds the address as `{mediaBaseUrl}/{encodeURIComponent(filename)}`; `bytes()` is never
 * read. If the media are not reachable there from the internet, Meta answers 2207052 and the
 * publication fails as `media_rejected`.
 * Delete: the Graph API cannot delete Instagram posts (capabilities.delete = false).
 * Refresh: tokens come from the Facebook Login of the linked Page (see the Facebook connector); none here.
 * Community inbox: replies, hiding and deleting comments, and Direct replies are in `interactions.ts`.
 */
import {
  type AccountIdentity,
  type Connector,
  type ConnectorContext,
  ConnectorError,
  type MediaForPublish,
  type PublishRequest,
  type PublishResult,
} from '../contract.ts';
import { minutes, tooLong } from '../failures.ts';
import { graph, type GraphCall, type GraphErrorBody, type GraphSubject, requireAccount, sameText } from '../facebook_page/graph.ts';
import { parseGraphTime } from '../facebook_page/index.ts';
import { instagramInteractions } from './interactions.ts';

const SUBJECT: GraphSubject = { it: 'dell’account Instagram', en: 'Instagram account' };
export const INSTAGRAM_MAX_CAPTION = 2200;
export const INSTAGRAM_MAX_CAROUSEL = 10;
const LIMIT_WAIT_MS = 60 * 60 * 1000; // the 24-hour window rolls: look again in an hour

const MEDIA_SUBCODES = new Set([2207004, 2207005, 2207009, 2207010, 2207026, 2207052, 2207053]);

export interface InstagramOptions {
  /** Pause between container status checks. */
  pollIntervalMs?: number;
  /** Checks before giving up on a container still IN_PROGRESS (nothing is published then). */
  maxPolls?: number;
}

function igSpecific(e: GraphErrorBody, status: number): ConnectorError | undefined {
  const details = { status, platformCode: e.error_subcode ? `${e.code}/${e.error_subcode}` : e.code };
  if (e.error_subcode === 2207042 || (e.code === 9 && e.error_subcode === undefined)) {
    return publishingLimit(details);
  }
  if ((e.error_subcode !== undefined && MEDIA_SUBCODES.has(e.error_subcode)) || e.code === 36003 || e.code === 36000 || e.code === 9004) {
    return new ConnectorError('media_rejected', {
      it: `Instagram ha rifiutato il file multimediale (formato, proporzioni o dimensioni non accettati, oppure indirizzo non raggiungibile): sostituiscilo e riprova.${e.error_user_msg ? ` ${e.error_user_msg}` : ''}`,
      en: `Instagram refused the media file (format, aspect ratio or size not accepted, or its address unreachable): replace it and try again. ${e.message ?? ''}`.trim(),
    }, details);
  }
  return undefined;
}

function publishingLimit(details: { status?: number; platformCode?: string | number }): ConnectorError {
  return new ConnectorError('rate_limited', {
    it: `L’account Instagram ha raggiunto il limite di pubblicazioni via API nelle ultime 24 ore: riprovo tra ${minutes(LIMIT_WAIT_MS)} minuti.`,
    en: `The Instagram account reached its limit of API publications in the last 24 hours: retrying in ${minutes(LIMIT_WAIT_MS)} minutes.`,
  }, { ...details, retryAfterMs: LIMIT_WAIT_MS });
}

const ig = <T>(ctx: ConnectorContext, call: GraphCall) => graph<T>(ctx, SUBJECT, { specific: igSpecific, ...call });
const igUser = (ctx: ConnectorContext) => requireAccount(ctx, 'igUserId', { it: 'l’identificativo dell’account Instagram', en: 'the Instagram user id' });

export function mediaUrl(ctx: ConnectorContext, m: MediaForPublish): string {
  const base = requireAccount(ctx, 'mediaBaseUrl', { it: 'l’indirizzo pubblico dei contenuti multimediali', en: 'the public base URL of media' });
  return `${base.replace(/\/+$/, '')}/${encodeURIComponent(m.filename)}`;
}

export function createInstagramConnector(opts: InstagramOptions = {}): Connector & typeof instagramInteractions {
  const pollIntervalMs = opts.pollIntervalMs ?? 3000;
  const maxPolls = opts.maxPolls ?? 40;

  async function waitFinished(ctx: ConnectorContext, containerId: string): Promise<void> {
    for (let i = 0; i < maxPolls; i++) {
      const c = await ig<{ status_code?: string; status?: string }>(ctx, { method: 'GET', path: containerId, query: { fields: 'status_code,status' } });
      if (c.status_code === 'FINISHED' || c.status_code === 'PUBLISHED') return;
      if (c.status_code === 'ERROR') {
        throw new ConnectorError('media_rejected', {
          it: `Instagram non è riuscito a elaborare il file multimediale (${c.status ?? 'errore'}): controlla formato, proporzioni e durata, poi riprova con un altro file.`,
          en: `Instagram could not process the media file (${c.status ?? 'error'}): check format, aspect ratio and length, then try another file.`,
        }, { platformCode: c.status ?? 'ERROR' });
      }
      if (c.status_code === 'EXPIRED') break;
      await new Promise((r) => setTimeout(r, pollIntervalMs));
    }
    // Nothing was published: an unpublished container is harmless and expires after 24 hours.
    throw new ConnectorError('transient', {
      it: 'Instagram sta ancora elaborando il contenuto multimediale: riprovo più tardi.',
      en: 'Instagram is still processing the media: retrying later.',
    }, { platformCode: 'container_not_ready' });
  }

  async function createContainer(ctx: ConnectorContext, user: string, body: Record<string, unknown>): Promise<string> {
    return (await ig<{ id: string }>(ctx, { method: 'POST', path: `${user}/media`, json: body })).id;
  }

  function itemFields(ctx: ConnectorContext, m: MediaForPublish, inCarousel: boolean): Record<string, unknown> {
    const url = mediaUrl(ctx, m);
    if (m.kind === 'image') {
      return { image_url: url, ...(m.altText ? { alt_text: m.altText } : {}), ...(inCarousel ? { is_carousel_item: true } : {}) };
    }
    return inCarousel ? { media_type: 'VIDEO', video_url: url, is_carousel_item: true } : { media_type: 'REELS', video_url: url };
  }

  async function publish(ctx: ConnectorContext, req: PublishRequest): Promise<PublishResult> {
    const user = igUser(ctx);
    if (req.media.length === 0) {
      throw new ConnectorError('bad_request', {
        it: 'Instagram richiede un’immagine o un video: aggiungi un contenuto multimediale.',
        en: 'Instagram requires an image or a video: add a media file.',
      }, { platformCode: 'media_required' });
    }
    if (req.media.length > INSTAGRAM_MAX_CAROUSEL) {
      throw new ConnectorError('bad_request', {
        it: `Instagram accetta al massimo ${INSTAGRAM_MAX_CAROUSEL} contenuti per post: togline ${req.media.length - INSTAGRAM_MAX_CAROUSEL}.`,
        en: `Instagram takes at most ${INSTAGRAM_MAX_CAROUSEL} media per post: remove ${req.media.length - INSTAGRAM_MAX_CAROUSEL}.`,
      });
    }
    if ([...req.text].length > INSTAGRAM_MAX_CAPTION) throw tooLong('Instagram', INSTAGRAM_MAX_CAPTION, [...req.text].length, { it: 'Didascalia', en: 'Caption' });
    mediaUrl(ctx, req.media[0]!); // fail on a missing base URL before any call

    const quota = await ig<{ data?: Array<{ quota_usage?: number; config?: { quota_total?: number } }> }>(ctx, {
      method: 'GET',
      path: `${user}/content_publishing_limit`,
      query: { fields: 'quota_usage,config' },
    });
    const q = quota.data?.[0];
    if (q?.quota_usage !== undefined && q.config?.quota_total !== undefined && q.quota_usage >= q.config.quota_total) {
      throw publishingLimit({ platformCode: 'content_publishing_limit' });
    }

    let creationId: string;
    if (req.media.length === 1) {
      creationId = await createContainer(ctx, user, { ...itemFields(ctx, req.media[0]!, false), caption: req.text });
      await waitFinished(ctx, creationId);
    } else {
      const children: string[] = [];
      for (const m of req.media) children.push(await createContainer(ctx, user, itemFields(ctx, m, true)));
      for (const c of children) await waitFinished(ctx, c);
      creationId = await createContainer(ctx, user, { media_type: 'CAROUSEL', children: children.join(','), caption: req.text });
      await waitFinished(ctx, creationId);
    }

    const { id } = await ig<{ id: string }>(ctx, { method: 'POST', path: `${user}/media_publish`, json: { creation_id: creationId }, publishing: true });
    // The post exists now: its permalink is a courtesy, and a failure to read it must not turn a
    // publication into an error (the queue would then look it up, or worse, retry).
    let url: string | null = null;
    let publishedAt = ctx.now();
    try {
      const m = await ig<{ permalink?: string; timestamp?: string }>(ctx, { method: 'GET', path: id, query: { fields: 'permalink,timestamp' } });
      url = m.permalink ?? null;
      publishedAt = parseGraphTime(m.timestamp, publishedAt);
    } catch {
      url = null;
    }
    return { platformId: id, url, publishedAt };
  }

  async function lookup(ctx: ConnectorContext, req: { idempotencyKey: string; text: string; since: Date }): Promise<PublishResult | null> {
    const user = igUser(ctx);
    const res = await ig<{ data?: Array<{ id: string; caption?: string; timestamp?: string; permalink?: string }> }>(ctx, {
      method: 'GET',
      path: `${user}/media`,
      query: { fields: 'id,caption,timestamp,permalink', limit: '50' },
    });
    const from = req.since.getTime() - 60_000;
    const hit = (res.data ?? []).find((m) => sameText(m.caption, req.text) && parseGraphTime(m.timestamp, new Date(0)).getTime() >= from);
    return hit ? { platformId: hit.id, url: hit.permalink ?? null, publishedAt: parseGraphTime(hit.timestamp, ctx.now()) } : null;
  }

  async function identity(ctx: ConnectorContext): Promise<AccountIdentity> {
    const user = igUser(ctx);
    const r = await ig<{ id: string; username?: string; name?: string }>(ctx, { method: 'GET', path: user, query: { fields: 'id,username,name' } });
    return { id: r.id, handle: r.username ?? r.id, name: r.name ?? r.username ?? r.id, url: r.username ? `https://www.instagram.com/${r.username}/` : null };
  }

  async function remove(): Promise<void> {
    throw new ConnectorError('bad_request', {
      it: 'Instagram non consente di eliminare i post tramite API: eliminalo dall’app Instagram o da Meta Business Suite.',
      en: 'Instagram does not allow deleting posts through its API: delete it from the Instagram app or Meta Business Suite.',
    }, { platformCode: 'delete_unsupported' });
  }

  return {
    platform: 'instagram',
    capabilities: { media: true, altText: true, delete: false, lookup: true, refresh: false },
    // 100 API-published posts per rolling 24 hours per account (content_publishing_limit).
    rateLimits: { perChannel: { requests: 100, perMs: 24 * 60 * 60 * 1000 } },
    identity,
    publish,
    lookup,
    delete: remove,
    ...instagramInteractions,
  };
}

export const instagramConnector: Connector & typeof instagramInteractions = createInstagramConnector();
