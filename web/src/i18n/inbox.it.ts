/** Italian UI strings of the inbox pages (spread into the reference dictionary in it.ts). */
export const inboxIt = {
  'nav.inbox': 'Posta',
};
export type InboxKey = keyof typeof inboxIt;
