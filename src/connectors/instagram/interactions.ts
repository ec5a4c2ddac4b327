/**
 * The Instagram connector's part in the community inbox: replies to comments and to Direct
 * messages, hiding/unhiding and deleting comments. New items arrive by webhook (`comments` and
 * `messages` fields of the `instagram` object), so there is no polling.
 *
 * Follows:
 * - "Instagram Platform – Comment moderation", https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/guides/comment-moderation
 *   and the "IG Comment" / "IG Comment Replies" references
 *   (`POST /{ig-comment-id}/replies` with `message` → `{id}`: replies go to top-level comments, so a
 *   reply to a reply is sent to its top-level comment; `POST /{ig-comment-id}?hide=true|false` →
 *   `{success: true}`; `DELETE /{ig-comment-id}` → `{success: true}`; permission instagram_manage_comments)
 * - "Messenger Platform – Instagram – Send a Message", https://developers.facebook.com/docs/messenger-platform/instagram/features/send-message
 *   (`POST /{page-id}/messages` with the Page token, `recipient: {id: IGSID}`, `message: {text}` →
 *   `{recipient_id, message_id}`; text at most 1,000 bytes of UTF-8; answers only within 24 hours of
 *   the person's last message) and "Instagram API with Instagram Login – Send Messages"
 *   (the same call on `/{ig-user-id}/messages`). With `account.pageId` (Facebook Login, the Page
 *   linked to the account) the Page's endpoint is used, else the account's own.
 * - "Moderate Conversations API for Instagram", https://developers.facebook.com/docs/messenger-platform/instagram/features/moderate-conversations
 *   (`POST /{page-id}/moderate_conversations` with `user_ids: [{id: IGSID}]`, `actions: ["block_user"]`
 *   → `{success: "true"}`; Page token with instagram_manage_messages; the person can then neither
 *   message the account nor find its profile, posts or stories. Only with the Page linked to the
 *   account (`account.pageId`, Facebook Login) and only for a person with whom a conversation exists:
 *   otherwise the office blocks from the Instagram app.)
 * - Graph errors go through `mapGraphError` in `../facebook_page/graph.ts`; Messenger's window and
 *   reachability errors through `messagingSpecific` in `../facebook_page/interactions.ts`.
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import type { BlockRequest, IncomingItem, Interactions, ModerationActionOnPlatform } from '../interactions.ts';
import { tooLong, unsureReply } from '../failures.ts';
import { graph, type GraphSubject, requireAccount } from '../facebook_page/graph.ts';
import { messagingSpecific } from '../facebook_page/interactions.ts';

const SUBJECT: GraphSubject = { it: 'dell’account Instagram', en: 'Instagram account' };
/** Instagram Direct: text of at most 1,000 bytes. */
export const INSTAGRAM_MAX_MESSAGE_BYTES = 1000;

async function reply(ctx: ConnectorContext, req: { inReplyTo: IncomingItem; text: string; idempotencyKey: string }): Promise<{ platformId: string; url: string | null }> {
  const item = req.inReplyTo;
  try {
    if (item.kind === 'message') {
      const bytes = Buffer.byteLength(req.text);
      if (bytes > INSTAGRAM_MAX_MESSAGE_BYTES) throw tooLong('Instagram Direct', INSTAGRAM_MAX_MESSAGE_BYTES, bytes, { it: 'Messaggio (in byte)', en: 'Message (in bytes)' });
      const sender = ctx.credentials?.account?.pageId?.trim() || requireAccount(ctx, 'igUserId', { it: 'l’identificativo dell’account Instagram', en: 'the Instagram user id' });
      const res = await graph<{ recipient_id?: string; message_id?: string }>(ctx, SUBJECT, {
        method: 'POST',
        path: `${sender}/messages`,
        json: { recipient: { id: item.author.platformId }, message: { text: req.text } },
        publishing: true,
        interaction: true,
        specific: messagingSpecific('Instagram'),
      });
      if (!res.message_id) throw new ConnectorError('unknown_outcome', { it: 'Instagram ha risposto senza l’identificativo del messaggio.', en: 'Instagram answered without a message id.' });
      return { platformId: res.message_id, url: null };
    }
    // Instagram threads replies under top-level comments only.
    const target = item.parentRef || item.platformId;
    const res = await graph<{ id?: string }>(ctx, SUBJECT, {
      method: 'POST',
      path: `${encodeURIComponent(target)}/replies`,
      json: { message: req.text },
      publishing: true,
      interaction: true,
    });
    if (!res.id) throw new ConnectorError('unknown_outcome', { it: 'Instagram ha risposto senza l’identificativo del commento.', en: 'Instagram answered without a comment id.' });
    return { platformId: res.id, url: null };
  } catch (err) {
    throw unsureReply(err, 'Instagram');
  }
}

async function moderate(ctx: ConnectorContext, req: { item: Pick<IncomingItem, 'platformId' | 'kind' | 'threadRef'>; action: ModerationActionOnPlatform }): Promise<void> {
  if (req.item.kind === 'message') {
    throw new ConnectorError('bad_request', {
      it: 'I messaggi Direct di Instagram non si possono nascondere né eliminare tramite API: se serve, limita o blocca la persona dall’app Instagram.',
      en: 'Instagram Direct messages cannot be hidden or deleted through the API: if needed, restrict or block the person from the Instagram app.',
    }, { platformCode: 'message_moderation_unsupported' });
  }
  const path = encodeURIComponent(req.item.platformId);
  if (req.action === 'delete') {
    let gone = false;
    await graph(ctx, SUBJECT, {
      method: 'DELETE',
      path,
      interaction: true,
      specific: (e) => {
        gone = e.code === 100 && e.error_subcode === 33; // already deleted: the intent is fulfilled
        return gone ? new ConnectorError('bad_request', { it: 'Commento già eliminato.', en: 'Comment already deleted.' }) : undefined;
      },
    }).catch((err: unknown) => {
      if (!gone) throw err;
    });
    return;
  }
  await graph(ctx, SUBJECT, { method: 'POST', path, query: { hide: req.action === 'hide' ? 'true' : 'false' }, interaction: true });
}

const BLOCK_BY_HAND = {
  it: 'Instagram permette di bloccare tramite API solo chi ha una conversazione Direct con l’account: blocca la persona a mano dall’app Instagram.',
  en: 'Instagram lets the API block only people who have a Direct conversation with the account: block the person by hand from the Instagram app.',
};

async function block(ctx: ConnectorContext, req: BlockRequest): Promise<void> {
  const pageId = ctx.credentials?.account?.pageId?.trim();
  if (!pageId) {
    throw new ConnectorError('bad_request', {
      it: 'Il blocco via API passa dalla Pagina Facebook collegata all’account Instagram, che questo canale non ha (accesso con Instagram Login): blocca la persona a mano dall’app Instagram.',
      en: 'Blocking through the API goes through the Facebook Page linked to the Instagram account, which this channel lacks (Instagram Login): block the person by hand from the Instagram app.',
    }, { platformCode: 'no_page' });
  }
  const res = await graph<{ success?: boolean | string }>(ctx, SUBJECT, {
    method: 'POST',
    path: `${pageId}/moderate_conversations`,
    json: { user_ids: [{ id: req.authorPlatformId }], actions: ['block_user'] },
    interaction: true,
    specific: (e, status) => (e.code === 100 && e.error_subcode === 2018001 ? new ConnectorError('bad_request', BLOCK_BY_HAND, { status, platformCode: `${e.code}/${e.error_subcode}` }) : undefined),
  });
  if (res.success !== true && res.success !== 'true') throw new ConnectorError('bad_request', BLOCK_BY_HAND, { platformCode: 'block_refused' });
}

export const instagramInteractions = {
  interactionCapabilities: { reply: true, hide: true, unhide: true, delete: true, poll: false, block: true },
  reply,
  moderate,
  block,
} satisfies Interactions;
