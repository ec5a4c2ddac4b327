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
 * 404 commentNotFound).
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
  const addComment: YoutubeFake['addComment'] = (videoId, text, o = {}) => {
    const id = o.parentId ? `${o.parentId}.8${String(++seq).padStart(6, '0')}` : `Ugz${String(++seq).padStart(6, '0')}AaBbCc4AaABAg`;
    const c: FakeYtComment = { id, videoId, parentId: o.parentId ?? null, text, author: o.author ?? { name: '@cittadino', channelId: `UCcittadino${String(seq).padStart(12, '0')}` }, published: o.published ?? new Date(), status: 'published' };
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
          if (req.query.get('allThreadsRelatedToChannelId') !== channelId) return ytError(403, 'forbidden', 'The comment thread could not be retrieved due to insufficient permissions.', 'youtube.commentThread');
          const max = Number(req.query.get('maxResults') ?? 20);
          if (!Number.isInteger(max) || max < 1 || max > 100) return ytError(400, 'invalidValue', 'maxResults must be between 1 and 100', 'youtube.parameter');
          const plain = req.query.get('textFormat') === 'plainText';
          const tops = comments.filter((c) => !c.parentId && c.status === 'published').sort((a, b) => b.published.getTime() - a.published.getTime());
          const start = Number(req.query.get('pageToken')?.slice(1) ?? 0);
          const page = tops.slice(start, start + max);
          const items = page.map((t) => {
            const replies = comments.filter((r) => r.parentId === t.id && r.status === 'published');
            return {
              kind: 'youtube#commentThread',
              id: t.id,
              snippet: { channelId, videoId: t.videoId, topLevelComment: resource(t, plain), canReply: true, totalReplyCount: replies.length, isPublic: true },
              ...(parts.includes('replies') && replies.length ? { replies: { comments: replies.slice(-5).map((r) => resource(r, plain)) } } : {}),
            };
          });
          const next = start + max < tops.length ? `p${start + max}` : undefined;
          return { status: 200, body: { kind: 'youtube#commentThreadListResponse', ...(next ? { nextPageToken: next } : {}), pageInfo: { totalResults: tops.length, resultsPerPage: max }, items } };
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
          const ids = (req.query.get('id') ?? '').split(',').filter(Boolean);
          const found = ids.map((id) => comments.find((c) => c.id === id));
          if (ids.length === 0 || found.some((c) => !c)) return ytError(404, 'commentNotFound', 'One or more of the comments that the request is trying to update cannot be found.', 'youtube.comment');
          for (const c of found) c!.status = status;
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
  const fake = Object.assign(server, { channelId, token: state.token, videos, sessions, comments, addComment });
  Object.defineProperty(fake, 'token', { get: () => state.token });
  return fake;
}
