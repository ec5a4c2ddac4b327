import type { InboxKey } from './inbox.it';

/** English UI strings of the inbox pages. */
export const inboxEn: Record<InboxKey, string> = {
  'nav.inbox': 'Inbox',
};
