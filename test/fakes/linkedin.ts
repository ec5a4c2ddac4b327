/**
 * A fake of LinkedIn's versioned REST API for organisation posts, following the documented shapes
 * (Microsoft Learn, LinkedIn Marketing API – Community Management):
 * - "Posts API", https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api
 * - "Images API", https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api
 * - "Refresh Tokens with OAuth 2.0", https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens
 * - "Error Handling" (`{status, serviceErrorCode, code, message}`), "API Rate Limiting" (429)
 * - For the community inbox: "Comments API", https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api
 *   (`GET|POST /rest/socialActions/{shareUrn|ugcPostUrn|commentUrn}/comments` with `{actor, object,
 *   message: {text}, parentComment}` → 201 + `x-restli-id`; `DELETE …/comments/{commentId}?actor=` →
 *   204; comment URNs `urn:li:comment:({object},{id})`; nesting one level deep) and "Organization
 *   Lookup API" (`GET /rest/organizationsLookup?ids=List(…)` → `{results, statuses, errors}` keyed by id)
 * It requires the bearer token, `LinkedIn-Version` and `X-Restli-Protocol-Version: 2.0.0` on every
 * REST call (answering 426/400 like LinkedIn does when they are missing). Members' comments are
 * seeded with `addComment`.
 */
import { bearer, type FakeRequest, type FakeServer, type Reply, startFake } from './kernel.ts';

export function liError(status: number, code: string, message: string, serviceErrorCode = 100): Reply {
  return { status, body: { status, serviceErrorCode, code, message } };
}

export const LI_ERRORS = {
  expiredToken: liError(401, 'EXPIRED_ACCESS_TOKEN', 'The token used in the request has expired', 65601),
  revokedToken: liError(401, 'REVOKED_ACCESS_TOKEN', 'The token used in the request has been revoked by the user', 65602),
  rateLimit: { status: 429, body: { status: 429, message: 'Resource level throttle APPLICATION DAY limit for calls to this resource is reached.' } } as Reply,
  rateLimitRetryAfter: { status: 429, headers: { 'retry-after': '120' }, body: { status: 429, message: 'Too many requests' } } as Reply,
  forbidden: liError(403, 'ACCESS_DENIED', 'Not enough permissions to access: partnerApiPostsExternal.CREATE.20241001'),
  invalid: liError(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /commentary :: is invalid'),
  serverError: { status: 500, body: { status: 500, message: 'Internal Server Error' } } as Reply,
  unavailable: { status: 503, body: 'Service Unavailable' } as Reply,
} satisfies Record<string, Reply>;

export interface FakeLiComment {
  id: string;
  urn: string;
  object: string;
  actor: string;
  text: string;
  created: number;
  parentComment: string | null;
}

export interface LinkedinFake extends FakeServer {
  organizationId: string;
  comments: FakeLiComment[];
  addComment(object: string, text: string, opts?: { actor?: string; parentComment?: string; created?: number }): FakeLiComment;
  token: string;
  posts: Array<{ id: string; body: Record<string, unknown>; created: number }>;
  images: Map<string, { uploaded: boolean; size: number; type: string }>;
  refreshTokens: Set<string>;
  /** Other organisations, for the Organization Lookup API. */
  organizations: Map<string, { name: string; vanity: string }>;
  addOrganization(id: string, name: string, vanity: string): void;
}

export async function startLinkedinFake(opts: { organizationId?: string; token?: string; refreshToken?: string; clientId?: string; clientSecret?: string } = {}): Promise<LinkedinFake> {
  const organizationId = opts.organizationId ?? '5515715';
  const state = { token: opts.token ?? 'AQVlinkedinToken' };
  const clientId = opts.clientId ?? 'client-li';
  const clientSecret = opts.clientSecret ?? 'secret-li';
  const refreshTokens = new Set([opts.refreshToken ?? 'AQXrefresh']);
  const posts: LinkedinFake['posts'] = [];
  const images: LinkedinFake['images'] = new Map();
  let seq = 7_100_000_000_000_000_000n;
  let url = '';
  const author = `urn:li:organization:${organizationId}`;
  const comments: FakeLiComment[] = [];
  const organizations = new Map<string, { name: string; vanity: string }>();
  const addComment: LinkedinFake['addComment'] = (object, text, o = {}) => {
    const id = String(++seq);
    const c: FakeLiComment = { id, urn: `urn:li:comment:(${object},${id})`, object, actor: o.actor ?? `urn:li:person:membro${id.slice(-4)}`, text, created: o.created ?? Date.now(), parentComment: o.parentComment ?? null };
    comments.push(c);
    return c;
  };
  const element = (c: FakeLiComment) => {
    const replies = comments.filter((r) => r.parentComment === c.urn).length;
    return {
      id: c.id,
      commentUrn: c.urn,
      actor: c.actor,
      agent: c.actor,
      object: c.object,
      message: { text: c.text, attributes: [] },
      created: { actor: c.actor, time: c.created },
      lastModified: { actor: c.actor, time: c.created },
      ...(c.parentComment ? { parentComment: c.parentComment } : {}),
      commentsSummary: { totalFirstLevelComments: replies, aggregatedTotalComments: replies },
    };
  };

  const server = await startFake({
    guard: (req: FakeRequest) => {
      if (req.path.startsWith('/oauth/')) return undefined;
      if (bearer(req) !== state.token) return liError(401, 'INVALID_ACCESS_TOKEN', bearer(req) ? 'Invalid access token' : 'Empty oauth2 access token', 65600);
      if (req.path.startsWith('/dms-uploads/')) return undefined;
      if (!/^\d{6}$/.test(String(req.headers['linkedin-version'] ?? ''))) return liError(426, 'NONEXISTENT_VERSION', 'Requested version is not active');
      if (req.headers['x-restli-protocol-version'] !== '2.0.0') return liError(400, 'ILLEGAL_ARGUMENT', 'X-Restli-Protocol-Version 2.0.0 is required');
      return undefined;
    },
    routes: [
      {
        method: 'POST',
        path: /^\/rest\/images$/,
        handle: (req) => {
          if (req.query.get('action') !== 'initializeUpload') return liError(400, 'ILLEGAL_ARGUMENT', 'action=initializeUpload required');
          const owner = (req.json as { initializeUploadRequest?: { owner?: string } } | undefined)?.initializeUploadRequest?.owner;
          if (owner !== author) return liError(403, 'ACCESS_DENIED', `Not an admin of ${owner}`);
          const image = `urn:li:image:C4E10AQ${++seq}`;
          images.set(image, { uploaded: false, size: 0, type: '' });
          return { status: 200, body: { value: { uploadUrlExpiresAt: Date.now() + 3600_000, uploadUrl: `${url}/dms-uploads/${encodeURIComponent(image)}`, image } } };
        },
      },
      {
        method: 'PUT',
        path: /^\/dms-uploads\/([^/]+)$/,
        handle: (req, [image]) => {
          const img = images.get(image!);
          if (!img) return { status: 404 };
          if (req.body.length === 0) return { status: 400 };
          Object.assign(img, { uploaded: true, size: req.body.length, type: String(req.headers['content-type'] ?? '') });
          return { status: 201 };
        },
      },
      {
        method: 'POST',
        path: /^\/rest\/posts$/,
        handle: (req) => {
          const b = (req.json ?? {}) as Record<string, unknown> & { content?: { media?: { id: string }; multiImage?: { images: Array<{ id: string }> } } };
          for (const f of ['author', 'commentary', 'visibility', 'distribution', 'lifecycleState']) {
            if (!(f in b)) return liError(422, 'UNPROCESSABLE_ENTITY', `ERROR :: /${f} :: field is required but not found and has no default value`);
          }
          if (b.author !== author) return liError(403, 'ACCESS_DENIED', 'Not enough permissions to post as this author');
          const ids = [b.content?.media?.id, ...(b.content?.multiImage?.images ?? []).map((i) => i.id)].filter((x): x is string => !!x);
          if (ids.some((id) => !images.get(id)?.uploaded)) return liError(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /content/media/id :: image not uploaded');
          const dup = posts.find((p) => p.body.commentary === b.commentary);
          if (dup) return liError(422, 'DUPLICATE_POST', `Content is a duplicate of ${dup.id}`);
          const id = `urn:li:share:${++seq}`;
          posts.push({ id, body: b, created: Date.now() });
          return { status: 201, headers: { 'x-restli-id': id } };
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/posts$/,
        handle: (req) => {
          if (req.query.get('q') !== 'author' || req.query.get('author') !== author) return liError(400, 'ILLEGAL_ARGUMENT', 'q=author and author required');
          if (req.headers['x-restli-method'] !== 'FINDER') return liError(400, 'ILLEGAL_ARGUMENT', 'X-RestLi-Method: FINDER required');
          return {
            status: 200,
            body: { paging: { start: 0, count: 50, links: [] }, elements: [...posts].reverse().map((p) => ({ id: p.id, author, commentary: p.body.commentary, createdAt: p.created, publishedAt: p.created, lifecycleState: 'PUBLISHED', visibility: 'PUBLIC' })) },
          };
        },
      },
      {
        method: 'DELETE',
        path: /^\/rest\/posts\/([^/]+)$/,
        handle: (_req, [urn]) => {
          const i = posts.findIndex((p) => p.id === urn);
          if (i < 0) return liError(404, 'NOT_FOUND', 'Not Found');
          posts.splice(i, 1);
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/socialActions\/([^/]+)\/comments$/,
        handle: (req, [target]) => {
          const list = target!.startsWith('urn:li:comment:') ? comments.filter((c) => c.parentComment === target) : comments.filter((c) => c.object === target && !c.parentComment);
          const count = Number(req.query.get('count') ?? 10);
          const elements = [...list].sort((a, b) => b.created - a.created).slice(0, count).map(element);
          return { status: 200, body: { paging: { start: 0, count, total: list.length, links: [] }, elements } };
        },
      },
      {
        method: 'POST',
        path: /^\/rest\/socialActions\/([^/]+)\/comments$/,
        handle: (req, [target]) => {
          const b = (req.json ?? {}) as { actor?: string; object?: string; message?: { text?: string }; parentComment?: string };
          if (b.actor !== author) return liError(403, 'ACCESS_DENIED', `Not enough permissions to comment as ${b.actor}`);
          if (!b.object) return liError(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /object :: field is required but not found and has no default value');
          if (!b.message?.text) return liError(422, 'UNPROCESSABLE_ENTITY', 'ERROR :: /message/text :: field is required but not found and has no default value');
          if (b.parentComment) {
            const parent = comments.find((c) => c.urn === b.parentComment);
            if (!parent) return liError(404, 'NOT_FOUND', `Parent comment ${b.parentComment} not found`);
            if (parent.parentComment) return liError(422, 'UNPROCESSABLE_ENTITY', 'Comments can only be nested one level deep');
            if (target !== parent.urn && target !== parent.object) return liError(400, 'ILLEGAL_ARGUMENT', 'The target does not match parentComment');
          } else if (target !== b.object) return liError(400, 'ILLEGAL_ARGUMENT', 'The target does not match object');
          const c = addComment(b.object, b.message.text, { actor: author, parentComment: b.parentComment });
          return { status: 201, headers: { 'x-restli-id': c.id }, body: element(c) };
        },
      },
      {
        method: 'DELETE',
        path: /^\/rest\/socialActions\/([^/]+)\/comments\/([^/]+)$/,
        handle: (req, [target, id]) => {
          if (req.query.get('actor') !== author) return liError(403, 'ACCESS_DENIED', 'actor must be an organization the member administers');
          const c = comments.find((x) => x.id === id && (x.object === target || x.parentComment === target));
          if (!c) return liError(404, 'NOT_FOUND', 'Not Found');
          for (const x of [...comments]) if (x === c || x.parentComment === c.urn) comments.splice(comments.indexOf(x), 1);
          return { status: 204 };
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/organizationsLookup$/,
        handle: (req) => {
          // Rest.li 2.0 list syntax: ids=List(1,2). Non-administrator view: name, vanity name, type.
          const m = /^List\(([^)]*)\)$/.exec(req.query.get('ids') ?? '');
          if (!m) return liError(400, 'ILLEGAL_ARGUMENT', 'ids must be List(...)');
          const results: Record<string, unknown> = {};
          const statuses: Record<string, number> = {};
          const errors: Record<string, unknown> = {};
          for (const id of m[1]!.split(',').filter(Boolean)) {
            const o = id === organizationId ? { name: 'Comune di Esempio', vanity: 'comune-di-esempio' } : organizations.get(id);
            if (o) {
              results[id] = { id: Number(id), localizedName: o.name, vanityName: o.vanity, name: { localized: { it_IT: o.name }, preferredLocale: { country: 'IT', language: 'it' } }, primaryOrganizationType: 'NONE' };
              statuses[id] = 200;
            } else {
              statuses[id] = 404;
              errors[id] = { status: 404, message: `Organization ${id} not found`, code: 'NOT_FOUND' };
            }
          }
          return { status: 200, body: { results, statuses, errors } };
        },
      },
      {
        method: 'GET',
        path: /^\/rest\/organizations\/(\d+)$/,
        handle: (_req, [id]) => (id === organizationId ? { status: 200, body: { id: Number(id), localizedName: 'Comune di Esempio', vanityName: 'comune-di-esempio' } } : liError(404, 'NOT_FOUND', 'Not Found')),
      },
      {
        method: 'POST',
        path: /^\/oauth\/v2\/accessToken$/,
        handle: (req) => {
          const f = req.form;
          if (f?.get('grant_type') !== 'refresh_token' || f.get('client_id') !== clientId || f.get('client_secret') !== clientSecret) return { status: 400, body: { error: 'invalid_request', error_description: 'Unable to retrieve access token: appid/redirect uri/code verifier does not match' } };
          if (!refreshTokens.has(String(f.get('refresh_token')))) return { status: 400, body: { error: 'invalid_grant', error_description: 'The provided authorization grant or refresh token is invalid, expired or revoked' } };
          state.token = `AQVrenewed${++seq}`;
          return { status: 200, body: { access_token: state.token, expires_in: 5_184_000, refresh_token: 'AQXrefresh', refresh_token_expires_in: 31_536_000 } };
        },
      },
    ],
  });
  url = server.url;
  const fake = Object.assign(server, { organizationId, token: state.token, posts, images, refreshTokens, comments, addComment, organizations, addOrganization: (id: string, name: string, vanity: string) => void organizations.set(id, { name, vanity }) });
  Object.defineProperty(fake, 'token', { get: () => state.token }); // follows refreshes
  return fake;
}
