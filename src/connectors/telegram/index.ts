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
 */
import { ConnectorError, kindOfStatus, type Connector, type ConnectorContext, type PublishRequest, type PublishResult } from '../contract.ts';
import { networkFailure } from '../failures.ts';

const API = 'https://api.telegram.org';
const CAPTION_MAX = 1024;

interface TgAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

interface TgMessage {
  message_id: number;
  date: number;
  chat: { id: number; username?: string };
}

function token(ctx: ConnectorContext): string {
  const t = ctx.credentials?.accessToken;
  if (!t) throw new ConnectorError('disconnected', { it: 'Il canale Telegram non ha il token del bot: collegalo.', en: 'The Telegram channel has no bot token: connect it.' });
  return t;
}

function chatId(ctx: ConnectorContext): string {
  const c = ctx.credentials?.account?.chatId;
  if (!c) throw new ConnectorError('disconnected', { it: 'Manca il chat_id del canale Telegram: ricollega il canale.', en: 'The Telegram channel chat_id is missing: reconnect the channel.' });
  return c;
}


async function call<T>(ctx: ConnectorContext, method: string, body: Record<string, unknown> | FormData): Promise<T> {
  const url = `${ctx.apiBase ?? API}/bot${token(ctx)}/${method}`;
  let res: Response;
  try {
    res = await ctx.http.fetch(url, body instanceof FormData ? { method: 'POST', body } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw networkFailure(e, { platform: 'Telegram', mayHaveActed: true });
  }
  let answer: TgAnswer<T> | null = null;
  try {
    answer = (await res.json()) as TgAnswer<T>;
  } catch {
    /* not JSON: judged by the status below */
  }
  if (res.ok && answer?.ok && answer.result !== undefined) return answer.result;
  const status = answer?.error_code ?? res.status;
  const description = answer?.description ?? `HTTP ${res.status}`;
  let kind = kindOfStatus(status);
  if (status === 400 && /chat not found|bot is not a member|have no rights/i.test(description)) kind = 'disconnected';
  const retryAfter = answer?.parameters?.retry_after;
  throw new ConnectorError(kind, explain(kind, description), { status, platformCode: status, ...(retryAfter !== undefined ? { retryAfterMs: retryAfter * 1000 } : {}) });
}

function explain(kind: ConnectorError['kind'], description: string): { it: string; en: string } {
  switch (kind) {
    case 'rate_limited':
      return { it: `Telegram chiede di rallentare (${description}).`, en: `Telegram asks to slow down (${description}).` };
    case 'auth_expired':
      return { it: `Il token del bot non è più valido (${description}): crea un nuovo token con @BotFather e ricollega il canale.`, en: `The bot token is no longer valid (${description}): create a new one with @BotFather and reconnect.` };
    case 'disconnected':
      return { it: `Il bot non può scrivere nel canale (${description}): aggiungilo come amministratore del canale.`, en: `The bot cannot post to the channel (${description}): add it as a channel administrator.` };
    case 'bad_request':
      return { it: `Telegram ha rifiutato il messaggio (${description}).`, en: `Telegram refused the message (${description}).` };
    default:
      return { it: `Errore di Telegram (${description}).`, en: `Telegram error (${description}).` };
  }
}

/** The text sent: the variant's text, with its link appended when the text does not contain it. */
export function composeText(req: Pick<PublishRequest, 'text' | 'link'>): string {
  return req.link && !req.text.includes(req.link) ? `${req.text}\n\n${req.link}` : req.text;
}

/** Public link of a channel message: t.me/<username>/<id>, or t.me/c/<id>/<id> for private channels. */
export function messageUrl(chat: string, username: string | undefined, messageId: number): string | null {
  const name = username ?? (chat.startsWith('@') ? chat.slice(1) : null);
  if (name) return `https://t.me/${name}/${messageId}`;
  if (chat.startsWith('-100')) return `https://t.me/c/${chat.slice(4)}/${messageId}`;
  return null;
}

export const telegram: Connector = {
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
};
