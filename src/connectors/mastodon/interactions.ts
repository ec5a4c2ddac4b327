/**
 * The community inbox on Mastodon (client API):
 *   https://docs.joinmastodon.org/methods/notifications/#get  (GET /api/v1/notifications?types[]=mention;
 *     replies to the Ente's statuses are mentions; `min_id` pages forward from the last one read,
 *     `limit` at most 80, newest first in each page)
 *   https://docs.joinmastodon.org/methods/statuses/#context   (GET /api/v1/statuses/:id/context: `ancestors`,
 *     whose first is the post the conversation started from: the inbox's thread)
 *   https://docs.joinmastodon.org/methods/statuses/#create    (POST /api/v1/statuses with `in_reply_to_id`
 *     and the `Idempotency-Key` header: the same key within one hour returns the same status)
 * A normal account can neither hide nor delete someone else's status (only report it, or block
 * the author): hide, unhide and delete are left to the office by hand.
 */
import type { ConnectorContext } from '../contract.ts';
import type { IncomingItem, Interactions } from '../interactions.ts';
import { unsureReply } from '../failures.ts';
import { request, type Status } from './api.ts';
import { compareIds, itemOfMention, replyText, type MastodonNotification, type MastodonStatus } from './mastodon.fns.ts';

const PAGE = 40;
const MAX_PAGES = 10;

/** The first status of the conversation `status` belongs to, or null when it cannot be read. */
async function rootOf(ctx: ConnectorContext, status: MastodonStatus): Promise<string | null> {
  if (!status.in_reply_to_id) return null;
  try {
    const { data } = await request<{ ancestors: MastodonStatus[] }>(ctx, 'GET', `/api/v1/statuses/${encodeURIComponent(status.id)}/context`);
    return data.ancestors?.[0]?.id ?? null;
  } catch {
    return null; // the parent is the thread then
  }
}

export const mastodonInteractions: Interactions = {
  interactionCapabilities: { reply: true, hide: false, unhide: false, delete: false, poll: true },

  async poll(ctx, cursor) {
    const seen: MastodonNotification[] = [];
    let newest = cursor;
    for (let page = 0; page < MAX_PAGES; page++) {
      const qs = new URLSearchParams({ limit: String(PAGE) });
      qs.append('types[]', 'mention');
      if (newest) qs.set('min_id', newest);
      const { data } = await request<MastodonNotification[]>(ctx, 'GET', `/api/v1/notifications?${qs.toString()}`);
      const fresh = (Array.isArray(data) ? data : []).filter((n) => !newest || compareIds(n.id, newest) > 0);
      if (fresh.length === 0) break;
      seen.push(...fresh);
      newest = fresh.reduce((max, n) => (compareIds(n.id, max) > 0 ? n.id : max), fresh[0]!.id);
      // A first poll reads the latest page only; later ones page forward until caught up.
      if (!cursor || fresh.length < PAGE) break;
    }
    seen.sort((a, b) => compareIds(a.id, b.id));
    const items: IncomingItem[] = [];
    for (const n of seen) {
      const item = n.status ? itemOfMention(n, await rootOf(ctx, n.status)) : null;
      if (item) items.push(item);
    }
    return { items, cursor: newest };
  },

  async reply(ctx, req) {
    const direct = req.inReplyTo.kind === 'message';
    const body = JSON.stringify({
      status: replyText(req.text, req.inReplyTo.author.handle),
      in_reply_to_id: req.inReplyTo.platformId,
      visibility: direct ? 'direct' : 'public',
      language: 'it',
    });
    try {
      const { data } = await request<Status>(ctx, 'POST', '/api/v1/statuses', {
        body,
        headers: { 'content-type': 'application/json', 'idempotency-key': req.idempotencyKey },
      });
      return { platformId: data.id, url: data.url ?? data.uri ?? null };
    } catch (e) {
      // The same key within an hour is safe to send again; a new attempt with a new key is not.
      throw unsureReply(e, 'Mastodon');
    }
  },
};
