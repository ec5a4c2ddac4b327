/**
 * The community inbox on Telegram (Bot API):
 *   https://core.telegram.org/bots/api#sendmessage     (`reply_parameters`, Bot API 7.0+: the reply is
 *     attached to the citizen's message, in the discussion group of a channel or in a private chat)
 *   https://core.telegram.org/bots/api#replyparameters (`message_id`; without
 *     `allow_sending_without_reply` a reply to a deleted message is refused, not sent detached)
 *   https://core.telegram.org/bots/api#deletemessage   (a bot administrator of a group with
 *     can_delete_messages deletes anyone's message; other messages only within 48 hours)
 *   https://core.telegram.org/bots/api#setwebhook      (items arrive by webhook: no polling)
 * Telegram has no way to hide a message: hiding and unhiding are left to the office by hand.
 *
 * Idempotency: the Bot API has neither an idempotency key nor a way to list what the bot sent, so
 * an outcome that is not known (no answer after sending, 5xx) is an `unknown_outcome` that asks
 * the office to look in the chat before replying again (`unsureReply`). A key whose reply already went out in
 * this process answers with the same message instead of sending it twice.
 */
import { ConnectorError, type ConnectorContext } from '../contract.ts';
import type { Interactions } from '../interactions.ts';
import { unsureReply } from '../failures.ts';
import { call, type TgMessage } from './api.ts';
import { chatOf, MESSAGE_MAX, messageUrl, parseMessageRef } from './telegram.fns.ts';

/** Replies that went out, by idempotency key (the most recent ones). */
const sent = new Map<string, { platformId: string; url: string | null }>();
const SENT_KEPT = 1_000;

function remember(key: string, r: { platformId: string; url: string | null }) {
  sent.set(key, r);
  if (sent.size > SENT_KEPT) sent.delete(sent.keys().next().value!);
}

const notAMessage = () =>
  new ConnectorError('bad_request', {
    it: 'Questo elemento non corrisponde a un messaggio Telegram: agisci a mano nella chat.',
    en: 'This item is not a Telegram message: act by hand in the chat.',
  });

function replyFailure(_kind: ConnectorError['kind'], description: string): { it: string; en: string } | null {
  if (/message to be replied not found|replied message not found/i.test(description)) {
    return {
      it: 'Il messaggio del cittadino non esiste più su Telegram: la risposta non è stata inviata.',
      en: 'The citizen’s message no longer exists on Telegram: the reply was not sent.',
    };
  }
  if (/not enough rights|have no rights|bot is not a member|chat not found/i.test(description)) {
    return {
      it: `Il bot non può scrivere in questa chat (${description}): aggiungilo al gruppo di discussione del canale con il permesso di inviare messaggi.`,
      en: `The bot cannot write in this chat (${description}): add it to the channel's discussion group with the right to send messages.`,
    };
  }
  return null;
}

function deleteFailure(_kind: ConnectorError['kind'], description: string): { it: string; en: string } | null {
  if (/can't be deleted|not enough rights|have no rights/i.test(description)) {
    return {
      it: `Telegram non permette al bot di eliminare il messaggio (${description}): il bot deve essere amministratore del gruppo con il permesso di eliminare messaggi; altrimenti eliminalo a mano.`,
      en: `Telegram does not let the bot delete the message (${description}): the bot must be a group administrator allowed to delete messages; otherwise delete it by hand.`,
    };
  }
  return null;
}

export const telegramInteractions: Interactions = {
  interactionCapabilities: { reply: true, hide: false, unhide: false, delete: true, poll: false },

  /**
   * https://core.telegram.org/bots/api#setwebhook: updates go to our webhook with the secret in
   * `X-Telegram-Bot-Api-Secret-Token`; comments arrive as `message` from the discussion group,
   * private messages as `message` from private chats.
   */
  async subscribe(ctx: ConnectorContext, req) {
    await call<boolean>(ctx, 'setWebhook', { url: req.url, secret_token: req.secret, allowed_updates: ['message', 'edited_message', 'channel_post'], drop_pending_updates: false });
  },

  async reply(ctx: ConnectorContext, req) {
    const done = sent.get(req.idempotencyKey);
    if (done) return done;
    const target = parseMessageRef(req.inReplyTo.platformId);
    const chat = chatOf(req.inReplyTo);
    if (!chat) throw notAMessage();
    const text = req.text.trim();
    if (!text) throw new ConnectorError('bad_request', { it: 'La risposta è vuota.', en: 'The reply is empty.' });
    if (text.length > MESSAGE_MAX) {
      throw new ConnectorError('bad_request', {
        it: `Risposta troppo lunga per Telegram: accorcia di ${text.length - MESSAGE_MAX} caratteri (massimo ${MESSAGE_MAX}).`,
        en: `Reply too long for Telegram: shorten it by ${text.length - MESSAGE_MAX} characters (at most ${MESSAGE_MAX}).`,
      });
    }
    let msg: TgMessage;
    try {
      msg = await call<TgMessage>(ctx, 'sendMessage', { chat_id: chat, text, ...(target ? { reply_parameters: { message_id: target.messageId } } : {}) }, { explain: replyFailure });
    } catch (e) {
      throw unsureReply(e, 'Telegram');
    }
    const result = { platformId: `${chat}:${msg.message_id}`, url: messageUrl(chat, msg.chat?.username, msg.message_id) };
    remember(req.idempotencyKey, result);
    return result;
  },

  async moderate(ctx: ConnectorContext, req) {
    if (req.action !== 'delete') {
      throw new ConnectorError('bad_request', {
        it: 'Telegram non permette di nascondere un messaggio: eliminalo oppure agisci a mano.',
        en: 'Telegram cannot hide a message: delete it or act by hand.',
      });
    }
    const target = parseMessageRef(req.item.platformId);
    if (!target) throw notAMessage();
    try {
      await call<boolean>(ctx, 'deleteMessage', { chat_id: target.chatId, message_id: target.messageId }, { explain: deleteFailure });
    } catch (e) {
      // Already gone (deleted by its author or by another admin): the wanted state is reached.
      if (e instanceof ConnectorError && e.kind === 'bad_request' && /message to delete not found/i.test(e.explanation.en)) return;
      throw e;
    }
  },
};
