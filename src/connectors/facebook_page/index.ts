/**
 * Facebook Page connector: publishes as the Page through the Graph API (pinned in `graph.ts`).
 *
 * Follows:
 * - "Pages API – Posts" / "Publish to a Page", https://developers.facebook.com/docs/pages-api/posts
 *   and "Pages API – Getting started", https://developers.facebook.com/docs/pages/getting-started
 *   (`POST /{page-id}/feed` with `message`, `link`; the answer is `{"id":"{page-id}_{post-id}"}`)
 * - "Graph API Reference – Page Feed", https://developers.facebook.com/docs/graph-api/reference/page/feed
 * - "Graph API Reference – Page Photos", https://developers.facebook.com/docs/graph-api/reference/page/photos
 *   (`POST /{page-id}/photos` with `source` (multipart) or `url`, and `caption`; `published=false`
 *   for photos later attached to one feed post with `attached_media`; answer `{id, post_id}`)
 * - "Graph API Reference – Page Posts", https://developers.facebook.com/docs/graph-api/reference/page/posts
 *   (`GET /{page-id}/posts?fields=id,message,created_time,permalink_url&since=`)
 * - "Graph API Reference – Post" (deleting: `DELETE /{post-id}` → `{"success":true}`)
 * - "Access Token Guide – Long-lived tokens", https://developers.facebook.com/docs/facebook-login/guides/access-tokens/get-long-lived
 *
 * Credentials: `accessToken` is a Page access token; `account.pageId` the Page id.
 * Alt text: the Graph API offers no field to set alternative text on a Page photo (Facebook
 * generates its own automatic description), so `capabilities.altText` is false and the office's
 * alt text is not sent; editorial checks should suggest writing the description in the text.
 * Refresh: a Page token obtained from a long-lived User token does not expire unless revoked (password
 * change, app removed, permissions withdrawn), so there is no refresh here. Getting such a token is
 * the connection flow's job: `GET /oauth/access_token?grant_type=fb_exchange_token&client_id=…
 * &client_secret=…&fb_exchange_token={short-lived user token}` gives a long-lived User token, then
 * `GET /{user-id}/accounts` gives the Page tokens. A revoked token surfaces as `auth_expired` and
 * the channel must be reconnected.
 * Video: not published by this connector yet (Page videos go to `/{page-id}/videos`): refused as
 * `bad_request` before any call.
 * Community inbox: replies, hiding and deleting comments, and Messenger replies are in `interactions.ts`.
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
import { graph, type GraphSubject, requireAccount, sameText } from './graph.ts';
import { tooLong } from '../failures.ts';
import { facebookInteractions } from './interactions.ts';

const SUBJECT: GraphSubject = { it: 'della Pagina', en: 'Page' };
/** Facebook's documented maximum length of a post's message. */
export const FACEBOOK_MAX_MESSAGE = 63_206;

interface PostRow {
  id: string;
  message?: string;
  created_time?: string;
  permalink_url?: string;
}

function pageId(ctx: ConnectorContext): string {
  return requireAccount(ctx, 'pageId', { it: 'l’identificativo della Pagina', en: 'the Page id' });
}

/** Graph answers `2024-05-01T10:00:00+0000`, which not every parser reads. */
export function parseGraphTime(s: string | undefined, fallback: Date): Date {
  if (!s) return fallback;
  const d = Date.parse(s.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
  return Number.isNaN(d) ? fallback : new Date(d);
}

function postUrl(postId: string): string {
  return `https://www.facebook.com/${encodeURIComponent(postId)}`;
}

async function photoForm(media: MediaForPublish, fields: Record<string, string>): Promise<FormData> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  const bytes = await media.bytes();
  form.set('source', new Blob([new Uint8Array(bytes)], { type: media.mime }), media.filename);
  return form;
}

async function publish(ctx: ConnectorContext, req: PublishRequest): Promise<PublishResult> {
  const page = pageId(ctx);
  if (req.text.length > FACEBOOK_MAX_MESSAGE) throw tooLong('Facebook', FACEBOOK_MAX_MESSAGE, req.text.length);
  if (req.media.some((m) => m.kind === 'video')) {
    throw new ConnectorError('bad_request', {
      it: 'La pubblicazione di video sulla Pagina Facebook non è ancora supportata da Redazione: pubblica il video da Meta Business Suite o usa un’immagine.',
      en: 'Publishing videos to a Facebook Page is not supported by Redazione yet: publish the video from Meta Business Suite or use an image.',
    });
  }
  const images = req.media;
  let postId: string;
  if (images.length === 0) {
    const body: Record<string, string> = { message: req.text };
    if (req.link) body.link = req.link;
    postId = (await graph<{ id: string }>(ctx, SUBJECT, { method: 'POST', path: `${page}/feed`, json: body, publishing: true })).id;
  } else if (images.length === 1) {
    const form = await photoForm(images[0]!, { caption: req.text });
    const res = await graph<{ id: string; post_id?: string }>(ctx, SUBJECT, { method: 'POST', path: `${page}/photos`, form, publishing: true });
    postId = res.post_id ?? res.id;
  } else {
    // Several photos: upload each unpublished (nothing visible yet, so a failure here is not an
    // unknown outcome), then one feed post that attaches them all.
    const ids: string[] = [];
    for (const m of images) {
      const form = await photoForm(m, { published: 'false' });
      ids.push((await graph<{ id: string }>(ctx, SUBJECT, { method: 'POST', path: `${page}/photos`, form })).id);
    }
    const body = { message: req.text, attached_media: ids.map((id) => ({ media_fbid: id })) };
    postId = (await graph<{ id: string }>(ctx, SUBJECT, { method: 'POST', path: `${page}/feed`, json: body, publishing: true })).id;
  }
  return { platformId: postId, url: postUrl(postId), publishedAt: ctx.now() };
}

async function lookup(ctx: ConnectorContext, req: { idempotencyKey: string; text: string; since: Date }): Promise<PublishResult | null> {
  const page = pageId(ctx);
  const since = String(Math.floor(req.since.getTime() / 1000) - 60); // a minute of clock skew
  const res = await graph<{ data?: PostRow[] }>(ctx, SUBJECT, {
    method: 'GET',
    path: `${page}/posts`,
    query: { fields: 'id,message,created_time,permalink_url', since, limit: '100' },
  });
  const hit = (res.data ?? []).find((p) => sameText(p.message, req.text));
  if (!hit) return null;
  return { platformId: hit.id, url: hit.permalink_url ?? postUrl(hit.id), publishedAt: parseGraphTime(hit.created_time, ctx.now()) };
}

async function identity(ctx: ConnectorContext): Promise<AccountIdentity> {
  const page = pageId(ctx);
  const res = await graph<{ id: string; name?: string; link?: string; username?: string }>(ctx, SUBJECT, {
    method: 'GET',
    path: page,
    query: { fields: 'id,name,link' },
  });
  return { id: res.id, handle: res.username ?? res.id, name: res.name ?? res.id, url: res.link ?? `https://www.facebook.com/${res.id}` };
}

async function remove(ctx: ConnectorContext, platformId: string): Promise<void> {
  await graph<{ success?: boolean }>(ctx, SUBJECT, {
    method: 'DELETE',
    path: encodeURIComponent(platformId),
    // Already gone (deleted by hand on Facebook): the office's intent is fulfilled.
    specific: (e) => (e.code === 100 && e.error_subcode === 33 ? ALREADY_GONE : undefined),
  }).catch((err: unknown) => {
    if (err === ALREADY_GONE) return;
    throw err;
  });
}
const ALREADY_GONE = new ConnectorError('bad_request', { it: 'Post già eliminato.', en: 'Post already deleted.' });

export const facebookPageConnector: Connector & typeof facebookInteractions = {
  platform: 'facebook_page',
  capabilities: { media: true, altText: false, delete: true, lookup: true, refresh: false },
  // Page publishing has no published per-post cap; these keep well inside the Business Use Case
  // limits (calls per rolling hour, scaled by the Page's engagement).
  rateLimits: { perChannel: { requests: 25, perMs: 60 * 60 * 1000 }, perApp: { requests: 200, perMs: 60 * 60 * 1000 } },
  identity,
  publish,
  lookup,
  delete: remove,
  ...facebookInteractions,
};
