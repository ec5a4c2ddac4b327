/**
 * The Facebook Page connector's part in the community inbox: replies to comments and to Messenger
 * conversations, hiding/unhiding and deleting comments. New items arrive by webhook (Page `feed`
 * and Messenger `messages`), so there is no polling.
 *
 * Follows:
 * - "Graph API Reference – Object Comments", https://developers.facebook.com/docs/graph-api/reference/object/comments
 *   (`POST /{comment-id}/comments` with `message` → `{id}`: a reply in the comment's thread)
 * - "Graph API Reference – Comment", https://developers.facebook.com/docs/graph-api/reference/comment
 *   (`POST /{comment-id}` with `is_hidden: true|false` → `{success: true}`; `DELETE /{comment-id}` →
 *   `{success: true}`; both need the Page token with pages_manage_engagement); many at once go as
 *   Graph batch requests (`graphBatch`)
 * - "Messenger Platform – Send API", https://developers.facebook.com/docs/messenger-platform/reference/send-api
 *   (`POST /{page-id}/messages` with `recipient: {id: PSID}`, `messaging_type: "RESPONSE"`,
 *   `message: {text}` → `{recipient_id, message_id}`; text at most 2,000 characters)
 * - "Messenger Platform – Policy overview" (standard messaging: a Page may answer within 24 hours
 *   of the person's last message) and "Messenger Platform – Error codes",
 *   https://developers.facebook.com/docs/messenger-platform/error-codes (10/2018278 "sent outside of
 *   allowed window"; 551 "This person isn't available right now"; 100/2018001 "No matching user found")
 * - Graph errors (expired token, permissions, throttling) go through `mapGraphError` in `graph.ts`.
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import type { IncomingItem, Interactions, ModerationRequest } from '../interactions.ts';
import { tooLong, unsureReply } from '../failures.ts';
import { graph, graphBatch, type GraphBatchCall, type GraphErrorBody, type GraphSubject, requireAccount } from './graph.ts';

const SUBJECT: GraphSubject = { it: 'della Pagina', en: 'Page' };
/** The Send API's limit on a text message. */
export const MESSENGER_MAX_TEXT = 2000;

/** Messenger's own refusals of a message, shared with Instagram Direct (same platform). */
export function messagingSpecific(platform: string) {
  return (e: GraphErrorBody, status: number): ConnectorError | undefined => {
    const details = { status, platformCode: e.error_subcode ? `${e.code}/${e.error_subcode}` : e.code };
    const outsideWindow = (e.code === 10 && (e.error_subcode === 2018278 || e.error_subcode === 2534022)) || /outside of allowed window/i.test(e.message ?? '');
    if (outsideWindow) {
      return new ConnectorError('bad_request', {
        it: `Sono passate più di 24 ore dall’ultimo messaggio della persona: ${platform} non permette più di risponderle da Redazione. Rispondi dall’app, se ancora possibile, o attendi che scriva di nuovo.`,
        en: `More than 24 hours have passed since the person last wrote: ${platform} no longer allows Redazione to answer. Reply from the app if still possible, or wait for them to write again.`,
      }, details);
    }
    if (e.code === 551 || (e.code === 100 && e.error_subcode === 2018001)) {
      return new ConnectorError('bad_request', {
        it: `La persona non è raggiungibile su ${platform} (ha bloccato l’account dell’Ente o non esiste più): il messaggio non può essere consegnato.`,
        en: `The person cannot be reached on ${platform} (they blocked the Ente's account or no longer exist): the message cannot be delivered.`,
      }, details);
    }
    return undefined;
  };
}

const GONE = (e: GraphErrorBody) => e.code === 100 && e.error_subcode === 33;

async function reply(ctx: ConnectorContext, req: { inReplyTo: IncomingItem; text: string; idempotencyKey: string }): Promise<{ platformId: string; url: string | null }> {
  const item = req.inReplyTo;
  try {
    if (item.kind === 'message') {
      if ([...req.text].length > MESSENGER_MAX_TEXT) throw tooLong('Messenger', MESSENGER_MAX_TEXT, [...req.text].length);
      const page = requireAccount(ctx, 'pageId', { it: 'l’identificativo della Pagina', en: 'the Page id' });
      const res = await graph<{ recipient_id?: string; message_id?: string }>(ctx, SUBJECT, {
        method: 'POST',
        path: `${page}/messages`,
        json: { recipient: { id: item.author.platformId }, messaging_type: 'RESPONSE', message: { text: req.text } },
        publishing: true,
        interaction: true,
        specific: messagingSpecific('Messenger'),
      });
      if (!res.message_id) throw new ConnectorError('unknown_outcome', { it: 'Messenger ha risposto senza l’identificativo del messaggio.', en: 'Messenger answered without a message id.' });
      return { platformId: res.message_id, url: null };
    }
    const res = await graph<{ id?: string }>(ctx, SUBJECT, {
      method: 'POST',
      path: `${encodeURIComponent(item.platformId)}/comments`,
      json: { message: req.text },
      publishing: true,
      interaction: true,
    });
    if (!res.id) throw new ConnectorError('unknown_outcome', { it: 'Facebook ha risposto senza l’identificativo del commento.', en: 'Facebook answered without a comment id.' });
    return { platformId: res.id, url: null };
  } catch (err) {
    throw unsureReply(err, 'Facebook');
  }
}

const MESSAGE_NOT_MODERATED = new ConnectorError('bad_request', {
  it: 'I messaggi privati di Messenger non si possono nascondere né eliminare dalla Pagina tramite API: se serve, blocca la persona da Meta Business Suite.',
  en: 'Private Messenger messages cannot be hidden or deleted by the Page through the API: if needed, block the person from Meta Business Suite.',
}, { platformCode: 'message_moderation_unsupported' });

/** The Graph call that hides, unhides or deletes a comment (deleted already counts as done). */
function moderationCall(req: ModerationRequest): GraphBatchCall {
  const path = encodeURIComponent(req.item.platformId);
  if (req.action === 'delete') {
    // Deleted already (by hand, or by its author): the office's intent is fulfilled.
    return { method: 'DELETE', path, interaction: true, specific: (e) => (GONE(e) ? ALREADY_GONE : undefined) };
  }
  return { method: 'POST', path, fields: { is_hidden: req.action === 'hide' }, interaction: true };
}

async function moderate(ctx: ConnectorContext, req: ModerationRequest): Promise<void> {
  if (req.item.kind === 'message') throw MESSAGE_NOT_MODERATED;
  const { fields, ...call } = moderationCall(req);
  try {
    await graph<{ success?: boolean }>(ctx, SUBJECT, { ...call, ...(fields ? { json: fields } : {}) });
  } catch (err) {
    if (err !== ALREADY_GONE) throw err;
  }
}

/**
 * Many comments of the Page at once, as Graph batch requests (50 operations each). An operation
 * Graph did not complete in time is tried again on its own: hiding and deleting can be repeated.
 */
async function moderateMany(ctx: ConnectorContext, reqs: readonly ModerationRequest[]): Promise<(ConnectorError | null)[]> {
  const out: (ConnectorError | null)[] = reqs.map((r) => (r.item.kind === 'message' ? MESSAGE_NOT_MODERATED : null));
  const comments = reqs.map((r, k) => ({ r, k })).filter(({ r }) => r.item.kind !== 'message');
  const outcomes = await graphBatch<{ success?: boolean }>(ctx, SUBJECT, comments.map(({ r }) => moderationCall(r)));
  for (const [j, o] of outcomes.entries()) {
    const { r, k } = comments[j]!;
    if (o === null) {
      try {
        await moderate(ctx, r);
      } catch (err) {
        out[k] = err instanceof ConnectorError ? err : NO_ANSWER;
      }
    } else if ('error' in o && o.error !== ALREADY_GONE) out[k] = o.error;
  }
  return out;
}
const ALREADY_GONE = new ConnectorError('bad_request', { it: 'Commento già eliminato.', en: 'Comment already deleted.' });
const NO_ANSWER = new ConnectorError('transient', { it: 'Meta non ha completato l’operazione: va fatta a mano.', en: 'Meta did not complete the operation: do it by hand.' });

/**
 * Blocks a person from the Page: Graph API Reference, "Page Blocked" (`POST /{page-id}/blocked`
 * with `user`: the ids of the people, as the Page's webhooks give them).
 */
async function block(ctx: ConnectorContext, req: { authorPlatformId: string }): Promise<void> {
  const pageId = ctx.credentials?.account?.pageId;
  if (!pageId) {
    throw new ConnectorError('disconnected', {
      it: 'Manca l’id della Pagina nelle credenziali del canale: ricollega il canale, poi ripeti il blocco.',
      en: 'The channel credentials lack the Page id: reconnect the channel, then block again.',
    });
  }
  await graph<Record<string, boolean>>(ctx, SUBJECT, { method: 'POST', path: `/${encodeURIComponent(String(pageId))}/blocked`, json: { user: req.authorPlatformId }, interaction: true });
}

export const facebookInteractions = {
  interactionCapabilities: { reply: true, hide: true, unhide: true, delete: true, poll: false, block: true },
  reply,
  moderate,
  moderateMany,
  block,
} satisfies Interactions;
