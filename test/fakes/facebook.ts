/**
 * A fake of the Graph API for a Facebook Page, following the documented shapes:
 * - "Pages API – Posts", https://developers.facebook.com/docs/pages-api/posts ;
 *   "Graph API Reference – Page Feed / Page Photos / Page Posts / Post"
 *   (https://developers.facebook.com/docs/graph-api/reference/page/feed, …/page/photos, …/page/posts)
 * - "Graph API – Handling Errors", https://developers.facebook.com/docs/graph-api/guides/error-handling
 * - "Graph API – Rate Limiting", https://developers.facebook.com/docs/graph-api/overview/rate-limiting
 * - For the community inbox: "Graph API Reference – Object Comments" (`POST /{object-id}/comments`),
 *   "Graph API Reference – Comment" (`POST /{comment-id}` with `is_hidden`, `DELETE /{comment-id}`),
 *   "Messenger Platform – Send API" (`POST /{page-id}/messages`) and "Messenger Platform – Error
 *   codes" (10/2018278 outside the 24-hour window, 100/2018001 no matching user)
 * It checks the pinned version prefix and the Page token (bearer), and answers Graph error objects.
 * Comments exist when seeded with `addComment` (a citizen wrote them) or created through the API;
 * a person can be messaged within 24 hours of `personWrote`.
 */
import { bearer, type FakeRequest, type FakeServer, type Reply, startFake } from './kernel.ts';

export const GRAPH_PREFIX = '/v21.0';

/** A Graph error object, as the error-handling guide shows it. */
export function graphError(code: number, message: string, opts: { subcode?: number; status?: number; type?: string; headers?: Record<string, string>; userMsg?: string } = {}): Reply {
  return {
    status: opts.status ?? 400,
    headers: opts.headers,
    body: {
      error: {
        message,
        type: opts.type ?? (code === 190 ? 'OAuthException' : 'GraphMethodException'),
        code,
        ...(opts.subcode ? { error_subcode: opts.subcode } : {}),
        ...(opts.userMsg ? { error_user_msg: opts.userMsg } : {}),
        fbtrace_id: 'AbCdEfGh123',
      },
    },
  };
}

/** Ready-made Graph failures for `failNext`. */
export const GRAPH_ERRORS = {
  expiredToken: graphError(190, 'Error validating access token: Session has expired on Friday, 01-Nov-24 10:00:00 PDT.', { subcode: 463 }),
  revokedToken: graphError(190, 'Error validating access token: The user has not authorized application.', { subcode: 458 }),
  appRateLimit: graphError(4, 'Application request limit reached', { status: 403, headers: { 'x-app-usage': '{"call_count":100,"total_cputime":20,"total_time":30}' } }),
  pageRateLimit: graphError(32, 'Page request limit reached', {
    status: 403,
    headers: { 'x-business-use-case-usage': '{"1234":[{"type":"pages","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":7}]}' },
  }),
  userRateLimit: graphError(17, 'User request limit reached', { status: 403 }),
  invalidParameter: graphError(100, 'Invalid parameter', { userMsg: 'Il link non è valido' }),
  blocked: graphError(368, 'The action attempted has been deemed abusive or is otherwise disallowed', { status: 403 }),
  badImage: graphError(324, 'Missing or invalid image file'),
  permission: graphError(200, 'Requires pages_manage_posts permission to manage the object', { status: 403 }),
  unknown: graphError(1, 'An unknown error occurred', { status: 500 }),
  service: graphError(2, 'An unexpected error has occurred. Please retry your request later.', { status: 503 }),
  serverError: { status: 500, body: 'Internal Server Error' } as Reply,
} satisfies Record<string, Reply>;

/** `2024-05-01T10:00:00+0000`, Graph's time format. */
export function graphTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, '+0000');
}

export interface FakePost {
  id: string;
  message: string;
  link?: string;
  created: Date;
  photoIds: string[];
}

export interface FakeComment {
  id: string;
  postId: string;
  parentId: string | null;
  message: string;
  from: { id: string; name: string };
  hidden: boolean;
  created: Date;
}

export interface FacebookFake extends FakeServer {
  pageId: string;
  token: string;
  posts: FakePost[];
  photos: Map<string, { caption?: string; published: boolean; filename: string; type: string; size: number }>;
  comments: Map<string, FakeComment>;
  /** Messages the Page sent through the Send API. */
  messages: Array<{ id: string; recipient: string; messagingType: string; text: string }>;
  /** People blocked from the Page ("Page Blocked": POST /{page-id}/blocked). */
  blocked: Set<string>;
  /** A citizen's comment on a post (or a reply to a comment, with `parentId`). */
  addComment(postId: string, message: string, opts?: { parentId?: string; from?: { id: string; name: string } }): FakeComment;
  /** The person (PSID) wrote to the Page at `at`: the 24-hour standard messaging window opens. */
  personWrote(psid: string, at?: Date): void;
}

/** The Messenger Platform's standard messaging window. */
const WINDOW_MS = 24 * 60 * 60 * 1000;

export async function startFacebookFake(opts: { pageId?: string; token?: string; pageName?: string } = {}): Promise<FacebookFake> {
  const pageId = opts.pageId ?? '104000000000001';
  const token = opts.token ?? 'EAAPageToken';
  const blocked = new Set<string>();
  const posts: FakePost[] = [];
  const photos: FacebookFake['photos'] = new Map();
  const comments: FacebookFake['comments'] = new Map();
  const messages: FacebookFake['messages'] = [];
  const wrote = new Map<string, Date>();
  let seq = 1000;
  const addComment: FacebookFake['addComment'] = (postId, message, o = {}) => {
    const c: FakeComment = { id: `${postId.split('_').pop()}_${++seq}`, postId, parentId: o.parentId ?? null, message, from: o.from ?? { id: `cittadino${seq}`, name: 'Cittadino' }, hidden: false, created: new Date() };
    comments.set(c.id, c);
    return c;
  };
  const commentGone = (id: string | undefined) => graphError(100, `Unsupported post request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`, { subcode: 33 });
  const P = GRAPH_PREFIX;
  const pageRe = (suffix: string) => new RegExp(`^${P}/(${pageId})${suffix}$`);
  const mustBePage = (id: string | undefined): Reply | undefined =>
    id === pageId ? undefined : graphError(100, `Unsupported post request. Object with ID '${id}' does not exist`, { subcode: 33 });

  const server = await startFake({
    guard: (req: FakeRequest) => {
      if (!req.path.startsWith(`${P}/`)) return graphError(2635, `The requested version is not pinned to ${P}`);
      const t = bearer(req);
      if (!t) return graphError(104, 'An access token is required to request this resource.', { type: 'OAuthException' });
      if (t !== token) return graphError(190, 'Invalid OAuth access token - Cannot parse access token', { status: 401 });
      return undefined;
    },
    notFound: () => graphError(100, 'Unsupported request: unknown path components'),
    routes: [
      {
        method: 'POST',
        path: pageRe('/feed'),
        handle: (req, [id]) => {
          const bad = mustBePage(id);
          if (bad) return bad;
          const b = (req.json ?? {}) as { message?: string; link?: string; attached_media?: Array<{ media_fbid: string }> };
          if (!b.message && !b.link) return graphError(100, '(#100) Missing message or attachment');
          const attached = (b.attached_media ?? []).map((a) => a.media_fbid);
          for (const pid of attached) {
            const ph = photos.get(pid);
            if (!ph || ph.published) return graphError(100, `(#100) attached_media ${pid} is not an unpublished photo of this Page`);
            ph.published = true;
          }
          const post: FakePost = { id: `${pageId}_${++seq}`, message: b.message ?? '', link: b.link, created: new Date(), photoIds: attached };
          posts.push(post);
          return { status: 200, body: { id: post.id } };
        },
      },
      {
        method: 'POST',
        path: pageRe('/photos'),
        handle: (req, [id]) => {
          const bad = mustBePage(id);
          if (bad) return bad;
          const source = req.form?.get('source');
          const url = req.form?.get('url');
          if (!source && !url) return graphError(324, '(#324) Requires upload file');
          const file = typeof source === 'object' ? source : { filename: String(url), type: 'image/url', size: 0 };
          if (!file.type.startsWith('image/')) return graphError(324, '(#324) Missing or invalid image file');
          const published = req.form?.get('published') !== 'false';
          const caption = req.form?.get('caption');
          const photoId = String(++seq);
          photos.set(photoId, { caption: typeof caption === 'string' ? caption : undefined, published, ...file });
          if (!published) return { status: 200, body: { id: photoId } };
          const post: FakePost = { id: `${pageId}_${++seq}`, message: typeof caption === 'string' ? caption : '', created: new Date(), photoIds: [photoId] };
          posts.push(post);
          return { status: 200, body: { id: photoId, post_id: post.id } };
        },
      },
      {
        method: 'GET',
        path: pageRe('/posts'),
        handle: (req, [id]) => {
          const bad = mustBePage(id);
          if (bad) return bad;
          const since = Number(req.query.get('since') ?? 0) * 1000;
          const data = posts
            .filter((p) => p.created.getTime() >= since)
            .reverse()
            .map((p) => ({ id: p.id, message: p.message || undefined, created_time: graphTime(p.created), permalink_url: `https://www.facebook.com/${pageId}/posts/${p.id.split('_')[1]}` }));
          return { status: 200, body: { data, paging: {} } };
        },
      },
      {
        method: 'POST',
        path: pageRe('/messages'),
        handle: (req) => {
          const b = (req.json ?? {}) as { recipient?: { id?: string }; messaging_type?: string; message?: { text?: string } };
          if (!['RESPONSE', 'UPDATE', 'MESSAGE_TAG'].includes(b.messaging_type ?? '')) return graphError(100, '(#100) param messaging_type must be one of {RESPONSE, UPDATE, MESSAGE_TAG}');
          const psid = b.recipient?.id;
          if (!psid) return graphError(100, '(#100) The parameter recipient is required');
          const text = b.message?.text ?? '';
          if (!text) return graphError(100, '(#100) Param message must be non-empty');
          if ([...text].length > 2000) return graphError(100, '(#100) Length of param message[text] must be less than or equal to 2000');
          const last = wrote.get(psid);
          if (!last) return graphError(100, '(#100) No matching user found', { subcode: 2018001 });
          if (Date.now() - last.getTime() > WINDOW_MS) return graphError(10, '(#10) This message is sent outside of allowed window.', { subcode: 2018278, type: 'OAuthException' });
          const id = `m_${(++seq).toString(36)}AbCdEf`;
          messages.push({ id, recipient: psid, messagingType: b.messaging_type!, text });
          return { status: 200, body: { recipient_id: psid, message_id: id } };
        },
      },
      {
        // Graph API Reference, "Page Blocked": POST /{page-id}/blocked with `user` → {"<user-id>": true}
        method: 'POST',
        path: new RegExp(`^${P}/(${pageId})/blocked$`),
        handle: (req) => {
          const user = (req.json as { user?: string } | undefined)?.user;
          if (typeof user !== 'string' || !user) return graphError(100, '(#100) The parameter user is required');
          blocked.add(user);
          return { status: 200, body: { [user]: true } };
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${P}/([^/]+)/comments$`),
        handle: (req, [objectId]) => {
          const parent = comments.get(objectId!);
          const post = posts.find((p) => p.id === objectId);
          if (!parent && !post) return commentGone(objectId);
          const message = (req.json as { message?: string } | undefined)?.message ?? '';
          if (!message.trim()) return graphError(100, '(#100) Missing message or attachment');
          const c = addComment(parent?.postId ?? post!.id, message, { parentId: parent?.id, from: { id: pageId, name: opts.pageName ?? 'Comune di Esempio' } });
          return { status: 200, body: { id: c.id } };
        },
      },
      {
        method: 'POST',
        path: new RegExp(`^${P}/([^/]+)$`),
        handle: (req, [id]) => {
          const c = comments.get(id!);
          if (!c) return commentGone(id);
          const hidden = (req.json as { is_hidden?: unknown } | undefined)?.is_hidden;
          if (typeof hidden !== 'boolean') return graphError(100, '(#100) Param is_hidden must be a boolean');
          c.hidden = hidden;
          return { status: 200, body: { success: true } };
        },
      },
      {
        method: 'GET',
        path: pageRe(''),
        handle: (req) => {
          const fields = (req.query.get('fields') ?? 'id,name').split(',');
          const all: Record<string, string> = { id: pageId, name: opts.pageName ?? 'Comune di Esempio', link: `https://www.facebook.com/comune.esempio` };
          return { status: 200, body: Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])) };
        },
      },
      {
        method: 'DELETE',
        path: new RegExp(`^${P}/([^/]+)$`),
        handle: (_req, [postId]) => {
          if (comments.has(postId!)) {
            for (const c of [...comments.values()]) if (c.id === postId || c.parentId === postId) comments.delete(c.id);
            return { status: 200, body: { success: true } };
          }
          const i = posts.findIndex((p) => p.id === postId);
          if (i < 0) return graphError(100, `Unsupported delete request. Object with ID '${postId}' does not exist`, { subcode: 33 });
          posts.splice(i, 1);
          return { status: 200, body: { success: true } };
        },
      },
    ],
  });
  return Object.assign(server, {
    pageId,
    token,
    posts,
    photos,
    comments,
    messages,
    blocked,
    addComment,
    personWrote: (psid: string, at = new Date()) => void wrote.set(psid, at),
  });
}
