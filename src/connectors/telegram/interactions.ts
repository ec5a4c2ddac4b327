/**
 * The community inbox on Telegram (Bot API):
 *   https://core.telegram.org/bots/api#sendmessage     (`reply_parameters`, Bot API 7.0+: the reply is
 *     attached to the citizen's message, in the discussion group of a channel or in a private chat)
 *   https://core.telegram.org/bots/api#replyparameters (`message_id`; without
 *     `allow_sending_without_reply` a reply to a deleted message is refused, not sent detached)
 *   https://core.telegram.org/bots/api#deletemessage   (a bot administrator of a group with
 *     can_delete_messages deletes anyone's message; other messages only within 48 hours)
 *   https://core.telegram.org/bots/api#setwebhook      (items arrive by webhook: no polling)
 *   https://core.telegram.org/bots/api#banchatmember   (`chat_id`, `user_id` → True: bans a user from a
 *     group, supergroup or channel; in supergroups and channels they cannot come back by invite link
 *     until unbanned; the bot must be an administrator with the right to restrict members. A ban has
 *     no meaning in a private chat: "chat member status can't be changed in private chats")
 *   https://core.telegram.org/bots/api#getchat         (ChatFullInfo `type` and `linked_chat_id`: the
 *     discussion group of a channel, where comments are written)
 * Telegram has no way to hide a message: hiding and unhiding are left to the office by hand.
 * Block: comments live in the channel's discussion group, so blocking their author is a ban from
 * that group (the groups of the author's items, else the group linked to the channel). A bot cannot
 * block a person who writes to it privately: the office is told to do it by hand in the app.
 *
 * Idempotency: the Bot API has neither an idempotency key nor a way to list what the bot sent, so
 * an outcome that is not known (no answer after sending, 5xx) is an `unknown_outcome` that asks
 * the office to look in the chat before replying again (`unsureReply`). A key whose reply already went out in
 * this process answers with the same message instead of sending it twice.
 */
import { ConnectorError, type ConnectorContext } from '../contract.ts';
import type { BlockRequest, Interactions } from '../interactions.ts';
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

const BY_HAND = { it: ' Nel frattempo blocca la persona a mano nel gruppo di discussione.', en: ' Meanwhile block the person by hand in the discussion group.' };

/** Adds "block by hand" to an explanation that does not already say what to do by hand. */
function orByHand(e: unknown): unknown {
  if (!(e instanceof ConnectorError) || /a mano/.test(e.explanation.it)) return e;
  return new ConnectorError(e.kind, { it: e.explanation.it + BY_HAND.it, en: e.explanation.en + BY_HAND.en }, e.details);
}

function banFailure(_kind: ConnectorError['kind'], description: string): { it: string; en: string } | null {
  if (/not enough rights|have no rights|CHAT_ADMIN_REQUIRED/i.test(description)) {
    return {
      it: `Il bot non può bloccare in questo gruppo (${description}): deve esserne amministratore con il permesso di limitare i membri. Concediglielo, oppure blocca la persona a mano.`,
      en: `The bot cannot ban in this group (${description}): it must be an administrator allowed to restrict members. Grant it, or block the person by hand.`,
    };
  }
  if (/administrator of the chat|can't remove chat owner/i.test(description)) {
    return {
      it: `La persona è amministratrice del gruppo (${description}): un bot non può bloccarla. Se serve, toglile il ruolo e bloccala a mano.`,
      en: `The person is an administrator of the group (${description}): a bot cannot ban them. If needed, remove the role and block them by hand.`,
    };
  }
  if (/private chats/i.test(description)) return PRIVATE_CHAT;
  return null;
}

const PRIVATE_CHAT = {
  it: 'In una chat privata un bot Telegram non può bloccare una persona (l’API dei bot non lo prevede): se serve, bloccala a mano dall’app Telegram dell’account che gestisce il bot, oppure smetti di rispondere.',
  en: 'A Telegram bot cannot block a person in a private chat (the Bot API has no such method): if needed, block them by hand from the Telegram app of the account that manages the bot, or stop answering.',
};

/** The group where the channel's comments are written: the channel's linked discussion group, or the chat itself when it is a group. */
async function discussionGroup(ctx: ConnectorContext): Promise<string> {
  const chat = ctx.credentials?.account?.chatId;
  if (!chat) throw new ConnectorError('disconnected', { it: 'Manca il chat_id del canale Telegram: ricollega il canale, oppure blocca la persona a mano.', en: 'The Telegram channel chat_id is missing: reconnect the channel, or block the person by hand.' });
  const info = await call<{ id: number; type: string; linked_chat_id?: number }>(ctx, 'getChat', { chat_id: chat });
  if (info.type === 'group' || info.type === 'supergroup') return String(info.id);
  if (info.linked_chat_id) return String(info.linked_chat_id);
  throw new ConnectorError('bad_request', {
    it: 'Il canale Telegram non ha un gruppo di discussione: non ci sono commenti da cui bloccare la persona. Se serve, bloccala a mano.',
    en: 'The Telegram channel has no discussion group: there are no comments to ban the person from. If needed, block them by hand.',
  }, { platformCode: 'no_discussion_group' });
}

async function block(ctx: ConnectorContext, req: BlockRequest): Promise<void> {
  const user = Number(req.authorPlatformId);
  if (!/^\d+$/.test(req.authorPlatformId.trim()) || !Number.isSafeInteger(user) || user <= 0) {
    throw new ConnectorError('bad_request', { it: 'L’autore non ha un identificativo utente Telegram: bloccalo a mano.', en: 'The author has no Telegram user id: block them by hand.' });
  }
  try {
    const chats = [...new Set((req.recent ?? []).map((i) => chatOf(i)).filter((c): c is string => !!c))];
    // Group and channel ids are negative, private chats have the person's own (positive) id.
    let groups = chats.filter((c) => c.startsWith('-') || c.startsWith('@'));
    if (groups.length === 0 && chats.length > 0) throw new ConnectorError('bad_request', PRIVATE_CHAT, { platformCode: 'private_chat' });
    if (groups.length === 0) groups = [await discussionGroup(ctx)];
    for (const chat of groups) await call<boolean>(ctx, 'banChatMember', { chat_id: chat, user_id: user }, { explain: banFailure });
  } catch (e) {
    // A ban is idempotent: an unanswered one is retried, not "unknown".
    if (e instanceof ConnectorError && e.kind === 'unknown_outcome') {
      throw new ConnectorError('transient', { it: 'Telegram non ha confermato il blocco: riprovo (ripeterlo è sicuro).', en: 'Telegram did not confirm the ban: retrying (repeating it is safe).' }, e.details);
    }
    throw orByHand(e);
  }
}

export const telegramInteractions: Interactions = {
  interactionCapabilities: { reply: true, hide: false, unhide: false, delete: true, poll: false, block: true },

  block,

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
