/**
 * Pure helpers of the Mastodon inbox: notifications into inbox items, the order of ids, the text
 * of a reply. Entities: https://docs.joinmastodon.org/entities/Notification/,
 * https://docs.joinmastodon.org/entities/Status/, https://docs.joinmastodon.org/entities/Account/.
 */
import type { IncomingItem } from '../interactions.ts';
import { plainText } from './api.ts';

export interface MastodonAccount {
  id: string;
  username: string;
  /** `user` on the same instance, `user@domain` for remote accounts. */
  acct: string;
  display_name?: string;
  url?: string;
}

export interface MastodonStatus {
  id: string;
  uri: string;
  url?: string | null;
  created_at: string;
  content: string;
  visibility?: 'public' | 'unlisted' | 'private' | 'direct';
  in_reply_to_id?: string | null;
  in_reply_to_account_id?: string | null;
  account: MastodonAccount;
}

export interface MastodonNotification {
  id: string;
  type: string;
  created_at: string;
  account: MastodonAccount;
  status?: MastodonStatus | null;
}

/** Mastodon ids are strings of digits ordered by time; compares them as numbers of any length. */
export function compareIds(a: string, b: string): number {
  const digits = /^\d+$/;
  if (digits.test(a) && digits.test(b)) return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The text without the mentions a reply starts with ("@comune @ada Quando…" → "Quando…"). */
export function withoutLeadingMentions(text: string): string {
  const stripped = text.replace(/^(?:@[\w.-]+(?:@[\w.-]+)?\s+)+/u, '');
  return stripped.trim() ? stripped : text;
}

/** The thread conversation of a direct message: one per person. */
export const directThread = (accountId: string) => `dm:${accountId}`;

/**
 * A mention as an inbox item. `rootId` is the first status of the conversation the mention
 * answers (from its context), when known; a direct status is a private message.
 */
export function itemOfMention(n: MastodonNotification, rootId: string | null): IncomingItem | null {
  const s = n.status;
  if (n.type !== 'mention' || !s) return null;
  const text = withoutLeadingMentions(plainText(s.content));
  if (!text) return null;
  const direct = s.visibility === 'direct';
  const parent = s.in_reply_to_id ?? null;
  return {
    platformId: s.id,
    kind: direct ? 'message' : 'comment',
    threadRef: direct ? directThread(s.account.id) : (rootId ?? parent ?? s.id),
    parentRef: parent,
    author: { platformId: s.account.id, name: s.account.display_name || s.account.username, handle: `@${s.account.acct}` },
    text,
    receivedAt: new Date(Number.isNaN(Date.parse(s.created_at)) ? n.created_at : s.created_at),
    url: s.url ?? s.uri ?? null,
  };
}

/** The reply's text, starting with the citizen's handle (Mastodon notifies only who is mentioned). */
export function replyText(text: string, handle: string | null | undefined): string {
  const t = text.trim();
  if (!handle || !handle.startsWith('@')) return t;
  const mentioned = new RegExp(`(^|\\s)${handle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\w@.-])`, 'u').test(t);
  return mentioned ? t : `${handle} ${t}`;
}
