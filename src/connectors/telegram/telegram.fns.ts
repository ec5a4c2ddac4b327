/**
 * Pure helpers of the Telegram connector: public links of messages and the references the inbox
 * stores for Telegram items. `src/modules/inbox/webhooks.fns.ts` stores a message as
 * `"<chat_id>:<message_id>"` (chat ids are negative for groups, e.g. "-1001234567890:42"), a
 * comment's thread as `"<chat_id>:<thread root message_id>"` and a private conversation as
 * `"chat:<chat_id>"`.
 */

/** Public link of a message: t.me/<username>/<id>, or t.me/c/<id>/<id> for private channels and supergroups. */
export function messageUrl(chat: string, username: string | undefined, messageId: number): string | null {
  const name = username ?? (chat.startsWith('@') ? chat.slice(1) : null);
  if (name) return `https://t.me/${name}/${messageId}`;
  if (chat.startsWith('-100')) return `https://t.me/c/${chat.slice(4)}/${messageId}`;
  return null;
}

/** A message reference `"<chat_id>:<message_id>"` split; null when it is not one. */
export function parseMessageRef(ref: string): { chatId: string; messageId: number } | null {
  const m = /^(-?\d+|@[A-Za-z0-9_]{4,}):(\d+)$/.exec(ref.trim());
  if (!m) return null;
  const messageId = Number(m[2]);
  return Number.isSafeInteger(messageId) && messageId > 0 ? { chatId: m[1]!, messageId } : null;
}

/** The chat of an inbox item: from its own reference, else from its thread (`chat:<id>` or `<id>:<root>`). */
export function chatOf(item: { platformId: string; threadRef: string }): string | null {
  const own = parseMessageRef(item.platformId);
  if (own) return own.chatId;
  const conv = /^chat:(-?\d+)$/.exec(item.threadRef);
  if (conv) return conv[1]!;
  return parseMessageRef(item.threadRef)?.chatId ?? null;
}

/** Telegram's limit for the text of one message (https://core.telegram.org/bots/api#sendmessage). */
export const MESSAGE_MAX = 4096;
