/**
 * The WhatsApp connector's part in the community inbox: a free-form text reply to a citizen's
 * message, quoted as its context. Messages arrive by webhook (`messages` field of the
 * `whatsapp_business_account` object); WhatsApp has nothing to hide or delete, and no polling.
 *
 * Follows:
 * - "Cloud API – Messages" reference, https://developers.facebook.com/docs/whatsapp/cloud-api/reference/messages
 *   and "Cloud API – Send messages – Text messages" / "Contextual replies"
 *   (`POST /{phone-number-id}/messages` with `messaging_product: "whatsapp"`, `recipient_type:
 *   "individual"`, `to`, `type: "text"`, `text: {body, preview_url}`, `context: {message_id}` →
 *   `{messaging_product, contacts: [{input, wa_id}], messages: [{id}]}`; body at most 4,096 characters)
 * - "Cloud API – Customer service windows", https://developers.facebook.com/docs/whatsapp/cloud-api/guides/send-messages#customer-service-windows
 *   (free-form messages only within 24 hours of the customer's last message; after that only an
 *   approved template, error 131047)
 *
 * - "Block users", https://developers.facebook.com/documentation/business-messaging/whatsapp/block-users/
 *   (`POST /{phone-number-id}/block_users` with `messaging_product: "whatsapp"`, `block_users: [{user}]`
 *   → `{messaging_product, block_users: {added_users: [{input, wa_id}], failed_users: [{input, wa_id,
 *   errors: [{message, code, error_data: {details}}]}]}}`; errors come per number. Only users who wrote
 *   to the business in the last 24 hours can be blocked; the blocklist holds at most 64,000 users. A
 *   blocked user can no longer write to the number, and the number cannot write to them.)
 *
 * The window is checked before any call against the time of the message being answered: a reply
 * to an older message of the same person is refused even when a newer one reopened the window, and
 * the explanation says to answer the latest message.
 */
import { type ConnectorContext, ConnectorError } from '../contract.ts';
import type { BlockRequest, IncomingItem, Interactions } from '../interactions.ts';
import { tooLong, unsureReply } from '../failures.ts';
import { graph, requireAccount } from '../facebook_page/graph.ts';
import { SUBJECT, waSpecific } from './errors.ts';

export const WHATSAPP_MAX_TEXT = 4096;
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000;

function outsideWindow(): ConnectorError {
  return new ConnectorError('bad_request', {
    it: 'Sono passate più di 24 ore dal messaggio del cittadino: fuori dalla finestra di assistenza WhatsApp si può scrivergli solo con un modello approvato da Meta. Se ha scritto di nuovo, rispondi al suo ultimo messaggio; altrimenti usa un modello da WhatsApp Manager.',
    en: 'More than 24 hours have passed since the citizen’s message: outside the WhatsApp customer service window only a template approved by Meta can be sent. If they wrote again, answer their latest message; otherwise use a template from WhatsApp Manager.',
  }, { platformCode: 'outside_customer_service_window' });
}

async function reply(ctx: ConnectorContext, req: { inReplyTo: IncomingItem; text: string; idempotencyKey: string }): Promise<{ platformId: string; url: string | null }> {
  const item = req.inReplyTo;
  const phoneNumberId = requireAccount(ctx, 'phoneNumberId', { it: 'l’identificativo del numero WhatsApp', en: 'the WhatsApp phone number id' });
  if (ctx.now().getTime() - item.receivedAt.getTime() > CUSTOMER_SERVICE_WINDOW_MS) throw outsideWindow();
  if ([...req.text].length > WHATSAPP_MAX_TEXT) throw tooLong('WhatsApp', WHATSAPP_MAX_TEXT, [...req.text].length);
  const body = {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to: item.author.platformId.replace(/^\+/, ''),
    type: 'text',
    text: { body: req.text, preview_url: false },
    context: { message_id: item.platformId },
  };
  try {
    const res = await graph<{ messages?: Array<{ id: string }> }>(ctx, SUBJECT, {
      method: 'POST',
      path: `${phoneNumberId}/messages`,
      json: body,
      publishing: true,
      interaction: true,
      specific: (e, status) => (e.code === 131047 ? outsideWindow() : waSpecific(e, status)),
    });
    const id = res.messages?.[0]?.id;
    if (!id) throw new ConnectorError('unknown_outcome', { it: 'WhatsApp ha risposto senza l’identificativo del messaggio.', en: 'WhatsApp answered without a message id.' });
    return { platformId: id, url: null };
  } catch (err) {
    throw unsureReply(err, 'WhatsApp');
  }
}

interface BlockAnswer {
  block_users?: {
    added_users?: Array<{ input?: string; wa_id?: string }>;
    failed_users?: Array<{ input?: string; wa_id?: string; errors?: Array<{ message?: string; code?: number; error_data?: { details?: string } }> }>;
  };
}

/** Blocks the person (their wa_id) from writing to the Ente's number. */
async function block(ctx: ConnectorContext, req: BlockRequest): Promise<void> {
  const phoneNumberId = requireAccount(ctx, 'phoneNumberId', { it: 'l’identificativo del numero WhatsApp', en: 'the WhatsApp phone number id' });
  const user = req.authorPlatformId.replace(/^\+/, '').trim();
  if (!/^\d{6,15}$/.test(user)) throw new ConnectorError('bad_request', { it: 'L’autore non ha un numero WhatsApp: bloccalo a mano da WhatsApp Manager.', en: 'The author has no WhatsApp number: block them by hand from WhatsApp Manager.' });
  let res: BlockAnswer;
  try {
    res = await graph<BlockAnswer>(ctx, SUBJECT, { method: 'POST', path: `${phoneNumberId}/block_users`, json: { messaging_product: 'whatsapp', block_users: [{ user }] }, interaction: true, specific: waSpecific });
  } catch (e) {
    // Blocking twice is harmless: an unsure outcome is retried.
    if (e instanceof ConnectorError && e.kind === 'unknown_outcome') throw new ConnectorError('transient', { it: 'WhatsApp non ha confermato il blocco: riprovo.', en: 'WhatsApp did not confirm the block: retrying.' }, e.details);
    throw e;
  }
  if (res.block_users?.added_users?.some((u) => u.wa_id === user || u.input?.replace(/^\+/, '') === user)) return;
  const failed = res.block_users?.failed_users?.[0]?.errors?.[0];
  const said = failed ? ` (${failed.error_data?.details ?? failed.message ?? failed.code})` : '';
  throw new ConnectorError('bad_request', {
    it: `WhatsApp non ha bloccato la persona${said}: si possono bloccare solo le persone che hanno scritto al numero nelle ultime 24 ore, fino a 64.000. Bloccala a mano da WhatsApp Manager o dall’app.`,
    en: `WhatsApp did not block the person${said}: only people who wrote to the number in the last 24 hours can be blocked, up to 64,000. Block them by hand from WhatsApp Manager or the app.`,
  }, { platformCode: failed?.code ?? 'block_failed' });
}

export const whatsappInteractions = {
  interactionCapabilities: { reply: true, hide: false, unhide: false, delete: false, poll: false, block: true },
  reply,
  block,
} satisfies Interactions;
