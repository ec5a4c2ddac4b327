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
 * Poll cursor: `{publishedAt}|{comment id}` of the newest comment seen; a poll returns comments at or
 * after that instant (the inbox deduplicates by id). Replies added to an old thread are seen only while
 * that thread is among the newest pages read: a known limit of polling `commentThreads`.
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import type { IncomingItem, Interactions, ModerationActionOnPlatform } from '../interactions.ts';
import { answered, unsureReply } from '../failures.ts';
import { apiBase, auth, call, mapError, myChannel, PLATFORM } from './api.ts';

const MAX_PAGES = 3;
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
  snippet?: { videoId?: string; channelId?: string; topLevelComment?: Comment };
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

function parseCursor(cursor: string | null): { at: number; id: string | null } {
  if (!cursor) return { at: -Infinity, id: null };
  const [at, id] = cursor.split('|');
  const t = Date.parse(at ?? '');
  return { at: Number.isNaN(t) ? -Infinity : t, id: id || null };
}

async function poll(ctx: ConnectorContext, cursor: string | null): Promise<{ items: IncomingItem[]; cursor: string | null }> {
  // A channel not connected yet has nothing to read: no error at every round of the inbox worker.
  if (!ctx.credentials?.accessToken) return { items: [], cursor };
  const channelId = ctx.credentials?.account?.channelId || (await myChannel(ctx)).id;
  const from = parseCursor(cursor);
  const items: IncomingItem[] = [];
  let pageToken: string | undefined;
  for (let page = 0; page < (cursor ? MAX_PAGES : 1); page++) {
    const q = new URLSearchParams({ part: 'snippet,replies', allThreadsRelatedToChannelId: channelId, order: 'time', textFormat: 'plainText', maxResults: '100' });
    if (pageToken) q.set('pageToken', pageToken);
    const { body } = await call<{ items?: Thread[]; nextPageToken?: string }>(ctx, `${apiBase(ctx)}/youtube/v3/commentThreads?${q}`, { method: 'GET', headers: auth(ctx) });
    let older = false;
    for (const t of body.items ?? []) {
      const top = t.snippet?.topLevelComment;
      for (const c of [...(top ? [top] : []), ...(t.replies?.comments ?? [])]) {
        if (c.snippet?.authorChannelId?.value === channelId) continue; // the channel's own replies
        const item = toItem(c, t, ctx.now());
        if (!item) continue;
        const at = item.receivedAt.getTime();
        if (at < from.at || c.id === from.id) {
          if (c === top) older = true;
          continue;
        }
        items.push(item);
      }
    }
    pageToken = body.nextPageToken;
    if (older || !pageToken) break; // threads come newest first: the rest is already known
  }
  let next = cursor;
  let nextAt = from.at;
  for (const i of items) {
    if (i.receivedAt.getTime() >= nextAt) {
      nextAt = i.receivedAt.getTime();
      next = `${i.receivedAt.toISOString()}|${i.platformId}`;
    }
  }
  return { items, cursor: next };
}

export const youtubeInteractions = {
  interactionCapabilities: { reply: true, hide: true, unhide: true, delete: true, poll: true },
  reply,
  moderate,
  poll,
} satisfies Interactions;
