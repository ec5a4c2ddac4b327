/**
 * The community inbox on Bluesky (AT Protocol), through the channel's PDS (which forwards the
 * app.bsky.* reads to its AppView):
 *   app.bsky.notification.listNotifications  (reasons reply, mention, quote; newest first, `cursor`
 *     pages back in time: a poll reads back to half an hour before the newest notification it saw,
 *     because `indexedAt` there is the earlier of the post's createdAt and its indexing, and skips
 *     the URIs it has already returned)
 *   app.bsky.feed.getPosts                   (the uri and cid of the post replied to, and its
 *     `reply.root` strong reference: a reply needs both, https://docs.bsky.app/docs/advanced-guides/posts#replies)
 *   com.atproto.repo.createRecord            (app.bsky.feed.post with `reply: { root, parent }`)
 *   app.bsky.feed.threadgate                 (rkey = the root post's rkey; `hiddenReplies`, at most 300
 *     URIs, hides replies in the threads of the Ente's own posts; no `allow` = anyone may reply,
 *     an existing `allow` is kept: https://docs.bsky.app/docs/tutorials/thread-gates)
 *   app.bsky.graph.block                     (lexicons/app/bsky/graph/block.json in bluesky-social/atproto:
 *     "Record declaring a 'block' relationship against another account", `{subject: <DID of the
 *     account to be blocked>, createdAt}`, TID record key, public; written in the Ente's repository
 *     with com.atproto.repo.createRecord. The AppView then keeps the two accounts from interacting:
 *     the blocked account can no longer reply to or quote the Ente's posts)
 * Nobody can delete another account's post: delete is left to the office (report it on Bluesky).
 * A block is written under a record key derived from the blocked DID (`tidFromKey`), so a block
 * repeated after a lost answer finds the first record instead of writing a second one.
 *
 * Idempotency: a reply is written under the record key `tidFromKey(idempotencyKey)`, like a
 * publication, so an attempt that is retried with the same key finds the first reply; a 5xx is
 * settled by reading that key; only a call that got no answer stays unsure (`unsureReply`).
 */
import { XRPCError } from '@atproto/api';
import type { ConnectorContext } from '../contract.ts';
import { unsureReply } from '../failures.ts';
import type { BlockRequest, IncomingItem, Interactions } from '../interactions.ts';
import {
  graphemeCount,
  hiddenAfter,
  INBOX_REASONS,
  isUnread,
  itemOfNotification,
  linkFacets,
  MAX_GRAPHEMES,
  MAX_HIDDEN_REPLIES,
  nextCursor,
  parseAtUri,
  postUrl,
  readCursor,
  tidFromKey,
  windowStart,
  type BskyNotification,
  type StrongRef,
} from './bluesky.fns.ts';
import { COLLECTION, connect, fail, getPost, translate } from './session.ts';

const THREADGATE = 'app.bsky.feed.threadgate';
const BLOCK = 'app.bsky.graph.block';
/** A DID as the AT Protocol spells it (did:plc:…, did:web:…). */
const DID = /^did:[a-z]+:[a-zA-Z0-9._:%-]+$/;
const PAGE = 50;
const MAX_PAGES = 10;

interface ThreadgateRecord {
  $type?: string;
  post: string;
  createdAt: string;
  allow?: unknown[];
  hiddenReplies?: string[];
  [k: string]: unknown;
}

/** The post replied to, as strong references to it and to the root of its thread. */
async function replyRefs(ctx: ConnectorContext, agent: Awaited<ReturnType<typeof connect>>['agent'], uri: string): Promise<{ parent: StrongRef; root: StrongRef }> {
  if (!parseAtUri(uri)) throw fail('bad_request', 'Questo elemento non corrisponde a un post Bluesky: rispondi a mano.', 'This item is not a Bluesky post: reply by hand.');
  let post;
  try {
    ({ data: { posts: [post] } } = await agent.app.bsky.feed.getPosts({ uris: [uri] }));
  } catch (e) {
    throw translate(e, ctx, false);
  }
  if (!post) throw fail('bad_request', 'Il post del cittadino non esiste più su Bluesky: la risposta non è stata inviata.', 'The citizen’s post no longer exists on Bluesky: the reply was not sent.');
  const parent = { uri: post.uri, cid: post.cid };
  const root = (post.record as { reply?: { root?: Partial<StrongRef> } }).reply?.root;
  return { parent, root: root?.uri && root.cid ? { uri: root.uri, cid: root.cid } : parent };
}

/** Blocks the author (a DID) from the Ente's account: an app.bsky.graph.block record in its repository. */
async function block(ctx: ConnectorContext, req: BlockRequest): Promise<void> {
  const subject = req.authorPlatformId.trim();
  if (!DID.test(subject)) {
    throw fail('bad_request', 'L’autore non ha un identificativo Bluesky (DID): bloccalo a mano dall’app.', 'The author has no Bluesky identifier (DID): block them by hand from the app.');
  }
  const { agent, did } = await connect(ctx);
  if (subject === did) throw fail('bad_request', 'L’account dell’Ente non può bloccare se stesso.', 'The Ente’s account cannot block itself.');
  const rkey = tidFromKey(`block:${subject}`);
  try {
    if (await getPost(agent, did, rkey, BLOCK)) return;
    await agent.com.atproto.repo.createRecord({ repo: did, collection: BLOCK, rkey, record: { $type: BLOCK, subject, createdAt: ctx.now().toISOString() } });
  } catch (e) {
    // Written meanwhile by an earlier attempt whose answer was lost: the block is there.
    if (e instanceof XRPCError && e.status >= 400 && e.status < 500 && (await getPost(agent, did, rkey, BLOCK).catch(() => null))) return;
    // Repeating the block is safe (same record key): an unanswered write is retried, not "unknown".
    throw translate(e, ctx, false);
  }
}

export const blueskyInteractions: Interactions = {
  interactionCapabilities: { reply: true, hide: true, unhide: true, delete: false, poll: true, block: true },

  block,

  async poll(ctx, cursor) {
    const { agent, did } = await connect(ctx);
    const since = readCursor(cursor);
    const read: BskyNotification[] = [];
    let page: string | undefined;
    try {
      for (let i = 0; i < MAX_PAGES; i++) {
        const { data } = await agent.app.bsky.notification.listNotifications({ limit: PAGE, reasons: [...INBOX_REASONS], cursor: page });
        read.push(...(data.notifications.filter((n) => isUnread(n, since)) as BskyNotification[]));
        // Pages older than the look-back window hold only what was read before; a first poll
        // reads the latest page only.
        const past = since && data.notifications.some((n) => Date.parse(n.indexedAt) < windowStart(since));
        if (!since || past || !data.cursor || data.notifications.length === 0) break;
        page = data.cursor;
      }
    } catch (e) {
      throw translate(e, ctx, false);
    }
    const items: IncomingItem[] = [];
    const seen = new Set<string>();
    for (const n of [...read].sort((a, b) => Date.parse(a.indexedAt) - Date.parse(b.indexedAt))) {
      if (n.author.did === did || seen.has(n.uri)) continue; // a reply that also mentions the Ente comes twice
      const item = itemOfNotification(n, ctx.now());
      if (item) {
        seen.add(n.uri);
        items.push(item);
      }
    }
    return { items, cursor: nextCursor(since, read) ?? cursor };
  },

  async reply(ctx, req) {
    const text = req.text.trim();
    if (!text) throw fail('bad_request', 'La risposta è vuota.', 'The reply is empty.');
    if (graphemeCount(text) > MAX_GRAPHEMES) {
      throw fail('bad_request', `La risposta supera i ${MAX_GRAPHEMES} caratteri ammessi da Bluesky: accorciarla.`, `The reply exceeds Bluesky's ${MAX_GRAPHEMES} characters: shorten it.`);
    }
    const { agent, did, handle } = await connect(ctx);
    const rkey = tidFromKey(req.idempotencyKey);
    const result = (uri: string) => ({ platformId: uri, url: postUrl(uri, handle) });
    const existing = await getPost(agent, did, rkey).catch((e: unknown) => {
      throw translate(e, ctx, false);
    });
    if (existing) return result(existing.uri);
    const reply = await replyRefs(ctx, agent, req.inReplyTo.platformId);
    const facets = linkFacets(text);
    const record = { $type: COLLECTION, text, createdAt: ctx.now().toISOString(), langs: ['it'], reply, ...(facets.length ? { facets } : {}) };
    try {
      const { data } = await agent.com.atproto.repo.createRecord({ repo: did, collection: COLLECTION, rkey, record });
      return result(data.uri);
    } catch (e) {
      const err = translate(e, ctx, true);
      if (err.kind !== 'unknown_outcome' || !(e instanceof XRPCError) || e.status < 100) throw unsureReply(err, 'Bluesky');
      const found = await getPost(agent, did, rkey).catch(() => {
        throw err;
      });
      if (found) return result(found.uri);
      throw fail('transient', 'Errore di Bluesky, nessuna risposta creata: riprovare più tardi.', 'Bluesky error, no reply created: retry later.', err.details);
    }
  },

  async moderate(ctx, req) {
    if (req.action === 'delete') {
      throw fail('bad_request', 'Bluesky non permette di eliminare il post di un altro account: segnalalo su Bluesky o nascondilo.', 'Bluesky does not let anyone delete another account’s post: report it on Bluesky or hide it.');
    }
    const { agent, did } = await connect(ctx);
    const root = parseAtUri(req.item.threadRef);
    if (!root || root.did !== did || root.collection !== COLLECTION || req.item.platformId === req.item.threadRef) {
      throw fail(
        'bad_request',
        'Su Bluesky si possono nascondere solo le risposte ai post dell’Ente: agisci a mano (segnalazione o blocco).',
        'On Bluesky only replies to the Ente’s own posts can be hidden: act by hand (report or block).',
      );
    }
    const hide = req.action === 'hide';
    try {
      for (let attempt = 0; attempt < 3; attempt++) {
        const current = await getPost(agent, did, root.rkey, THREADGATE);
        const value = (current?.value ?? null) as ThreadgateRecord | null;
        const hidden = hiddenAfter(value?.hiddenReplies ?? [], req.item.platformId, hide);
        if (!hidden) return;
        if (hidden.length > MAX_HIDDEN_REPLIES) {
          throw fail('bad_request', `Bluesky nasconde al massimo ${MAX_HIDDEN_REPLIES} risposte per post: agisci a mano.`, `Bluesky hides at most ${MAX_HIDDEN_REPLIES} replies per post: act by hand.`);
        }
        const record: ThreadgateRecord = { ...(value ?? {}), $type: THREADGATE, post: req.item.threadRef, createdAt: value?.createdAt ?? ctx.now().toISOString(), hiddenReplies: hidden };
        try {
          if (current) await agent.com.atproto.repo.putRecord({ repo: did, collection: THREADGATE, rkey: root.rkey, record, swapRecord: current.cid });
          else await agent.com.atproto.repo.createRecord({ repo: did, collection: THREADGATE, rkey: root.rkey, record });
          return;
        } catch (e) {
          // Someone changed the threadgate in between (compare-and-swap): read it again.
          if (e instanceof XRPCError && (e.error === 'InvalidSwap' || (!current && e.status >= 400 && e.status < 500 && /exist/i.test(e.message)))) continue;
          throw e;
        }
      }
      throw fail('transient', 'Il threadgate è cambiato più volte durante la modifica: riprovare.', 'The threadgate changed several times while being edited: retry.');
    } catch (e) {
      throw translate(e, ctx, false);
    }
  },
};
