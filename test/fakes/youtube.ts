/**
 * A fake of the YouTube Data API v3 upload path, following the documented shapes
 * (developers.google.com/youtube/v3): "Resumable Uploads" (session POST → `Location`, then PUT
 * the bytes), "Videos: insert / delete", "Channels: list", "PlaylistItems: list", "Errors"
 * (`{error:{code,message,errors:[{domain,reason}]}}`), and Google's OAuth 2.0 token endpoint
 * (`POST /token`, `grant_type=refresh_token`, 400 `invalid_grant`).
 * It requires the bearer token, `part=snippet,status`, `uploadType=resumable`, and a title of at
 * most 100 characters.
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

export interface YoutubeFake extends FakeServer {
  channelId: string;
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
  const fake = Object.assign(server, { channelId, token: state.token, videos, sessions });
  Object.defineProperty(fake, 'token', { get: () => state.token });
  return fake;
}
