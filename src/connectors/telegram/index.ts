/**
 * Telegram channel connector, written against the Bot API:
 *   https://core.telegram.org/bots/api#making-requests      (JSON answers: ok, result, error_code, description, parameters)
 *   https://core.telegram.org/bots/api#responseparameters   (parameters.retry_after on 429)
 *   https://core.telegram.org/bots/api#getme                (identity of the bot)
 *   https://core.telegram.org/bots/api#sendmessage          (chat_id "@channel" or -100…; no parse_mode: plain text)
 *   https://core.telegram.org/bots/api#sendphoto            (multipart photo + caption ≤ 1024 characters)
 *   https://core.telegram.org/bots/api#deletemessage
 *   https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this
 *     (about 20 messages per minute to one group or channel, about 30 per second per bot)
 * The Bot API has no way to list what a bot sent to a channel: `lookup` is not supported, so an
 * unknown outcome goes to a person (capabilities.lookup = false). Bot tokens do not expire.
 * Credentials: { accessToken: "<bot token>", account: { chatId: "@channel" | "-100…" } }.
 * The community inbox's replies and deletions are in `interactions.ts`.
 */
import { ConnectorError, type Connector, type ConnectorContext, type PublishRequest, type PublishResult } from '../contract.ts';
import type { Interactions } from '../interactions.ts';
import { call, type TgMessage } from './api.ts';
import { messageUrl } from './telegram.fns.ts';
import { telegramInteractions } from './interactions.ts';

export { messageUrl } from './telegram.fns.ts';

const CAPTION_MAX = 1024;

function chatId(ctx: ConnectorContext): string {
  const c = ctx.credentials?.account?.chatId;
  if (!c) throw new ConnectorError('disconnected', { it: 'Manca il chat_id del canale Telegram: ricollega il canale.', en: 'The Telegram channel chat_id is missing: reconnect the channel.' });
  return c;
}

/** The text sent: the variant's text, with its link appended when the text does not contain it. */
export function composeText(req: Pick<PublishRequest, 'text' | 'link'>): string {
  return req.link && !req.text.includes(req.link) ? `${req.text}\n\n${req.link}` : req.text;
}

export const telegram: Connector & Interactions = {
  platform: 'telegram',
  capabilities: { media: true, altText: false, delete: true, lookup: false, refresh: false },
  rateLimits: { perChannel: { requests: 20, perMs: 60_000 }, perApp: { requests: 30, perMs: 1_000 } },

  async identity(ctx) {
    const me = await call<{ id: number; username?: string; first_name: string }>(ctx, 'getMe', {});
    const chat = chatId(ctx);
    return { id: String(me.id), handle: me.username ? `@${me.username}` : String(me.id), name: me.first_name, url: chat.startsWith('@') ? `https://t.me/${chat.slice(1)}` : null };
  },

  async publish(ctx, req): Promise<PublishResult> {
    const chat = chatId(ctx);
    const text = composeText(req);
    const image = req.media.find((m) => m.kind === 'image');
    let msg: TgMessage;
    if (image && text.length <= CAPTION_MAX) {
      const form = new FormData();
      form.set('chat_id', chat);
      form.set('caption', text);
      form.set('photo', new Blob([new Uint8Array(await image.bytes())], { type: image.mime }), image.filename);
      msg = await call<TgMessage>(ctx, 'sendPhoto', form);
    } else {
      msg = await call<TgMessage>(ctx, 'sendMessage', { chat_id: chat, text });
    }
    return {
      platformId: `${chat}:${msg.message_id}`,
      url: messageUrl(chat, msg.chat?.username, msg.message_id),
      publishedAt: msg.date ? new Date(msg.date > 1e12 ? msg.date : msg.date * 1000) : ctx.now(),
    };
  },

  async lookup() {
    throw new Error('The Telegram Bot API cannot list sent messages (capabilities.lookup = false)');
  },

  async delete(ctx, platformId) {
    const i = platformId.lastIndexOf(':');
    await call<boolean>(ctx, 'deleteMessage', { chat_id: platformId.slice(0, i), message_id: Number(platformId.slice(i + 1)) });
  },

  ...telegramInteractions,
};
