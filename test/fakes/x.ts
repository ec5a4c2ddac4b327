/**
 * A fake of X API v2, following the documented shapes (docs.x.com):
 * - "Create Post" `POST /2/tweets`, "Delete Post", "User lookup me" `GET /2/users/me`,
 *   "User Posts timeline" `GET /2/users/:id/tweets`
 * - "Media upload" `POST /2/media/upload`, "Create Media metadata" `POST /2/media/metadata`
 * - "Response codes and errors", https://docs.x.com/x-api/fundamentals/response-codes-and-errors ;
 *   "Rate limits" (`x-rate-limit-*` headers); "OAuth 2.0 … refresh token" `POST /2/oauth2/token`
 * - For the community inbox: "Create Post" with `reply.in_reply_to_tweet_id`, "Hide replies"
 *   `PUT /2/tweets/:id/hidden`, "User mention timeline" `GET /2/users/:id/mentions` (since_id,
 *   max_results 5–100, pagination_token, expansions=author_id → includes.users, meta.newest_id)
 * It requires the user's bearer token, refuses duplicate text with 403 as X does, returns links as
 * t.co and escapes `&`, `<`, `>` in post text like the real API. Other people's posts that mention
 * the account are seeded with `addMention`; only replies in a conversation the account started can
 * be hidden, and replies are refused (403) under posts whose author limited replies.
 */
import { bearer, type FakeServer, type Reply, startFake } from './kernel.ts';

export function xProblem(status: number, title: string, detail: string, type = 'about:blank'): Reply {
  return { status, body: { title, detail, type, status } };
}

export const X_ERRORS = {
  unauthorized: xProblem(401, 'Unauthorized', 'Unauthorized'),
  rateLimit: (resetEpoch: number): Reply => ({ status: 429, headers: { 'x-rate-limit-limit': '100', 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(resetEpoch) }, body: { title: 'Too Many Requests', detail: 'Too Many Requests', type: 'about:blank', status: 429 } }),
  forbidden: xProblem(403, 'Forbidden', 'You are not permitted to perform this action.'),
  invalid: { status: 400, body: { errors: [{ parameters: { text: [''] }, message: 'Invalid text' }], title: 'Invalid Request', detail: 'One or more parameters to your request was invalid.', type: 'https://api.twitter.com/2/problems/invalid-request' } } as Reply,
  serverError: xProblem(500, 'Internal Server Error', 'Internal error'),
  unavailable: { status: 503, body: 'Service Unavailable' } as Reply,
} satisfies Record<string, Reply | ((n: number) => Reply)>;

export interface FakeMention {
  id: string;
  text: string;
  authorId: string;
  created: Date;
  conversationId: string;
  inReplyTo: string | null;
  hidden: boolean;
  /** The author limited who can reply. */
  repliesLimited: boolean;
}

export interface XFake extends FakeServer {
  userId: string;
  token: string;
  tweets: Array<{ id: string; text: string; created: Date; mediaIds: string[]; inReplyTo?: string }>;
  media: Map<string, { altText?: string; size: number; type: string }>;
  /** Posts by other people that mention the account. */
  mentions: FakeMention[];
  users: Map<string, { name: string; username: string }>;
  addMention(text: string, opts?: { username?: string; name?: string; inReplyTo?: string; repliesLimited?: boolean }): FakeMention;
}

export async function startXFake(opts: { userId?: string; token?: string; clientId?: string } = {}): Promise<XFake> {
  const userId = opts.userId ?? '1500000000000000001';
  const clientId = opts.clientId ?? 'x-client';
  const state = { token: opts.token ?? 'xUserToken', refresh: 'xRefresh1' };
  const tweets: XFake['tweets'] = [];
  const media: XFake['media'] = new Map();
  const mentions: FakeMention[] = [];
  const users: XFake['users'] = new Map();
  let seq = 1_860_000_000_000_000_000n;
  const addMention: XFake['addMention'] = (text, o = {}) => {
    const username = o.username ?? 'cittadino_x';
    let authorId = [...users.entries()].find(([, u]) => u.username === username)?.[0];
    if (!authorId) {
      authorId = String(++seq);
      users.set(authorId, { name: o.name ?? 'Cittadino', username });
    }
    const id = String(++seq);
    const parent = o.inReplyTo ? (tweets.find((t) => t.id === o.inReplyTo) ? { conversationId: o.inReplyTo } : mentions.find((m) => m.id === o.inReplyTo)) : undefined;
    const m: FakeMention = { id, text, authorId, created: new Date(), conversationId: parent?.conversationId ?? id, inReplyTo: o.inReplyTo ?? null, hidden: false, repliesLimited: o.repliesLimited ?? false };
    mentions.push(m);
    return m;
  };
  const shown = (t: string) => t.replace(/https?:\/\/\S+/g, () => `https://t.co/${(++seq).toString(36).slice(-10)}`).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

  const server = await startFake({
    guard: (req) => (req.path === '/2/oauth2/token' || bearer(req) === state.token ? undefined : X_ERRORS.unauthorized),
    routes: [
      {
        method: 'POST',
        path: /^\/2\/media\/upload$/,
        handle: (req) => {
          const f = req.form?.get('media');
          if (typeof f !== 'object') return xProblem(400, 'Invalid Request', 'media is required');
          if (req.form?.get('media_category') !== 'tweet_image') return xProblem(400, 'Invalid Request', 'media_category must be tweet_image');
          if (!/^image\/(png|jpeg|gif|webp)$/.test(f.type)) return xProblem(400, 'Invalid Request', 'Unsupported media type');
          const id = String(++seq);
          media.set(id, { size: f.size, type: f.type });
          return { status: 200, body: { data: { id, media_key: `3_${id}`, size: f.size, expires_after_secs: 86400 } } };
        },
      },
      {
        method: 'POST',
        path: /^\/2\/media\/metadata$/,
        handle: (req) => {
          const b = req.json as { id?: string; metadata?: { alt_text?: { text?: string } } } | undefined;
          const m = media.get(b?.id ?? '');
          if (!m) return xProblem(400, 'Invalid Request', 'unknown media id');
          const alt = b?.metadata?.alt_text?.text ?? '';
          if (alt.length > 1000) return xProblem(400, 'Invalid Request', 'alt text too long');
          m.altText = alt;
          return { status: 200, body: { data: { id: b!.id, associated_metadata: { alt_text: { text: alt } } } } };
        },
      },
      {
        method: 'POST',
        path: /^\/2\/tweets$/,
        handle: (req) => {
          const b = req.json as { text?: string; media?: { media_ids?: string[] }; reply?: { in_reply_to_tweet_id?: string } } | undefined;
          if (!b?.text && !b?.media) return X_ERRORS.invalid;
          const replyTo = b.reply?.in_reply_to_tweet_id;
          if (replyTo !== undefined) {
            const target = mentions.find((m) => m.id === replyTo) ?? tweets.find((t) => t.id === replyTo);
            if (!target) return xProblem(400, 'Invalid Request', 'One or more parameters to your request was invalid: reply.in_reply_to_tweet_id does not exist or is not visible to you.');
            if ('repliesLimited' in target && target.repliesLimited) return xProblem(403, 'Forbidden', 'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.');
          }
          const ids = b.media?.media_ids ?? [];
          if (ids.some((id) => !media.has(id))) return xProblem(400, 'Invalid Request', 'Your media IDs are invalid.');
          if (tweets.some((t) => t.text === b.text)) return xProblem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
          const id = String(++seq);
          tweets.push({ id, text: b.text ?? '', created: new Date(), mediaIds: ids, ...(replyTo ? { inReplyTo: replyTo } : {}) });
          return { status: 201, body: { data: { id, text: shown(b.text ?? ''), edit_history_tweet_ids: [id] } } };
        },
      },
      {
        method: 'DELETE',
        path: /^\/2\/tweets\/(\d+)$/,
        handle: (_r, [id]) => {
          const i = tweets.findIndex((t) => t.id === id);
          if (i < 0) return xProblem(404, 'Not Found Error', `Could not find tweet with id: [${id}].`);
          tweets.splice(i, 1);
          return { status: 200, body: { data: { deleted: true } } };
        },
      },
      {
        method: 'PUT',
        path: /^\/2\/tweets\/(\d+)\/hidden$/,
        handle: (req, [id]) => {
          const hidden = (req.json as { hidden?: unknown } | undefined)?.hidden;
          if (typeof hidden !== 'boolean') return xProblem(400, 'Invalid Request', 'The `hidden` field is required and must be a boolean.');
          const m = mentions.find((x) => x.id === id);
          if (!m) return xProblem(404, 'Not Found Error', `Could not find tweet with id: [${id}].`);
          if (!tweets.some((t) => t.id === m.conversationId)) return xProblem(403, 'Forbidden', 'You can only hide or unhide replies to conversations you authored.');
          m.hidden = hidden;
          return { status: 200, body: { data: { hidden } } };
        },
      },
      {
        method: 'GET',
        path: /^\/2\/users\/(\d+)\/mentions$/,
        handle: (req, [id]) => {
          if (id !== userId) return xProblem(404, 'Not Found Error', 'user not found');
          const max = Number(req.query.get('max_results') ?? 10);
          if (!Number.isInteger(max) || max < 5 || max > 100) return xProblem(400, 'Invalid Request', 'The `max_results` query parameter value is not between 5 and 100');
          const since = req.query.get('since_id');
          const fields = new Set((req.query.get('tweet.fields') ?? '').split(','));
          const all = mentions.filter((m) => !since || BigInt(m.id) > BigInt(since)).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
          const start = Number(req.query.get('pagination_token') ?? 0);
          const page = all.slice(start, start + max);
          if (page.length === 0) return { status: 200, body: { meta: { result_count: 0 } } };
          const data = page.map((m) => ({
            id: m.id,
            text: shown(m.text),
            edit_history_tweet_ids: [m.id],
            ...(fields.has('author_id') ? { author_id: m.authorId } : {}),
            ...(fields.has('created_at') ? { created_at: m.created.toISOString() } : {}),
            ...(fields.has('conversation_id') ? { conversation_id: m.conversationId } : {}),
            ...(fields.has('referenced_tweets') && m.inReplyTo ? { referenced_tweets: [{ type: 'replied_to', id: m.inReplyTo }] } : {}),
          }));
          const expanded = (req.query.get('expansions') ?? '').split(',').includes('author_id');
          const includes = expanded ? { users: [...new Set(page.map((m) => m.authorId))].map((a) => ({ id: a, ...users.get(a)! })) } : undefined;
          const next = start + max < all.length ? String(start + max) : undefined;
          return { status: 200, body: { data, ...(includes ? { includes } : {}), meta: { result_count: data.length, newest_id: page[0]!.id, oldest_id: page.at(-1)!.id, ...(next ? { next_token: next } : {}) } } };
        },
      },
      { method: 'GET', path: /^\/2\/users\/me$/, handle: () => ({ status: 200, body: { data: { id: userId, name: 'Comune di Esempio', username: 'ComuneEsempio' } } }) },
      {
        method: 'GET',
        path: /^\/2\/users\/(\d+)\/tweets$/,
        handle: (req, [id]) => {
          if (id !== userId) return xProblem(404, 'Not Found Error', 'user not found');
          const start = Date.parse(req.query.get('start_time') ?? '1970-01-01T00:00:00Z');
          if (Number.isNaN(start)) return xProblem(400, 'Invalid Request', 'start_time must be RFC3339');
          const data = tweets.filter((t) => t.created.getTime() >= start).reverse().map((t) => ({ id: t.id, text: shown(t.text), created_at: t.created.toISOString() }));
          return { status: 200, body: data.length ? { data, meta: { result_count: data.length } } : { meta: { result_count: 0 } } };
        },
      },
      {
        method: 'POST',
        path: /^\/2\/oauth2\/token$/,
        handle: (req) => {
          const f = req.form;
          if (f?.get('grant_type') !== 'refresh_token' || f.get('client_id') !== clientId) return { status: 400, body: { error: 'invalid_request', error_description: 'Missing required parameter [client_id].' } };
          if (f.get('refresh_token') !== state.refresh) return { status: 400, body: { error: 'invalid_request', error_description: 'Value passed for the token was invalid.' } };
          state.token = `xUserToken${++seq}`;
          state.refresh = `xRefresh${seq}`; // rotation: the old refresh token dies
          return { status: 200, body: { token_type: 'bearer', expires_in: 7200, access_token: state.token, scope: 'tweet.read tweet.write users.read offline.access media.write', refresh_token: state.refresh } };
        },
      },
    ],
  });
  const fake = Object.assign(server, { userId, token: state.token, tweets, media, mentions, users, addMention });
  Object.defineProperty(fake, 'token', { get: () => state.token });
  return fake;
}
