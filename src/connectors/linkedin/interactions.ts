/**
 * The LinkedIn connector's part in the community inbox: replies to comments on the organisation's
 * posts as the organisation, deleting comments, and reading new comments by polling.
 *
 * Follows (Microsoft Learn, "LinkedIn Marketing API – Community Management"):
 * - "Comments API", https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/comments-api
 *   - Create a comment: `POST /rest/socialActions/{shareUrn|ugcPostUrn|commentUrn}/comments` with
 *     `{actor, object, message: {text}, parentComment}` (`parentComment` for a nested reply; comments
 *     nest one level, so a reply to a reply goes to its top-level comment) → 201, `x-restli-id`, and
 *     the comment with its `commentUrn` (`urn:li:comment:({object urn},{comment id})`)
 *   - Get comments on shares / on comments: `GET /rest/socialActions/{urn}/comments` → `{elements:
 *     [{id, commentUrn, actor, object, message: {text}, created: {time}, parentComment,
 *     commentsSummary: {totalFirstLevelComments}}], paging}`
 *   - Delete a comment: `DELETE /rest/socialActions/{urn}/comments/{commentId}?actor={org urn}` → 204;
 *     an organisation admin may delete comments on the organisation's posts
 *   - permissions w_organization_social / r_organization_social (ADMINISTRATOR of the Page)
 * - "Posts API" (`GET /rest/posts?author=…&q=author`, FINDER) for the organisation's recent posts
 * - "API Rate Limiting" (429, daily limits) mapped in `api.ts`
 *
 * Hide: LinkedIn's API has no way to hide a comment (hide = unhide = false: the inbox tells the office).
 * Poll: LinkedIn's organisation social-action notifications (webhooks) need a separate approval, so
 * new comments are read by polling the comments (and their first-level replies) of the `POLL_POSTS`
 * most recent posts; the cursor is `{created time}|{comment urn}` of the newest comment seen.
 * Names: the Comments API gives the author's URN, not a name.
 * - Organisations that comment are named with the "Organization Lookup API",
 *   https://learn.microsoft.com/en-us/linkedin/marketing/community-management/organizations/organization-lookup-api
 *   (`GET /rest/organizationsLookup?ids=List(1,2)` → `{results: {"1": {localizedName, vanityName}},
 *   statuses, errors}`: the non-administrator view, open to any organisation's token), one call per
 *   poll for the organisations it met (at most `LOOKUP_BATCH` ids a call), cached for that poll. A
 *   lookup that fails leaves the placeholder "Organizzazione LinkedIn": names never fail a poll.
 * - Members stay "Membro LinkedIn" with their URN as identifier: the Profile API gives a token only
 *   its own member's profile (`/v2/me`, r_liteprofile / r_basicprofile), and reading other members'
 *   profiles by id is not among the Community Management permissions an organisation's token gets
 *   (w_organization_social, r_organization_social, rw_organization_admin).
 * Block: LinkedIn's Marketing and Community Management APIs have no method for an organisation to
 * block a member (block = false): the office blocks from the Page by hand.
 * Delete target: the object URN carried inside the comment URN (the inbox does not pass the parent).
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import type { IncomingItem, Interactions, ModerationActionOnPlatform } from '../interactions.ts';
import { answered, unsureReply } from '../failures.ts';
import { apiBase, call, headers, mapError, orgUrn, PLATFORM } from './api.ts';

/** How many recent posts a poll reads the comments of. */
export const POLL_POSTS = 5;
/** Organisation ids looked up in one `organizationsLookup` call. */
export const LOOKUP_BATCH = 20;

interface LinkedInComment {
  id?: string;
  commentUrn?: string;
  actor?: string;
  object?: string;
  message?: { text?: string };
  created?: { time?: number };
  parentComment?: string;
  commentsSummary?: { totalFirstLevelComments?: number };
}

/** `urn:li:comment:(urn:li:activity:1,2)` → object `urn:li:activity:1`, id `2`. */
export function parseCommentUrn(urn: string): { object: string; id: string } | null {
  const m = /^urn:li:comment:\((urn:li:[^,]+(?:\([^)]*\))?),([^,()]+)\)$/.exec(urn);
  return m ? { object: m[1]!, id: m[2]! } : null;
}

const encoded = (urn: string) => encodeURIComponent(urn);

function interactionError(ctx: ConnectorContext, status: number, text: string, res: Headers, publishing = false): ConnectorError {
  const e = mapError(ctx, status, text, res, publishing);
  if (status === 403) {
    return new ConnectorError('disconnected', {
      it: 'LinkedIn nega il permesso di leggere o gestire i commenti per l’organizzazione: l’account collegato deve essere amministratore della Pagina e il canale va ricollegato con i permessi w_organization_social e r_organization_social.',
      en: 'LinkedIn denies permission to read or manage comments for the organization: the connected account must be an admin of the Page, and the channel reconnected with w_organization_social and r_organization_social.',
    }, e.details);
  }
  if (status === 404) {
    return new ConnectorError('bad_request', { it: 'Il commento non esiste più su LinkedIn.', en: 'The comment no longer exists on LinkedIn.' }, e.details);
  }
  return e;
}

function commentUrl(threadRef: string, urn: string): string {
  return `https://www.linkedin.com/feed/update/${threadRef}/?commentUrn=${encodeURIComponent(urn)}`;
}

async function reply(ctx: ConnectorContext, req: { inReplyTo: IncomingItem; text: string; idempotencyKey: string }): Promise<{ platformId: string; url: string | null }> {
  const item = req.inReplyTo;
  const actor = orgUrn(ctx);
  const parent = item.parentRef || item.platformId;
  const object = parseCommentUrn(parent)?.object ?? item.threadRef;
  const body = { actor, object, message: { text: req.text }, parentComment: parent };
  const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/rest/socialActions/${encoded(parent)}/comments`, {
    method: 'POST',
    headers: headers(ctx, { 'content-type': 'application/json' }),
    body: JSON.stringify(body),
  }, true).catch((err: unknown) => {
    throw unsureReply(err, PLATFORM);
  });
  if (!res.ok) throw unsureReply(interactionError(ctx, res.status, text, res.headers, true), PLATFORM);
  const created = (text ? JSON.parse(text) : {}) as LinkedInComment;
  const id = created.id ?? res.headers.get('x-restli-id');
  const urn = created.commentUrn ?? (id ? `urn:li:comment:(${object},${id})` : null);
  if (!urn) throw unsureReply(new ConnectorError('unknown_outcome', { it: 'LinkedIn ha risposto senza l’identificativo del commento.', en: 'LinkedIn answered without the comment id.' }), PLATFORM);
  return { platformId: urn, url: commentUrl(item.threadRef, urn) };
}

async function moderate(ctx: ConnectorContext, req: { item: Pick<IncomingItem, 'platformId' | 'kind' | 'threadRef'>; action: ModerationActionOnPlatform }): Promise<void> {
  if (req.action !== 'delete') {
    throw new ConnectorError('bad_request', {
      it: 'LinkedIn non permette di nascondere i commenti tramite API: eliminalo, oppure nascondilo a mano dalla Pagina LinkedIn.',
      en: 'LinkedIn does not allow hiding comments through its API: delete it, or hide it by hand from the LinkedIn Page.',
    }, { platformCode: 'hide_unsupported' });
  }
  const parsed = parseCommentUrn(req.item.platformId);
  const target = parsed?.object ?? req.item.threadRef;
  const id = parsed?.id ?? req.item.platformId;
  const url = `${apiBase(ctx)}/rest/socialActions/${encoded(target)}/comments/${encodeURIComponent(id)}?actor=${encoded(orgUrn(ctx))}`;
  const { res, text } = await answered(ctx, PLATFORM, url, { method: 'DELETE', headers: headers(ctx) }, false);
  if (res.ok || res.status === 404) return; // gone already: the office's intent is fulfilled
  throw interactionError(ctx, res.status, text, res.headers);
}

function toItem(c: LinkedInComment, post: string, now: Date): IncomingItem | null {
  const text = c.message?.text;
  const object = c.object ?? post;
  const urn = c.commentUrn ?? (c.id ? `urn:li:comment:(${object},${c.id})` : null);
  if (!urn || !text || !c.actor) return null;
  const organisation = c.actor.startsWith('urn:li:organization:');
  return {
    platformId: urn,
    kind: 'comment',
    threadRef: post,
    parentRef: c.parentComment ?? null,
    author: { platformId: c.actor, name: organisation ? 'Organizzazione LinkedIn' : 'Membro LinkedIn' },
    text,
    receivedAt: c.created?.time ? new Date(c.created.time) : now,
    url: commentUrl(post, urn),
  };
}

async function comments(ctx: ConnectorContext, target: string): Promise<LinkedInComment[]> {
  const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/rest/socialActions/${encoded(target)}/comments?count=100`, { method: 'GET', headers: headers(ctx) }, false);
  if (!res.ok) throw interactionError(ctx, res.status, text, res.headers);
  return ((text ? JSON.parse(text) : {}) as { elements?: LinkedInComment[] }).elements ?? [];
}

async function poll(ctx: ConnectorContext, cursor: string | null): Promise<{ items: IncomingItem[]; cursor: string | null }> {
  // A channel not connected yet has nothing to read: no error at every round of the inbox worker.
  if (!ctx.credentials?.accessToken) return { items: [], cursor };
  const org = orgUrn(ctx);
  const [at, seen] = (cursor ?? '').split('|');
  const from = Number(at) || 0;
  const { body } = await call<{ elements?: Array<{ id: string }> }>(ctx, `/rest/posts?author=${encoded(org)}&q=author&count=${POLL_POSTS}&sortBy=LAST_MODIFIED`, {
    method: 'GET',
    headers: headers(ctx, { 'x-restli-method': 'FINDER' }),
  });
  const items: IncomingItem[] = [];
  for (const post of (body.elements ?? []).slice(0, POLL_POSTS)) {
    const top = await comments(ctx, post.id);
    const nested: LinkedInComment[] = [];
    for (const c of top) {
      if ((c.commentsSummary?.totalFirstLevelComments ?? 0) > 0 && c.commentUrn) nested.push(...(await comments(ctx, c.commentUrn)));
    }
    for (const c of [...top, ...nested]) {
      if (c.actor === org) continue; // the organisation's own comments and replies
      const item = toItem(c, post.id, ctx.now());
      if (!item || item.receivedAt.getTime() < from || item.platformId === seen) continue;
      items.push(item);
    }
  }
  await nameOrganisations(ctx, items);
  items.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
  const last = items.at(-1);
  return { items, cursor: last ? `${last.receivedAt.getTime()}|${last.platformId}` : cursor };
}

/** Names the organisations among the authors (one lookup per batch of ids, cached for this poll). */
async function nameOrganisations(ctx: ConnectorContext, items: IncomingItem[]): Promise<void> {
  const PREFIX = 'urn:li:organization:';
  const ids = [...new Set(items.map((i) => i.author.platformId).filter((a) => a.startsWith(PREFIX)).map((a) => a.slice(PREFIX.length)).filter((id) => /^\d+$/.test(id)))];
  const names = new Map<string, { name: string; vanity?: string }>();
  for (let k = 0; k < ids.length; k += LOOKUP_BATCH) {
    const batch = ids.slice(k, k + LOOKUP_BATCH);
    try {
      const { res, text } = await answered(ctx, PLATFORM, `${apiBase(ctx)}/rest/organizationsLookup?ids=List(${batch.join(',')})`, { method: 'GET', headers: headers(ctx) }, false);
      if (!res.ok) continue;
      const results = ((text ? JSON.parse(text) : {}) as { results?: Record<string, { localizedName?: string; vanityName?: string }> }).results ?? {};
      for (const [id, org] of Object.entries(results)) {
        const name = org.localizedName?.trim();
        if (name) names.set(id, { name, vanity: org.vanityName });
      }
    } catch {
      // A name is a courtesy: the poll goes on with the placeholder.
    }
  }
  for (const i of items) {
    const org = names.get(i.author.platformId.slice(PREFIX.length));
    if (i.author.platformId.startsWith(PREFIX) && org) i.author = { ...i.author, name: org.name, handle: org.vanity ?? null };
  }
}

export const linkedinInteractions = {
  interactionCapabilities: { reply: true, hide: false, unhide: false, delete: true, poll: true, block: false },
  reply,
  moderate,
  poll,
} satisfies Interactions;
