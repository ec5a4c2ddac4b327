/**
 * The YouTube connector's part in the community inbox: replies to comments, moderation, and
 * reading new comments by polling (YouTube has no webhooks for comments).
 *
 * Follows (developers.google.com/youtube/v3, scope youtube.force-ssl):
 * - "Comments: insert" `POST /youtube/v3/comments?part=snippet` with `{snippet: {parentId,
 *   textOriginal}}` → the comment resource; `parentId` must be a top-level comment, so a reply to a
 *   reply goes to its top-level comment (50 quota units)
 * - "Comments: setModerationStatus" `POST /youtube/v3/comments/setModerationStatus?id=…&moderationStatus=…`
 *   → 204, by the owner of the channel or video (50 quota units). The three statuses stand for the
 *   inbox's actions:
 *     hide   → `heldForReview` (taken off public view, waiting in YouTube Studio's review queue)
 *     unhide → `published`     (cleared for public display)
 *     delete → `rejected`      (rejected as unfit for display, replies included; `comments.delete`
 *                               only deletes the channel's own comments, so this is the owner's delete)
 * - "CommentThreads: list" `GET /youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=…&order=time&textFormat=plainText&maxResults=100`
 *   (newest threads first; each with its top-level comment and up to a few replies; 1 quota unit)
 * - "Errors", https://developers.google.com/youtube/v3/docs/errors (403 forbidden / commentsDisabled,
 *   404 commentNotFound, 400 processingFailure; quota errors mapped in `api.ts`)
 *
 * - "Comments: list" `GET /youtube/v3/comments?part=snippet&parentId=…&maxResults=100` (all the replies
 *   to a top-level comment; 1 quota unit a page) and "CommentThreads: list" with `id=` (up to 50 thread
 *   ids a call, `snippet.totalReplyCount`; 1 quota unit)
 * - "Comments: setModerationStatus" with `moderationStatus=rejected&banAuthor=true`: "automatically
 *   reject any additional comments written by the comment's author" (400 banWithoutReject without
 *   `rejected`). This is YouTube's block: the API bans only through one of the person's comments,
 *   which is rejected with it.
 *
 * Polling. The documentation says only that `order=time` orders threads "by time"; a thread's
 * `replies` holds "a subset" of its replies, and `comments.list?parentId=` gives all of them. So a
 * poll does two things:
 * 1. It reads the newest threads (one page of 100, more while they are newer than the cursor, at
 *    most `MAX_PAGES`), taking new top-level comments and new replies of the threads it sees; when a
 *    thread's `totalReplyCount` is larger than the replies it carries, the replies are read with
 *    `comments.list` (at most `MAX_REPLY_READS` threads a poll, 1 unit each; the rest wait for the
 *    next poll).
 * 2. It keeps the `WATCHED` most recently active threads in the cursor with their reply count, and
 *    every `SWEEP_EVERY_MS` re-reads their counts with `commentThreads.list?id=` (50 a call), reading
 *    the replies of the threads whose count grew. So a reply to a thread whose top-level comment is
 *    old, and no longer among the newest pages, is picked up within `SWEEP_EVERY_MS`.
 * Quota (10,000 units a day by default): polling once a minute costs about 1,440 units a day for (1)
 * and 576 for (2) (4 units every 10 minutes), plus 1 unit per thread with new replies to read.
 * Known limit: a reply to a thread that is neither among the newest pages nor among the `WATCHED`
 * most recently active threads is not seen (the API offers no channel-wide list of recent replies).
 *
 * Cursor: JSON `{at, id, w: [[thread id, top-level comment id, reply count, last activity ms]…],
 * s: last sweep ms}`; the older form `{publishedAt}|{comment id}` is still read. A poll returns
 * comments at or after `at` (the inbox deduplicates by id); a swept thread returns its replies newer
 * than the thread's last activity.
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import type { BlockRequest, IncomingItem, Interactions, ModerationActionOnPlatform } from '../interactions.ts';
import { answered, unsureReply } from '../failures.ts';
import { apiBase, auth, call, mapError, myChannel, PLATFORM } from './api.ts';

const MAX_PAGES = 3;
/** Threads kept in the cursor and re-read every `SWEEP_EVERY_MS` (4 calls of 50). */
export const WATCHED = 200;
export const SWEEP_EVERY_MS = 10 * 60_000;
/** Threads whose replies are read with `comments.list` in one poll (1 unit each). */
export const MAX_REPLY_READS = 10;
/** Pages of `comments.list` read for one thread (100 replies a page). */
const MAX_REPLY_PAGES = 3;
/** Pages of recent threads searched for a comment of the person to ban, when the inbox gives none. */
export const BAN_SEARCH_PAGES = 3;
export const MODERATION_STATUS: Record<ModerationActionOnPlatform, 'heldForReview' | 'published' | 'rejected'> = {
  hide: 'heldForReview',
  unhide: 'published',
  delete: 'rejected',
};

interface CommentSnippet {
  videoId?: string;
  channelId?: string;
  parentId?: string;
  textOriginal?: string;
  textDisplay?: string;
  authorDisplayName?: string;
  authorChannelId?: { value?: string };
  publishedAt?: string;
}
interface Comment {
  id: string;
  snippet?: CommentSnippet;
}
interface Thread {
  id: string;
  snippet?: { videoId?: string; channelId?: string; topLevelComment?: Comment; totalReplyCount?: number };
  replies?: { comments?: Comment[] };
}

function interactionError(ctx: ConnectorContext, status: number, text: string, headers: Headers, publishing = false): ConnectorError {
  const e = mapError(ctx, status, text, headers, publishing);
  if (e.details.platformCode === 'commentsDisabled') {
    return new ConnectorError('bad_request', { it: 'I commenti sono disattivati su questo video: non si può rispondere.', en: 'Comments are disabled on this video: replying is not possible.' }, e.details);
  }
  if (status === 404) {
    return new ConnectorError('bad_request', { it: 'Il commento non esiste più su YouTube (eliminato dal suo autore o già rimosso).', en: 'The comment no longer exists on YouTube (deleted by its author or already removed).' }, e.details);
  }
  if (status === 403 && e.kind === 'disconnected') {
    return new ConnectorError('disconnected', {
      it: 'YouTube nega il permesso: solo il proprietario del canale o del video può rispondere e moderare questi commenti. Verifica l’account collegato e ricollega il canale concedendo la gestione dell’account YouTube.',
      en: 'YouTube denies permission: only the owner of the channel or video can reply to and moderate these comments. Check the connected account and reconnect granting YouTube account management.',
    }, e.details);
  }
  return e;
}

async function reply(ctx: ConnectorContext, req: { inReplyTo: IncomingItem; text: string; idempotencyKey: string }): Promise<{ platformId: string; url: string | null }> {
  const item = req.inReplyTo;
  const parentId = item.parentRef || item.platformId;
  const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/youtube/v3/comments?part=snippet`, {
    method: 'POST',
    headers: { ...auth(ctx), 'content-type': 'application/json; charset=UTF-8' },
    body: JSON.stringify({ snippet: { parentId, textOriginal: req.text } }),
  }, true).catch((err: unknown) => {
    throw unsureReply(err, PLATFORM);
  });
  if (!res.ok) throw unsureReply(interactionError(ctx, res.status, text, res.headers, true), PLATFORM);
  const c = JSON.parse(text || '{}') as Comment;
  if (!c.id) throw unsureReply(new ConnectorError('unknown_outcome', { it: 'YouTube ha risposto senza l’identificativo del commento.', en: 'YouTube answered without the comment id.' }), PLATFORM);
  const video = c.snippet?.videoId ?? item.threadRef;
  return { platformId: c.id, url: video ? `https://www.youtube.com/watch?v=${encodeURIComponent(video)}&lc=${encodeURIComponent(c.id)}` : null };
}

async function moderate(ctx: ConnectorContext, req: { item: Pick<IncomingItem, 'platformId' | 'kind' | 'threadRef'>; action: ModerationActionOnPlatform }): Promise<void> {
  const q = new URLSearchParams({ id: req.item.platformId, moderationStatus: MODERATION_STATUS[req.action] });
  const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/youtube/v3/comments/setModerationStatus?${q}`, { method: 'POST', headers: auth(ctx) }, false);
  if (res.ok) return;
  if (req.action === 'delete' && res.status === 404) return; // gone already: the intent is fulfilled
  throw interactionError(ctx, res.status, text, res.headers);
}

function toItem(c: Comment, thread: Thread, now: Date): IncomingItem | null {
  const s = c.snippet ?? {};
  const text = s.textOriginal ?? s.textDisplay;
  if (!text) return null;
  const video = s.videoId ?? thread.snippet?.videoId;
  const threadRef = video ?? thread.snippet?.channelId ?? thread.id;
  return {
    platformId: c.id,
    kind: 'comment',
    threadRef,
    parentRef: s.parentId ?? null,
    author: { platformId: s.authorChannelId?.value ?? `youtube:${s.authorDisplayName ?? 'anonimo'}`, name: s.authorDisplayName ?? 'Utente YouTube', handle: s.authorDisplayName?.startsWith('@') ? s.authorDisplayName : null },
    text,
    receivedAt: s.publishedAt ? new Date(s.publishedAt) : now,
    url: video ? `https://www.youtube.com/watch?v=${encodeURIComponent(video)}&lc=${encodeURIComponent(c.id)}` : null,
  };
}

/** A thread the poll keeps an eye on: its top-level comment, reply count and last activity. */
interface Watched {
  thread: string;
  top: string;
  n: number;
  t: number;
}

interface PollState {
  at: number;
  id: string | null;
  watched: Watched[];
  sweptAt: number;
}

function parseCursor(cursor: string | null): PollState {
  const empty: PollState = { at: -Infinity, id: null, watched: [], sweptAt: 0 };
  if (!cursor) return empty;
  if (cursor.startsWith('{')) {
    try {
      const c = JSON.parse(cursor) as { at?: string; id?: string; w?: Array<[string, string, number, number]>; s?: number };
      const at = Date.parse(c.at ?? '');
      return {
        at: Number.isNaN(at) ? -Infinity : at,
        id: c.id ?? null,
        watched: (c.w ?? []).filter((w) => Array.isArray(w) && typeof w[0] === 'string').map(([thread, top, n, t]) => ({ thread, top, n: Number(n) || 0, t: Number(t) || 0 })),
        sweptAt: Number(c.s) || 0,
      };
    } catch {
      return empty;
    }
  }
  const [at, id] = cursor.split('|');
  const t = Date.parse(at ?? '');
  return { ...empty, at: Number.isNaN(t) ? -Infinity : t, id: id || null };
}

function writeCursor(st: PollState): string | null {
  if (st.at === -Infinity && st.watched.length === 0) return null;
  return JSON.stringify({
    ...(st.at === -Infinity ? {} : { at: new Date(st.at).toISOString(), id: st.id }),
    w: st.watched.map((w) => [w.thread, w.top, w.n, w.t]),
    s: st.sweptAt,
  });
}

/** All the replies to a top-level comment (`comments.list?parentId=`), at most `MAX_REPLY_PAGES` pages. */
async function repliesOf(ctx: ConnectorContext, top: string): Promise<Comment[]> {
  const out: Comment[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < MAX_REPLY_PAGES; page++) {
    const q = new URLSearchParams({ part: 'snippet', parentId: top, maxResults: '100', textFormat: 'plainText' });
    if (pageToken) q.set('pageToken', pageToken);
    const { body } = await call<{ items?: Comment[]; nextPageToken?: string }>(ctx, `${apiBase(ctx)}/youtube/v3/comments?${q}`, { method: 'GET', headers: auth(ctx) });
    out.push(...(body.items ?? []));
    pageToken = body.nextPageToken;
    if (!pageToken) break;
  }
  return out;
}

async function poll(ctx: ConnectorContext, cursor: string | null): Promise<{ items: IncomingItem[]; cursor: string | null }> {
  // A channel not connected yet has nothing to read: no error at every round of the inbox worker.
  if (!ctx.credentials?.accessToken) return { items: [], cursor };
  const channelId = ctx.credentials?.account?.channelId || (await myChannel(ctx)).id;
  const st = parseCursor(cursor);
  const now = ctx.now();
  const watched = new Map(st.watched.map((w) => [w.thread, w]));
  const found = new Map<string, IncomingItem>();
  let replyReads = 0;

  /** Takes a thread's comments newer than `since` (its own last activity, or the cursor); reads all its replies when the thread carries only some. */
  const take = async (t: Thread, since: { at: number; id: string | null }, known: Watched | undefined): Promise<void> => {
    const top = t.snippet?.topLevelComment;
    const count = t.snippet?.totalReplyCount ?? t.replies?.comments?.length ?? 0;
    let replies = t.replies?.comments ?? [];
    const grew = count > (known?.n ?? 0);
    let readAll = true;
    if (grew && count > replies.length && top) {
      if (replyReads < MAX_REPLY_READS) {
        replyReads++;
        replies = await repliesOf(ctx, top.id);
      } else {
        readAll = false; // read at the next poll: the count is not recorded as seen
      }
    }
    let last = known?.t ?? 0;
    for (const c of [...(top ? [top] : []), ...replies]) {
      const item = c.snippet?.authorChannelId?.value === channelId ? null : toItem(c, t, now);
      const at = Date.parse(c.snippet?.publishedAt ?? '') || 0;
      last = Math.max(last, at);
      if (!item || at < since.at || c.id === since.id) continue;
      found.set(item.platformId, item);
    }
    if (top) watched.set(t.id, { thread: t.id, top: top.id, n: readAll ? count : (known?.n ?? 0), t: last });
  };

  // 1. The newest threads.
  let pageToken: string | undefined;
  for (let page = 0; page < (cursor ? MAX_PAGES : 1); page++) {
    const q = new URLSearchParams({ part: 'snippet,replies', allThreadsRelatedToChannelId: channelId, order: 'time', textFormat: 'plainText', maxResults: '100' });
    if (pageToken) q.set('pageToken', pageToken);
    const { body } = await call<{ items?: Thread[]; nextPageToken?: string }>(ctx, `${apiBase(ctx)}/youtube/v3/commentThreads?${q}`, { method: 'GET', headers: auth(ctx) });
    let older = false;
    for (const t of body.items ?? []) {
      const topAt = Date.parse(t.snippet?.topLevelComment?.snippet?.publishedAt ?? '') || 0;
      if (topAt < st.at || t.snippet?.topLevelComment?.id === st.id) older = true;
      await take(t, { at: st.at, id: st.id }, watched.get(t.id));
    }
    pageToken = body.nextPageToken;
    if (older || !pageToken) break; // threads come newest first: the rest is already known
  }

  // 2. Every SWEEP_EVERY_MS, the reply counts of the watched threads (50 ids a call).
  let sweptAt = st.sweptAt;
  if (cursor && now.getTime() - st.sweptAt >= SWEEP_EVERY_MS) {
    const ids = [...watched.values()].sort((a, b) => b.t - a.t).slice(0, WATCHED).map((w) => w.thread);
    for (let i = 0; i < ids.length; i += 50) {
      const q = new URLSearchParams({ part: 'snippet', id: ids.slice(i, i + 50).join(','), textFormat: 'plainText' });
      const { body } = await call<{ items?: Thread[] }>(ctx, `${apiBase(ctx)}/youtube/v3/commentThreads?${q}`, { method: 'GET', headers: auth(ctx) });
      for (const t of body.items ?? []) {
        const known = watched.get(t.id);
        // Strictly newer than what the thread last showed (YouTube's times have millisecond precision).
        if ((t.snippet?.totalReplyCount ?? 0) > (known?.n ?? 0)) await take(t, { at: known ? known.t + 1 : -Infinity, id: null }, known);
      }
    }
    sweptAt = now.getTime();
  }

  const items = [...found.values()].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  let next = { at: st.at, id: st.id };
  for (const i of items) {
    if (i.receivedAt.getTime() >= next.at) next = { at: i.receivedAt.getTime(), id: i.platformId };
  }
  const keep = [...watched.values()].sort((a, b) => b.t - a.t).slice(0, WATCHED);
  return { items, cursor: writeCursor({ at: next.at, id: next.id, watched: keep, sweptAt: cursor ? sweptAt : now.getTime() }) };
}

/** Finds a recent comment of `author` among the channel's newest threads (1 unit a page). */
async function commentBy(ctx: ConnectorContext, author: string): Promise<string | null> {
  const channelId = ctx.credentials?.account?.channelId || (await myChannel(ctx)).id;
  let pageToken: string | undefined;
  for (let page = 0; page < BAN_SEARCH_PAGES; page++) {
    const q = new URLSearchParams({ part: 'snippet,replies', allThreadsRelatedToChannelId: channelId, order: 'time', maxResults: '100' });
    if (pageToken) q.set('pageToken', pageToken);
    const { body } = await call<{ items?: Thread[]; nextPageToken?: string }>(ctx, `${apiBase(ctx)}/youtube/v3/commentThreads?${q}`, { method: 'GET', headers: auth(ctx) });
    for (const t of body.items ?? []) {
      const top = t.snippet?.topLevelComment;
      for (const c of [...(top ? [top] : []), ...(t.replies?.comments ?? [])]) {
        if (c.snippet?.authorChannelId?.value === author) return c.id;
      }
    }
    pageToken = body.nextPageToken;
    if (!pageToken) break;
  }
  return null;
}

const NO_COMMENT = new ConnectorError('bad_request', {
  it: 'YouTube permette di bannare una persona solo a partire da un suo commento, e non ne è stato trovato nessuno tra quelli recenti del canale: bannala a mano da YouTube Studio (Impostazioni › Community › Utenti nascosti).',
  en: 'YouTube bans a person only through one of their comments, and none was found among the channel’s recent ones: ban them by hand from YouTube Studio (Settings › Community › Hidden users).',
}, { platformCode: 'no_comment_to_ban' });

/**
 * Block = ban from the channel's comments: `setModerationStatus` with `rejected` and
 * `banAuthor=true` on one of the author's comments (the inbox's items of the author first, newest
 * first; else one found among the channel's recent threads). 50 quota units.
 */
async function block(ctx: ConnectorContext, req: BlockRequest): Promise<void> {
  const author = req.authorPlatformId.trim();
  if (!/^UC[\w-]{10,}$/.test(author)) {
    throw new ConnectorError('bad_request', { it: 'L’autore non ha un canale YouTube identificabile: bannalo a mano da YouTube Studio.', en: 'The author has no identifiable YouTube channel: ban them by hand from YouTube Studio.' });
  }
  const candidates = (req.recent ?? []).filter((i) => i.kind === 'comment').map((i) => i.platformId);
  let searched = false;
  for (let k = 0; ; k++) {
    let id = candidates[k];
    if (!id) {
      if (searched) throw NO_COMMENT;
      searched = true;
      id = (await commentBy(ctx, author)) ?? undefined;
      if (!id) throw NO_COMMENT;
    }
    const q = new URLSearchParams({ id, moderationStatus: 'rejected', banAuthor: 'true' });
    const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/youtube/v3/comments/setModerationStatus?${q}`, { method: 'POST', headers: auth(ctx) }, false);
    if (res.ok) return;
    // That comment is gone (deleted by its author): try another one of theirs.
    if (res.status === 404 || (res.status === 400 && /processingFailure/.test(text))) continue;
    throw interactionError(ctx, res.status, text, res.headers);
  }
}

export const youtubeInteractions = {
  interactionCapabilities: { reply: true, hide: true, unhide: true, delete: true, poll: true, block: true },
  reply,
  moderate,
  poll,
  block,
} satisfies Interactions;
