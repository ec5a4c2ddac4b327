/**
 * What a connector may offer beyond publishing, for the community inbox: replying to a comment
 * or message, hiding/unhiding/deleting a comment, and reading new items where the platform has no
 * webhooks (polling). A connector implements the parts its platform allows; the inbox asks
 * `capabilities` and, where a platform cannot act, marks the item and tells the office to act by hand.
 */
import type { ConnectorContext, ConnectorError } from './contract.ts';

/** A comment or message as it arrives from a platform, before it becomes an inbox item. */
export interface IncomingItem {
  /** The platform's id of the comment or message: with the channel, the deduplication key. */
  platformId: string;
  kind: 'comment' | 'message';
  /** The platform's id of the post it answers (comments), or of the conversation (messages). */
  threadRef: string;
  /** The comment it replies to, for nested replies. */
  parentRef?: string | null;
  author: { platformId: string; name: string; handle?: string | null };
  text: string;
  receivedAt: Date;
  /** The platform's own URL of the item, when there is one. */
  url?: string | null;
}

export type ModerationActionOnPlatform = 'hide' | 'unhide' | 'delete';

/** An item to hide, unhide or delete on its platform. */
export interface ModerationRequest {
  item: Pick<IncomingItem, 'platformId' | 'kind' | 'threadRef'>;
  action: ModerationActionOnPlatform;
}

/** What a connector is told of the person to block. */
export interface BlockRequest {
  authorPlatformId: string;
  recent?: ReadonlyArray<Pick<IncomingItem, 'platformId' | 'kind' | 'threadRef'>>;
}

export interface Interactions {
  interactionCapabilities: {
    reply: boolean;
    hide: boolean;
    unhide: boolean;
    delete: boolean;
    /** New items are read by polling (no webhooks on this platform). */
    poll: boolean;
    /** The Ente's account can block a person (a sanction the policy provides for). */
    block?: boolean;
  };
  /**
   * Blocks the author of an item from the Ente's page or account (a sanction accepted by the office).
   * `recent`: the author's items on this channel that the inbox holds, newest first, when the caller
   * has them. Some platforms block only through one of the person's items (YouTube bans the author
   * of a comment; Telegram bans a member of the group the comment was written in); without them the
   * connector looks for one itself or explains why it cannot block.
   */
  block?(ctx: ConnectorContext, req: BlockRequest): Promise<void>;
  /** Replies in the thread of `inReplyTo` (a comment) or in the conversation (a message). */
  reply?(ctx: ConnectorContext, req: { inReplyTo: IncomingItem; text: string; idempotencyKey: string }): Promise<{ platformId: string; url: string | null }>;
  moderate?(ctx: ConnectorContext, req: ModerationRequest): Promise<void>;
  /**
   * The same as `moderate` for many items of one channel, where the platform takes many operations
   * in one request (Graph's batch requests): one outcome per request, in order, `null` when done.
   * The inbox uses it for the engine's hides of a burst; without it, items go one by one.
   */
  moderateMany?(ctx: ConnectorContext, reqs: readonly ModerationRequest[]): Promise<(ConnectorError | null)[]>;
  /**
   * Asks the platform to deliver this account's updates to `url`, signed with `secret`, where the
   * platform registers webhooks per account (Telegram's setWebhook). Platforms whose webhooks are
   * registered once per app (Meta) do not offer it.
   */
  subscribe?(ctx: ConnectorContext, req: { url: string; secret: string }): Promise<void>;
  /** Items newer than the cursor; returns the next cursor. */
  poll?(ctx: ConnectorContext, cursor: string | null): Promise<{ items: IncomingItem[]; cursor: string | null }>;
}
