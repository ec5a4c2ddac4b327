/**
 * Platform webhooks, pure: signature checks and payload parsing into `IncomingItem`s.
 * - Meta (Facebook Page, Instagram, Messenger, WhatsApp Cloud API): `X-Hub-Signature-256:
 *   sha256=<hex HMAC-SHA256 of the raw body with the app secret>`; the GET handshake
 *   `hub.mode=subscribe&hub.verify_token=…&hub.challenge=…` is answered with the challenge.
 *   Payloads: "Webhooks for Pages" (`feed` changes, `item: comment`), Instagram `comments`,
 *   Messenger `messaging`, WhatsApp `messages` (https://developers.facebook.com/docs/graph-api/webhooks,
 *   https://developers.facebook.com/docs/whatsapp/cloud-api/webhooks/payload-examples), and
 *   "Messenger Platform – Webhook events – messages", "Instagram Platform – Webhooks" (`comments`
 *   with `from`, `media`, `parent_id`; Direct `messaging` with `sender`, `recipient`, `message.mid`).
 * - Telegram: `X-Telegram-Bot-Api-Secret-Token` equals the `secret_token` given to setWebhook
 *   (https://core.telegram.org/bots/api#setwebhook); the body is one Update.
 * A payload that parses but says nothing we read yields no items, never an exception.
 */
import crypto from 'node:crypto';
import type { IncomingItem } from '../../connectors/interactions.ts';

export const META_PLATFORMS = ['facebook_page', 'instagram', 'messenger', 'whatsapp'] as const;
export const WEBHOOK_PLATFORMS = [...META_PLATFORMS, 'telegram'] as const;
export type WebhookPlatform = (typeof WEBHOOK_PLATFORMS)[number];

export function isWebhookPlatform(p: string): p is WebhookPlatform {
  return (WEBHOOK_PLATFORMS as readonly string[]).includes(p);
}

/** Constant-time comparison of two strings of any length. */
function sameSecret(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb) && a.length === b.length;
}

/** Checks Meta's `X-Hub-Signature-256` against the raw body. */
export function verifyMetaSignature(raw: Buffer, header: string | undefined, appSecret: string): boolean {
  if (!header || !appSecret || !header.startsWith('sha256=')) return false;
  const sent = Buffer.from(header.slice(7), 'hex');
  const expected = crypto.createHmac('sha256', appSecret).update(raw).digest();
  return sent.length === expected.length && crypto.timingSafeEqual(sent, expected);
}

/** The signature Meta would send, for tests and the benchmark. */
export function metaSignature(raw: Buffer | string, appSecret: string): string {
  return `sha256=${crypto.createHmac('sha256', appSecret).update(raw).digest('hex')}`;
}

export function verifyTelegramSecret(header: string | undefined, secret: string): boolean {
  return !!header && !!secret && sameSecret(header, secret);
}

/** The GET handshake: the challenge to echo, or null when the request is not ours. */
export function metaHandshake(query: Record<string, unknown>, verifyToken: string): string | null {
  const mode = query['hub.mode'];
  const token = query['hub.verify_token'];
  const challenge = query['hub.challenge'];
  if (mode !== 'subscribe' || typeof token !== 'string' || typeof challenge !== 'string' || !verifyToken) return null;
  if (!sameSecret(token, verifyToken) || challenge.length > 200) return null;
  return challenge;
}

type J = Record<string, unknown>;
const obj = (v: unknown): J | null => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as J) : null);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length > 0 ? v : typeof v === 'number' ? String(v) : null);

/** Seconds since the epoch, ISO strings, or Graph's "+0000" form; `fallback` when unreadable. */
function timeOf(v: unknown, fallback: Date): Date {
  if (typeof v === 'number') return new Date(v > 1e12 ? v : v * 1000);
  if (typeof v === 'string') {
    if (/^\d+$/.test(v)) return timeOf(Number(v), fallback);
    const d = Date.parse(v.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'));
    if (!Number.isNaN(d)) return new Date(d);
  }
  return fallback;
}

const MAX_TEXT = 20_000;
const clip = (s: string) => (s.length > MAX_TEXT ? s.slice(0, MAX_TEXT) : s);

/** What a citizen sent without text (a photo, a voice note…): kept, so the office sees it arrived. */
const ATTACHMENT_LABEL: Record<string, string> = {
  image: 'immagine',
  photo: 'immagine',
  video: 'video',
  audio: 'messaggio vocale',
  file: 'file',
  document: 'documento',
  sticker: 'adesivo',
  location: 'posizione',
  contacts: 'contatto',
  share: 'contenuto condiviso',
  story_mention: 'menzione in una storia',
  ig_reel: 'reel',
  reel: 'reel',
};
const attachment = (kind: string | null) => `[${ATTACHMENT_LABEL[kind ?? ''] ?? 'allegato'} senza testo]`;

/**
 * Messenger and Instagram direct messages (`entry[].messaging[]`): the sender's PSID/IGSID is the
 * conversation. Echoes of the account's own messages (`is_echo`, or sent by the account) and
 * events that are not messages (deliveries, reads, reactions, postbacks) yield nothing.
 */
function metaMessage(m: J | null, accountId: string | null, now: Date, out: IncomingItem[]) {
  const message = obj(m?.message);
  const sender = str(obj(m?.sender)?.id);
  const mid = str(message?.mid);
  if (!m || !message || !sender || !mid || message.is_echo === true || message.is_deleted === true || sender === accountId) return;
  const first = obj(arr(message.attachments)[0]);
  const text = str(message.text) ?? (first ? attachment(str(first.type)) : null);
  if (!text) return;
  out.push({
    platformId: mid,
    kind: 'message',
    threadRef: `conv:${sender}`,
    parentRef: str(obj(message.reply_to)?.mid),
    author: { platformId: sender, name: str(obj(m.sender)?.name) ?? `Utente ${sender.slice(-4)}` },
    text: clip(text),
    receivedAt: timeOf(m.timestamp, now),
  });
}

/** Page `feed` changes: a comment added to one of the Page's posts (or a reply to a comment). */
function facebookFeed(value: J, pageId: string | null, now: Date, out: IncomingItem[]) {
  if (value.item !== 'comment' || value.verb !== 'add') return;
  const id = str(value.comment_id);
  const post = str(value.post_id);
  const from = obj(value.from);
  const fromId = str(from?.id);
  const text = str(value.message) ?? (str(value.photo) ? attachment('photo') : str(value.video) ? attachment('video') : null);
  if (!id || !post || !text) return;
  if (fromId && fromId === pageId) return; // the Page's own comments and replies
  const parent = str(value.parent_id);
  out.push({
    platformId: id,
    kind: 'comment',
    threadRef: post,
    parentRef: parent && parent !== post ? parent : null,
    // Meta leaves `from` out when the commenter's data is not available to the app: the comment still counts.
    author: { platformId: fromId ?? `facebook:anonimo:${id}`, name: str(from?.name) ?? 'Utente Facebook' },
    text: clip(text),
    receivedAt: timeOf(value.created_time, now),
  });
}

/** Instagram `comments` / `live_comments` changes; the value carries no time, the entry does. */
function instagramComment(value: J, accountId: string | null, at: Date, out: IncomingItem[]) {
  const id = str(value.id);
  const media = str(obj(value.media)?.id);
  const from = obj(value.from);
  const fromId = str(from?.id);
  const text = str(value.text);
  if (!id || !media || !fromId || !text || fromId === accountId) return; // skips the account's own replies
  out.push({
    platformId: id,
    kind: 'comment',
    threadRef: media,
    parentRef: str(value.parent_id),
    author: { platformId: fromId, name: str(from?.username) ?? 'Utente Instagram', handle: str(from?.username) },
    text: clip(text),
    receivedAt: at,
  });
}

/** The readable text of a WhatsApp message of any type, or null for what is not a message to answer. */
function whatsappText(m: J): string | null {
  const type = str(m.type);
  switch (type) {
    case 'text':
      return str(obj(m.text)?.body);
    case 'button':
      return str(obj(m.button)?.text);
    case 'interactive': {
      const i = obj(m.interactive);
      return str(obj(i?.button_reply)?.title) ?? str(obj(i?.list_reply)?.title);
    }
    case 'image':
    case 'video':
    case 'document':
    case 'audio':
    case 'sticker':
    case 'location':
    case 'contacts':
      return str(obj(m[type])?.caption) ?? attachment(type);
    default:
      return null; // reaction, unsupported, system, order…
  }
}

/** WhatsApp `messages` changes: `value.messages[]` with names in `value.contacts[]`; `statuses` ignored. */
function whatsappMessages(value: J, now: Date, out: IncomingItem[]) {
  const names = new Map<string, string>();
  for (const c of arr(value.contacts).map(obj)) {
    const wa = str(c?.wa_id);
    const name = str(obj(c?.profile)?.name);
    if (wa && name) names.set(wa, name);
  }
  for (const m of arr(value.messages).map(obj)) {
    const from = str(m?.from);
    const id = str(m?.id);
    const text = m ? whatsappText(m) : null;
    if (!m || !from || !id || !text) continue;
    out.push({
      platformId: id,
      kind: 'message',
      threadRef: `wa:${from}`,
      parentRef: str(obj(m.context)?.id),
      author: { platformId: from, name: names.get(from) ?? `+${from.slice(0, 2)}…${from.slice(-3)}` },
      text: clip(text),
      receivedAt: timeOf(m.timestamp, now),
    });
  }
}

/**
 * Items in a Meta webhook body, by its `object`: `page` (Page `feed` comments and Messenger
 * `messaging`), `instagram` (`comments`/`live_comments` changes, Direct `messaging`, and Direct
 * messages as `messages` changes, the shape of the App Dashboard's test events) and
 * `whatsapp_business_account` (`messages` changes). A body without `object` is read by its fields.
 */
export function parseMeta(body: unknown, now: Date): IncomingItem[] {
  const out: IncomingItem[] = [];
  const object = str(obj(body)?.object);
  for (const entry of arr(obj(body)?.entry).map(obj)) {
    if (!entry) continue;
    const accountId = str(entry.id);
    for (const m of arr(entry.messaging)) metaMessage(obj(m), accountId, now, out);
    for (const change of arr(entry.changes).map(obj)) {
      const value = obj(change?.value);
      if (!change || !value) continue;
      const field = change.field;
      if (field === 'feed' && object !== 'instagram' && object !== 'whatsapp_business_account') facebookFeed(value, accountId, now, out);
      else if ((field === 'comments' || field === 'live_comments') && object !== 'page' && object !== 'whatsapp_business_account') instagramComment(value, accountId, timeOf(entry.time, now), out);
      else if (field === 'messages' && object === 'instagram') metaMessage(value, accountId, now, out);
      else if (field === 'messages' && object !== 'page') whatsappMessages(value, now, out);
    }
  }
  return out;
}

/**
 * Items in one Telegram Update: private chats are conversations, group messages comments. The
 * Ente's own posts are not items: `channel_post` (its channel) and the copy Telegram forwards
 * into the channel's discussion group (`is_automatic_forward`), under which citizens comment.
 */
export function parseTelegram(body: unknown, now: Date): IncomingItem[] {
  const update = obj(body);
  const m = obj(update?.message);
  if (m?.is_automatic_forward === true) return [];
  const chat = obj(m?.chat);
  const chatId = str(chat?.id);
  const messageId = str(m?.message_id);
  const text = str(m?.text) ?? str(m?.caption);
  if (!m || !chat || !chatId || !messageId || !text) return [];
  const from = obj(m.from);
  const fromId = str(from?.id) ?? chatId;
  const name = [str(from?.first_name), str(from?.last_name)].filter(Boolean).join(' ') || str(chat.title) || 'Utente Telegram';
  const replyTo = str(obj(m.reply_to_message)?.message_id);
  const isPrivate = chat.type === 'private';
  const root = str(m.message_thread_id) ?? replyTo ?? messageId;
  return [
    {
      platformId: `${chatId}:${messageId}`,
      kind: isPrivate ? 'message' : 'comment',
      threadRef: isPrivate ? `chat:${chatId}` : `${chatId}:${root}`,
      parentRef: replyTo ? `${chatId}:${replyTo}` : null,
      author: { platformId: fromId, name, handle: str(from?.username) },
      text: clip(text),
      receivedAt: timeOf(m.date, now),
    },
  ];
}

/** Items of a stored webhook body for its platform. */
export function parseWebhook(platform: WebhookPlatform, body: unknown, now: Date): IncomingItem[] {
  return platform === 'telegram' ? parseTelegram(body, now) : parseMeta(body, now);
}
