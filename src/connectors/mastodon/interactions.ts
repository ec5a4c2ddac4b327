/**
 * The community inbox on Mastodon (client API):
 *   https://docs.joinmastodon.org/methods/notifications/#get  (GET /api/v1/notifications?types[]=mention;
 *     replies to the Ente's statuses are mentions; `min_id` pages forward from the last one read,
 *     `limit` at most 80, newest first in each page)
 *   https://docs.joinmastodon.org/methods/statuses/#context   (GET /api/v1/statuses/:id/context: `ancestors`,
 *     whose first is the post the conversation started from: the inbox's thread)
 *   https://docs.joinmastodon.org/methods/statuses/#create    (POST /api/v1/statuses with `in_reply_to_id`
 *     and the `Idempotency-Key` header: the same key within one hour returns the same status)
 *   https://docs.joinmastodon.org/methods/accounts/#block (POST /api/v1/accounts/:id/block → Relationship
 *     with `blocking: true`, also when the account was blocked already; scope `write:blocks`; 401
 *     invalid token, 403 "This action is outside the authorized scopes", 404 "Record not found" for
 *     an unknown account, 422 "This method requires an authenticated user" for an app-only token)
 * A normal account can neither hide nor delete someone else's status (only report it, or block
 * the author): hide, unhide and delete are left to the office by hand. Blocking is the sanction:
 * the blocked account's mentions no longer reach the Ente and it can no longer follow it.
 */
import { ConnectorError, type ConnectorContext } from '../contract.ts';
import type { BlockRequest, IncomingItem, Interactions } from '../interactions.ts';
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

/** The part of Mastodon's Relationship entity the block reads. */
interface Relationship {
  id: string;
  blocking?: boolean;
}

/** Explains a refused block: which permission is missing, or that the account is gone. */
function blockFailure(e: unknown): unknown {
  if (!(e instanceof ConnectorError)) return e;
  const status = e.details.status;
  if (status === 404) {
    return new ConnectorError('bad_request', {
      it: 'L’account da bloccare non esiste più su questa istanza Mastodon (cancellato o sospeso): non c’è nulla da bloccare.',
      en: 'The account to block no longer exists on this Mastodon instance (deleted or suspended): there is nothing to block.',
    }, e.details);
  }
  if (status === 403 || status === 422) {
    return new ConnectorError('disconnected', {
      it: 'Il token Mastodon del canale non può bloccare account (serve un token utente con il permesso write:blocks): ricollega il canale concedendolo, oppure blocca a mano.',
      en: 'The channel’s Mastodon token cannot block accounts (a user token with the write:blocks scope is needed): reconnect the channel granting it, or block by hand.',
    }, e.details);
  }
  // Blocking twice is harmless (the method answers 200 when already blocked): an unsure outcome
  // is simply retried.
  if (e.kind === 'unknown_outcome') {
    return new ConnectorError('transient', {
      it: 'L’istanza Mastodon non ha confermato il blocco: riprovo (ripeterlo è sicuro).',
      en: 'The Mastodon instance did not confirm the block: retrying (repeating it is safe).',
    }, e.details);
  }
  return e;
}

async function block(ctx: ConnectorContext, req: BlockRequest): Promise<void> {
  const id = req.authorPlatformId.trim();
  if (!id || id.includes('/')) {
    throw new ConnectorError('bad_request', { it: 'L’autore non ha un identificativo di account Mastodon: bloccalo a mano.', en: 'The author has no Mastodon account id: block them by hand.' });
  }
  let rel: Relationship | null;
  try {
    ({ data: rel } = await request<Relationship | null>(ctx, 'POST', `/api/v1/accounts/${encodeURIComponent(id)}/block`));
  } catch (e) {
    throw blockFailure(e);
  }
  if (rel?.blocking !== true) {
    throw new ConnectorError('transient', { it: 'L’istanza Mastodon non ha confermato il blocco: riprovo.', en: 'The Mastodon instance did not confirm the block: retrying.' });
  }
}

export const mastodonInteractions: Interactions = {
  interactionCapabilities: { reply: true, hide: false, unhide: false, delete: false, poll: true, block: true },

  block,

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
