/**
 * The X connector's part in the community inbox: replies, hiding/unhiding replies, and reading
 * mentions by polling (X's Account Activity webhooks need an enterprise tier).
 *
 * Follows (docs.x.com, "X API v2"):
 * - "Create Post" `POST /2/tweets` with `reply: {in_reply_to_tweet_id}` (201 `{data: {id, text}}`;
 *   403 when the author limits who may reply)
 * - "Hide replies" `PUT /2/tweets/:id/hidden` with `{hidden: true|false}` → `{data: {hidden}}`: only
 *   replies to a conversation the authenticated account started; scope tweet.moderate.write
 * - "User mention timeline" `GET /2/users/:id/mentions` with `since_id`, `max_results` (5–100),
 *   `pagination_token`, `tweet.fields=created_at,conversation_id,referenced_tweets,author_id`,
 *   `expansions=author_id`, `user.fields=username,name` → `{data, includes: {users}, meta:
 *   {result_count, newest_id, oldest_id, next_token}}`, newest first
 * - "Rate limits" (429 with `x-rate-limit-reset`) and "Response codes and errors", mapped in `api.ts`
 *
 * Delete: X lets an account delete only its own posts, never a citizen's reply (delete = false;
 * the inbox marks the item for the office). The poll cursor is the newest mention id seen.
 * Block: X API v2 still documents "Manage blocks" (`POST /2/users/:id/blocking` with
 * `{target_user_id}`, scope block.write), but docs.x.com now marks the block and unblock endpoints as
 * "only available under the Enterprise plan" (https://docs.x.com/enterprise-api/users/blocks/integrate;
 * only the blocks lookup is pay-per-use). An Ente's app on the standard tiers cannot call it, so
 * block = false and the inbox tells the office to block from the X app.
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import type { IncomingItem, Interactions, ModerationActionOnPlatform } from '../interactions.ts';
import { answered, tooLong, unsureReply } from '../failures.ts';
import { auth, base, call, mapError, me, PLATFORM, weightedLength, X_MAX_WEIGHT } from './api.ts';

/** Pages of mentions read per poll at most (100 each). */
const MAX_PAGES = 5;

interface Tweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  referenced_tweets?: Array<{ type: string; id: string }>;
}

async function reply(ctx: ConnectorContext, req: { inReplyTo: IncomingItem; text: string; idempotencyKey: string }): Promise<{ platformId: string; url: string | null }> {
  const weight = weightedLength(req.text);
  if (weight > X_MAX_WEIGHT) throw tooLong(PLATFORM, X_MAX_WEIGHT, weight);
  const body = { text: req.text, reply: { in_reply_to_tweet_id: req.inReplyTo.platformId } };
  try {
    const res = await call<{ data?: { id?: string } }>(ctx, '/2/tweets', { method: 'POST', headers: { ...auth(ctx), 'content-type': 'application/json' }, body: JSON.stringify(body) }, true);
    const id = res.data?.id;
    if (!id) throw new ConnectorError('unknown_outcome', { it: 'X ha risposto senza l’identificativo del post.', en: 'X answered without the post id.' });
    return { platformId: id, url: `https://x.com/i/web/status/${id}` };
  } catch (err) {
    if (err instanceof ConnectorError && err.kind === 'disconnected' && /repl|conversation/i.test(err.explanation.en)) {
      throw new ConnectorError('bad_request', {
        it: 'X non permette di rispondere a questo post: l’autore ha limitato chi può rispondere. Rispondi con un nuovo post o per messaggio.',
        en: 'X does not allow replying to this post: its author limited who can reply. Answer with a new post or by message.',
      }, err.details);
    }
    throw unsureReply(err, PLATFORM);
  }
}

async function moderate(ctx: ConnectorContext, req: { item: Pick<IncomingItem, 'platformId' | 'kind' | 'threadRef'>; action: ModerationActionOnPlatform }): Promise<void> {
  if (req.action === 'delete') {
    throw new ConnectorError('bad_request', {
      it: 'X non permette di eliminare i post di altri: nascondi la risposta oppure segnalala dall’app X.',
      en: 'X does not allow deleting other people’s posts: hide the reply or report it from the X app.',
    }, { platformCode: 'delete_unsupported' });
  }
  const url = `${base(ctx)}/2/tweets/${encodeURIComponent(req.item.platformId)}/hidden`;
  const { res, text } = await answered(ctx, PLATFORM, url, { method: 'PUT', headers: { ...auth(ctx), 'content-type': 'application/json' }, body: JSON.stringify({ hidden: req.action === 'hide' }) }, false);
  if (res.ok) return;
  const e = mapError(ctx, res.status, text, res.headers, false);
  if (res.status === 403) {
    throw new ConnectorError('bad_request', {
      it: 'X permette di nascondere solo le risposte alle conversazioni avviate dall’account dell’Ente (e serve il permesso tweet.moderate.write): fallo a mano dall’app X.',
      en: 'X only allows hiding replies to conversations the Ente’s account started (and needs the tweet.moderate.write scope): do it by hand in the X app.',
    }, e.details);
  }
  throw e;
}

function toItem(t: Tweet, users: Map<string, { name?: string; username?: string }>, now: Date): IncomingItem {
  const author = users.get(t.author_id ?? '');
  const repliedTo = t.referenced_tweets?.find((r) => r.type === 'replied_to')?.id ?? null;
  const thread = t.conversation_id ?? t.id;
  return {
    platformId: t.id,
    kind: 'comment',
    threadRef: thread,
    parentRef: repliedTo && repliedTo !== thread ? repliedTo : null,
    author: { platformId: t.author_id ?? 'sconosciuto', name: author?.name ?? author?.username ?? 'Utente X', handle: author?.username ?? null },
    text: t.text,
    receivedAt: t.created_at ? new Date(t.created_at) : now,
    url: `https://x.com/i/web/status/${t.id}`,
  };
}

/** Numeric ids compared as numbers (they exceed 2^53). */
const newer = (a: string, b: string | null) => b === null || BigInt(a) > BigInt(b);

async function poll(ctx: ConnectorContext, cursor: string | null): Promise<{ items: IncomingItem[]; cursor: string | null }> {
  // A channel not connected yet has nothing to read: no error at every round of the inbox worker.
  if (!ctx.credentials?.accessToken) return { items: [], cursor };
  const userId = ctx.credentials?.account?.userId || (await me(ctx)).id;
  const items: IncomingItem[] = [];
  let newest = cursor;
  let token: string | undefined;
  // Without a cursor, the first page only: the inbox starts from the latest mentions, not the archive.
  for (let page = 0; page < (cursor ? MAX_PAGES : 1); page++) {
    const q = new URLSearchParams({
      max_results: '100',
      'tweet.fields': 'created_at,conversation_id,referenced_tweets,author_id',
      expansions: 'author_id',
      'user.fields': 'username,name',
    });
    if (cursor) q.set('since_id', cursor);
    if (token) q.set('pagination_token', token);
    const res = await call<{ data?: Tweet[]; includes?: { users?: Array<{ id: string; name?: string; username?: string }> }; meta?: { newest_id?: string; next_token?: string } }>(
      ctx,
      `/2/users/${encodeURIComponent(userId)}/mentions?${q}`,
      { method: 'GET', headers: auth(ctx) },
    );
    const users = new Map((res.includes?.users ?? []).map((u) => [u.id, u]));
    for (const t of res.data ?? []) {
      if (t.author_id === userId) continue; // the Ente's own posts that mention itself
      items.push(toItem(t, users, ctx.now()));
    }
    if (res.meta?.newest_id && newer(res.meta.newest_id, newest)) newest = res.meta.newest_id;
    token = res.meta?.next_token;
    if (!token) break;
  }
  return { items, cursor: newest };
}

export const xInteractions = {
  interactionCapabilities: { reply: true, hide: true, unhide: true, delete: false, poll: true, block: false },
  reply,
  moderate,
  poll,
} satisfies Interactions;
