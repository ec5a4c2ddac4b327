/**
 * A fake of the YouTube Data API v3 upload path, following the documented shapes
 * (developers.google.com/youtube/v3): "Resumable Uploads" (session POST → `Location`, then PUT
 * the bytes), "Videos: insert / delete", "Channels: list", "PlaylistItems: list", "Errors"
 * (`{error:{code,message,errors:[{domain,reason}]}}`), and Google's OAuth 2.0 token endpoint
 * (`POST /token`, `grant_type=refresh_token`, 400 `invalid_grant`).
 * For the community inbox: "CommentThreads: list" (`allThreadsRelatedToChannelId`, `order=time`,
 * `textFormat`, `pageToken`; only published comments; `textOriginal` only for the channel's own
 * comments, others give `textDisplay`), "Comments: insert" (`part=snippet`, `snippet.parentId` must
 * be a top-level comment: 404 parentCommentNotFound, 400 operationNotSupported, 400
 * commentTextRequired) and "Comments: setModerationStatus" (heldForReview, published, rejected → 204;
 * 404 commentNotFound; `banAuthor=true` only with `rejected`, else 400 banWithoutReject: the author's
 * later comments are rejected as they arrive). "CommentThreads: list" also by `id` (a comma-separated
 * list of at most 50 thread ids; `maxResults` is not supported with it) with `snippet.totalReplyCount`,
 * and `replies` carries only the last five replies of a thread, as the documented "subset";
 * "Comments: list" by `parentId` (all the published replies, oldest first, `maxResults` 1–100,
 * default 20, `pageToken`; 400 missingRequiredParameter without a filter).
 * It requires the bearer token, `part=snippet,status`, `uploadType=resumable`, and a title of at
 * most 100 characters. Citizens' comments are seeded with `addComment`.
 */
import { bearer, type FakeServer, type Reply, startFake } from './kernel.ts';

export function ytError(code: number, reason: string, message: string, domain = 'youtube.video'): Reply {
  return { status: code, body: { error: { code, message, errors: [{ message, domain, reason }] } } };
}

export const YT_ERRORS = {
  quotaExceeded: ytError(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', 'youtube.quota'),
  uploadLimit: ytError(400, 'uploadLimitExceeded', 'The user has exceeded the number of videos they may upload.'),
  authError: ytError(401, 'authError', 'Request had invalid authentication credentials.', 'global'),
  forbidden: ytError(403, 'forbidden', 'Access forbidden. The request may not be properly authorized.', 'global'),
  invalidTitle: ytError(400, 'invalidTitle', 'The request metadata specifies an invalid or empty video title.'),
  serverError: ytError(500, 'backendError', 'Backend Error', 'global'),
  unavailable: { status: 503, body: 'Service Unavailable' } as Reply,
} satisfies Record<string, Reply>;

export interface FakeYtComment {
  id: string;
  videoId: string;
  parentId: string | null;
  text: string;
  author: { name: string; channelId: string };
  published: Date;
  status: 'published' | 'heldForReview' | 'rejected';
}

export interface YoutubeFake extends FakeServer {
  channelId: string;
  comments: FakeYtComment[];
  /** Channels banned from this channel's comments (`banAuthor`). */
  banned: Set<string>;
  addComment(videoId: string, text: string, opts?: { parentId?: string; author?: { name: string; channelId: string }; published?: Date }): FakeYtComment;
  token: string;
  videos: Array<{ id: string; title: string; description: string; privacy: string; size: number; type: string; published: Date }>;
  sessions: Map<string, { resource: { snippet: { title: string; description: string }; status: { privacyStatus: string } }; length: number; type: string }>;
}

export async function startYoutubeFake(opts: { token?: string; refreshToken?: string } = {}): Promise<YoutubeFake> {
  const channelId = 'UCcomuneEsempio0000000001';
  const uploads = `UU${channelId.slice(2)}`;
  const state = { token: opts.token ?? 'ya29.youtubeToken' };
  const refreshToken = opts.refreshToken ?? '1//refreshYT';
  const videos: YoutubeFake['videos'] = [];
  const sessions: YoutubeFake['sessions'] = new Map();
  let seq = 0;
  let url = '';
  const comments: FakeYtComment[] = [];
  const banned = new Set<string>();
  const addComment: YoutubeFake['addComment'] = (videoId, text, o = {}) => {
    const id = o.parentId ? `${o.parentId}.8${String(++seq).padStart(6, '0')}` : `Ugz${String(++seq).padStart(6, '0')}AaBbCc4AaABAg`;
    const author = o.author ?? { name: '@cittadino', channelId: `UCcittadino${String(seq).padStart(12, '0')}` };
    const c: FakeYtComment = { id, videoId, parentId: o.parentId ?? null, text, author, published: o.published ?? new Date(), status: banned.has(author.channelId) ? 'rejected' : 'published' };
    comments.push(c);
    return c;
  };
  const escape = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const resource = (c: FakeYtComment, plain: boolean) => ({
    kind: 'youtube#comment',
    id: c.id,
    snippet: {
      channelId,
      videoId: c.videoId,
      textDisplay: plain ? c.text : escape(c.text),
      // The original text only reaches its author: here, the channel's own comments.
      ...(c.author.channelId === channelId ? { textOriginal: c.text } : {}),
      authorDisplayName: c.author.name,
      authorChannelId: { value: c.author.channelId },
      ...(c.parentId ? { parentId: c.parentId } : {}),
      canRate: true,
      viewerRating: 'none',
      likeCount: 0,
      publishedAt: c.published.toISOString(),
      updatedAt: c.published.toISOString(),
    },
  });

  const server = await startFake({
    guard: (req) => (req.path === '/token' || bearer(req) === state.token ? undefined : YT_ERRORS.authError),
    routes: [
      {
        method: 'POST',
        path: /^\/upload\/youtube\/v3\/videos$/,
        handle: (req) => {
          if (req.query.get('uploadType') !== 'resumable') return ytError(400, 'badRequest', 'uploadType=resumable expected', 'global');
          if (req.query.get('part') !== 'snippet,status') return ytError(400, 'unexpectedPart', 'part must be snippet,status', 'youtube.part');
          const r = req.json as { snippet: { title: string; description: string }; status: { privacyStatus: string } };
          const title = r?.snippet?.title ?? '';
          if (!title || [...title].length > 100 || /[<>]/.test(title)) return YT_ERRORS.invalidTitle;
          if (/[<>]/.test(r.snippet.description ?? '')) return ytError(400, 'invalidDescription', 'The request metadata specifies an invalid video description.');
          const id = `s${++seq}`;
          sessions.set(id, { resource: r, length: Number(req.headers['x-upload-content-length'] ?? 0), type: String(req.headers['x-upload-content-type'] ?? '') });
          return { status: 200, headers: { location: `${url}/upload/youtube/v3/videos?uploadType=resumable&part=snippet,status&upload_id=${id}` } };
        },
      },
      {
        method: 'PUT',
        path: /^\/upload\/youtube\/v3\/videos$/,
        handle: (req) => {
          const s = sessions.get(req.query.get('upload_id') ?? '');
          if (!s) return { status: 404, body: 'Not Found' };
          if (req.body.length !== s.length) return ytError(400, 'badContent', 'Upload length does not match X-Upload-Content-Length', 'global');
          if (!String(req.headers['content-type'] ?? '').startsWith('video/')) return ytError(400, 'invalidVideoMetadata', 'Media type not supported');
          sessions.delete(req.query.get('upload_id')!);
          const id = `v${String(++seq).padStart(10, 'x')}`;
          const v = { id, title: s.resource.snippet.title, description: s.resource.snippet.description, privacy: s.resource.status.privacyStatus, size: req.body.length, type: String(req.headers['content-type']), published: new Date() };
          videos.push(v);
          return { status: 201, body: { kind: 'youtube#video', id, snippet: { title: v.title, description: v.description, publishedAt: v.published.toISOString(), channelId }, status: { uploadStatus: 'uploaded', privacyStatus: v.privacy } } };
        },
      },
      {
        method: 'GET',
        path: /^\/youtube\/v3\/channels$/,
        handle: (req) =>
          req.query.get('mine') === 'true'
            ? { status: 200, body: { kind: 'youtube#channelListResponse', items: [{ id: channelId, snippet: { title: 'Comune di Esempio', customUrl: '@comunediesempio' }, contentDetails: { relatedPlaylists: { uploads } } }] } }
            : ytError(400, 'missingRequiredParameter', 'No filter selected.', 'youtube.parameter'),
      },
      {
        method: 'GET',
        path: /^\/youtube\/v3\/playlistItems$/,
        handle: (req) => {
          if (req.query.get('playlistId') !== uploads) return ytError(404, 'playlistNotFound', 'Playlist not found');
          const items = [...videos].reverse().map((v) => ({ kind: 'youtube#playlistItem', snippet: { title: v.title, description: v.description, publishedAt: v.published.toISOString(), resourceId: { kind: 'youtube#video', videoId: v.id } } }));
          return { status: 200, body: { items, pageInfo: { totalResults: items.length } } };
        },
      },
      {
        method: 'DELETE',
        path: /^\/youtube\/v3\/videos$/,
        handle: (req) => {
          const i = videos.findIndex((v) => v.id === req.query.get('id'));
          if (i < 0) return ytError(404, 'videoNotFound', 'The video that you are trying to delete cannot be found.');
          videos.splice(i, 1);
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        path: /^\/youtube\/v3\/commentThreads$/,
        handle: (req) => {
          const parts = (req.query.get('part') ?? '').split(',');
          if (!parts.includes('snippet')) return ytError(400, 'unexpectedPart', 'part must include snippet', 'youtube.part');
          const plain = req.query.get('textFormat') === 'plainText';
          const byId = req.query.get('id');
          const thread = (t: FakeYtComment) => {
            const replies = comments.filter((r) => r.parentId === t.id && r.status === 'published');
            return {
              kind: 'youtube#commentThread',
              id: t.id,
              snippet: { channelId, videoId: t.videoId, topLevelComment: resource(t, plain), canReply: true, totalReplyCount: replies.length, isPublic: true },
              ...(parts.includes('replies') && replies.length ? { replies: { comments: replies.slice(-5).map((r) => resource(r, plain)) } } : {}),
            };
          };
          if (byId !== null) {
            const ids = byId.split(',').filter(Boolean);
            if (ids.length === 0 || ids.length > 50) return ytError(400, 'invalidValue', 'id must list 1 to 50 comment thread ids', 'youtube.parameter');
            const found = ids.map((id) => comments.find((c) => c.id === id && !c.parentId && c.status === 'published')).filter((c): c is FakeYtComment => !!c);
            return { status: 200, body: { kind: 'youtube#commentThreadListResponse', pageInfo: { totalResults: found.length, resultsPerPage: found.length }, items: found.map(thread) } };
          }
          if (req.query.get('allThreadsRelatedToChannelId') !== channelId) return ytError(403, 'forbidden', 'The comment thread could not be retrieved due to insufficient permissions.', 'youtube.commentThread');
          const max = Number(req.query.get('maxResults') ?? 20);
          if (!Number.isInteger(max) || max < 1 || max > 100) return ytError(400, 'invalidValue', 'maxResults must be between 1 and 100', 'youtube.parameter');
          const tops = comments.filter((c) => !c.parentId && c.status === 'published').sort((a, b) => b.published.getTime() - a.published.getTime());
          const start = Number(req.query.get('pageToken')?.slice(1) ?? 0);
          const items = tops.slice(start, start + max).map(thread);
          const next = start + max < tops.length ? `p${start + max}` : undefined;
          return { status: 200, body: { kind: 'youtube#commentThreadListResponse', ...(next ? { nextPageToken: next } : {}), pageInfo: { totalResults: tops.length, resultsPerPage: max }, items } };
        },
      },
      {
        method: 'GET',
        path: /^\/youtube\/v3\/comments$/,
        handle: (req) => {
          if (req.query.get('part') !== 'snippet' && req.query.get('part') !== 'id,snippet') return ytError(400, 'unexpectedPart', 'part must include snippet', 'youtube.part');
          const parentId = req.query.get('parentId');
          if (!parentId) return ytError(400, 'missingRequiredParameter', 'No filter selected. Expected one of: id, parentId', 'youtube.parameter');
          const max = Number(req.query.get('maxResults') ?? 20);
          if (!Number.isInteger(max) || max < 1 || max > 100) return ytError(400, 'invalidValue', 'maxResults must be between 1 and 100', 'youtube.parameter');
          const parent = comments.find((c) => c.id === parentId);
          if (!parent) return ytError(404, 'commentNotFound', 'The comment identified by the parentId parameter could not be found.', 'youtube.comment');
          const plain = req.query.get('textFormat') === 'plainText';
          const all = comments.filter((c) => c.parentId === parentId && c.status === 'published').sort((a, b) => a.published.getTime() - b.published.getTime());
          const start = Number(req.query.get('pageToken')?.slice(1) ?? 0);
          const next = start + max < all.length ? `p${start + max}` : undefined;
          return { status: 200, body: { kind: 'youtube#commentListResponse', ...(next ? { nextPageToken: next } : {}), pageInfo: { totalResults: all.length, resultsPerPage: max }, items: all.slice(start, start + max).map((c) => resource(c, plain)) } };
        },
      },
      {
        method: 'POST',
        path: /^\/youtube\/v3\/comments$/,
        handle: (req) => {
          if (req.query.get('part') !== 'snippet') return ytError(400, 'unexpectedPart', 'part must be snippet', 'youtube.part');
          const sn = (req.json as { snippet?: { parentId?: string; textOriginal?: string } } | undefined)?.snippet;
          const parent = comments.find((c) => c.id === sn?.parentId);
          if (!parent || parent.status === 'rejected') return ytError(404, 'parentCommentNotFound', 'The specified parent comment could not be found.', 'youtube.comment');
          if (parent.parentId) return ytError(400, 'operationNotSupported', 'The API user is not able to insert a comment in response to the comment identified by the parentId: it is not a top-level comment.', 'youtube.comment');
          if (!sn?.textOriginal?.trim()) return ytError(400, 'commentTextRequired', 'The comment resource that is being inserted must specify a value for the snippet.textOriginal property.', 'youtube.comment');
          const c = addComment(parent.videoId, sn.textOriginal, { parentId: parent.id, author: { name: '@comunediesempio', channelId } });
          return { status: 200, body: resource(c, true) };
        },
      },
      {
        method: 'POST',
        path: /^\/youtube\/v3\/comments\/setModerationStatus$/,
        handle: (req) => {
          const status = req.query.get('moderationStatus');
          if (status !== 'heldForReview' && status !== 'published' && status !== 'rejected') return ytError(400, 'invalidModerationStatus', 'The moderation status is not valid.', 'youtube.comment');
          const ban = req.query.get('banAuthor') === 'true';
          if (ban && status !== 'rejected') return ytError(400, 'banWithoutReject', 'The banAuthor parameter can only be used if the moderationStatus parameter value is rejected.', 'youtube.comment');
          const ids = (req.query.get('id') ?? '').split(',').filter(Boolean);
          const found = ids.map((id) => comments.find((c) => c.id === id));
          if (ids.length === 0 || found.some((c) => !c)) return ytError(404, 'commentNotFound', 'One or more of the comments that the request is trying to update cannot be found.', 'youtube.comment');
          for (const c of found) {
            c!.status = status;
            if (ban) banned.add(c!.author.channelId);
          }
          return { status: 204 };
        },
      },
      {
        method: 'POST',
        path: /^\/token$/,
        handle: (req) => {
          const f = req.form;
          if (f?.get('grant_type') !== 'refresh_token' || !f.get('client_id') || !f.get('client_secret')) return { status: 400, body: { error: 'invalid_request' } };
          if (f.get('refresh_token') !== refreshToken) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
          state.token = `ya29.renewed${++seq}`;
          return { status: 200, body: { access_token: state.token, expires_in: 3599, scope: 'https://www.googleapis.com/auth/youtube.upload', token_type: 'Bearer' } };
        },
      },
    ],
  });
  url = server.url;
  const fake = Object.assign(server, { channelId, token: state.token, videos, sessions, comments, banned, addComment });
  Object.defineProperty(fake, 'token', { get: () => state.token });
  return fake;
}
