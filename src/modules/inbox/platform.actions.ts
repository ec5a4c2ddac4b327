/**
 * What the inbox asks of a platform through the channel's connector: reply, hide/unhide/delete.
 * A connector offers these through the optional `Interactions` extension; where it does not (or
 * the platform refuses), the item is marked "da fare a mano" and the office acts by hand.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { jsonParam } from '../../platform/db/json-param.ts';
import type { ChannelCredentials, Connector, ConnectorContext, ConnectorHttp } from '../../connectors/contract.ts';
import { ConnectorError } from '../../connectors/contract.ts';
import type { IncomingItem, Interactions, ModerationActionOnPlatform, ModerationRequest } from '../../connectors/interactions.ts';
import type { ChannelsService, Platform } from '../channels/index.ts';
import { inboxItems, inboxThreads } from './inbox.tables.ts';

type ItemRow = typeof inboxItems.$inferSelect;

/** What hiding an item on its platform needs to know of it. */
export type PlatformItemRef = Pick<ItemRow, 'enteId' | 'id' | 'channelId' | 'threadId' | 'platformId' | 'kind'> & {
  /** The platform's id of the thread, when the caller knows it (else it is read). */
  threadRef?: string;
};

/** Platform calls in flight at once per channel, for connectors that take one item per call. */
const HIDE_CONCURRENCY = 4;
export type InteractiveConnector = Connector & Partial<Interactions>;

export interface PlatformDeps {
  db: Db;
  channels: Pick<ChannelsService, 'readCredentials'>;
  connectors: Partial<Record<Platform, Connector>>;
  http: ConnectorHttp;
  apiBases?: Partial<Record<Platform, string>>;
}

export type ReplyOutcome =
  | { outcome: 'sent'; platformId: string; url: string | null }
  | { outcome: 'manual'; reason: { it: string; en: string } };

const MANUAL_REPLY = {
  it: 'Questo canale non permette a Redazione di rispondere: rispondi a mano sulla piattaforma e poi chiudi l’elemento.',
  en: 'Redazione cannot reply on this channel: reply by hand on the platform, then close the item.',
};

/** The incoming item as the connector contract describes it. */
export function asIncoming(i: ItemRow, threadRef: string): IncomingItem {
  return {
    platformId: i.platformId,
    kind: i.kind === 'message' ? 'message' : 'comment',
    threadRef,
    parentRef: i.parentRef,
    author: { platformId: i.authorPlatformId, name: i.authorName, handle: i.authorHandle },
    text: i.text,
    receivedAt: i.receivedAt,
    url: i.url,
  };
}

export function createPlatformActions(deps: PlatformDeps) {
  const { db } = deps;

  async function contextFor(enteId: string, channelId: string): Promise<{ ctx: ConnectorContext; connector: InteractiveConnector | null }> {
    const [c] = await db.select().from(schema.channels).where(and(eq(schema.channels.enteId, enteId), eq(schema.channels.id, channelId)));
    if (!c) throw new Error(`channel ${channelId} missing`);
    const raw = await deps.channels.readCredentials(enteId, channelId);
    let credentials: ChannelCredentials | null = null;
    if (raw) {
      try {
        credentials = JSON.parse(raw) as ChannelCredentials;
      } catch {
        credentials = { accessToken: raw };
      }
    }
    const platform = c.platform as Platform;
    return {
      connector: (deps.connectors[platform] as InteractiveConnector | undefined) ?? null,
      ctx: {
        channel: { enteId, id: c.id, platform, handle: c.handle, url: c.url },
        credentials,
        http: deps.http,
        apiBase: deps.apiBases?.[platform],
        now: () => new Date(),
      },
    };
  }

  async function threadRefOf(item: Pick<ItemRow, 'enteId' | 'threadId'>): Promise<string> {
    const [t] = await db
      .select({ ref: inboxThreads.threadRef })
      .from(inboxThreads)
      .where(and(eq(inboxThreads.enteId, item.enteId), eq(inboxThreads.id, item.threadId)));
    return t?.ref ?? '';
  }

  const CANNOT = { it: 'Il connettore di questo canale non può farlo: va fatto a mano sulla piattaforma.', en: "This channel's connector cannot do it: do it by hand on the platform." };
  const NO_ANSWER = { it: 'La piattaforma non ha risposto: va fatto a mano.', en: 'The platform did not answer: do it by hand.' };

  /**
   * The same action on many items (the engine's hides of an ingested batch): the channel and its
   * credentials are read once per channel; a connector that takes many operations in one request
   * (`moderateMany`) gets each channel's items together, others are called a few items at a time;
   * the outcomes are written with one statement each for the items done and those left "da fare a
   * mano". Outcomes come back in the order of `items`.
   */
  async function hideMany(items: readonly PlatformItemRef[], action: ModerationActionOnPlatform): Promise<{ outcome: 'done' | 'manual'; reason?: { it: string; en: string } }[]> {
    const outcomes: { outcome: 'done' | 'manual'; reason?: { it: string; en: string } }[] = items.map(() => ({ outcome: 'manual', reason: CANNOT }));
    const failed = (e: unknown) => ({ outcome: 'manual' as const, reason: e instanceof ConnectorError ? e.explanation : NO_ANSWER });
    const request = async (item: PlatformItemRef): Promise<ModerationRequest> => ({
      item: { platformId: item.platformId, kind: item.kind === 'message' ? 'message' : 'comment', threadRef: item.threadRef ?? (await threadRefOf(item)) },
      action,
    });
    const byChannel = new Map<string, number[]>();
    items.forEach((item, k) => {
      const key = `${item.enteId}|${item.channelId}`;
      const list = byChannel.get(key);
      if (list) list.push(k);
      else byChannel.set(key, [k]);
    });
    for (const ks of byChannel.values()) {
      const first = items[ks[0]!]!;
      let target: { ctx: ConnectorContext; connector: InteractiveConnector | null };
      try {
        target = await contextFor(first.enteId, first.channelId);
      } catch (e) {
        for (const k of ks) outcomes[k] = failed(e);
        continue;
      }
      const { connector, ctx } = target;
      if (!connector?.moderate || !connector.interactionCapabilities?.[action]) continue;
      if (connector.moderateMany && ks.length > 1) {
        try {
          const reqs = await Promise.all(ks.map((k) => request(items[k]!)));
          const errors = await connector.moderateMany(ctx, reqs);
          ks.forEach((k, j) => (outcomes[k] = errors[j] ? failed(errors[j]) : { outcome: 'done' }));
        } catch (e) {
          for (const k of ks) outcomes[k] = failed(e);
        }
        continue;
      }
      let next = 0;
      const work = async () => {
        while (next < ks.length) {
          const k = ks[next++]!;
          try {
            await connector.moderate!(ctx, await request(items[k]!));
            outcomes[k] = { outcome: 'done' };
          } catch (e) {
            outcomes[k] = failed(e);
          }
        }
      };
      await Promise.all(Array.from({ length: Math.min(HIDE_CONCURRENCY, ks.length) }, work));
    }
    const state = action === 'unhide' ? 'visible' : action === 'hide' ? 'hidden' : 'deleted';
    const done = items.filter((_, k) => outcomes[k]!.outcome === 'done').map((i) => ({ e: i.enteId, id: i.id }));
    const manual = items.filter((_, k) => outcomes[k]!.outcome === 'manual').map((i) => ({ e: i.enteId, id: i.id }));
    if (done.length) {
      await db.execute(sql`
        UPDATE inbox_items AS i SET platform_state = ${state}, manual_action = NULL
        FROM json_to_recordset(${jsonParam(done)}::json) AS x(e uuid, id uuid) WHERE i.ente_id = x.e AND i.id = x.id`);
    }
    if (manual.length) {
      await db.execute(sql`
        UPDATE inbox_items AS i SET manual_action = ${action}
        FROM json_to_recordset(${jsonParam(manual)}::json) AS x(e uuid, id uuid) WHERE i.ente_id = x.e AND i.id = x.id`);
    }
    return outcomes;
  }

  return {
    threadRefOf,

    /**
     * Hides, unhides or deletes the item on its platform. Returns 'done', or 'manual' when the
     * connector cannot (the item then carries `manual_action`, "da fare a mano").
     */
    async hideOnPlatform(item: PlatformItemRef, action: ModerationActionOnPlatform): Promise<{ outcome: 'done' | 'manual'; reason?: { it: string; en: string } }> {
      const [r] = await hideMany([item], action);
      return r!;
    },

    hideMany,

    /** Blocks an author on the channel's platform, or says it must be done by hand (and why). */
    async blockAuthor(enteId: string, channelId: string, authorPlatformId: string): Promise<{ outcome: 'done' | 'manual'; reason?: { it: string; en: string } }> {
      let reason = {
        it: 'Il connettore di questo canale non può bloccare: blocca la persona a mano sulla piattaforma.',
        en: "This channel's connector cannot block: block the person by hand on the platform.",
      };
      try {
        const { connector, ctx } = await contextFor(enteId, channelId);
        const caps = connector?.interactionCapabilities;
        if (connector?.block && caps?.block) {
          // The person's latest items on the channel: some platforms block through one of them
          // (YouTube bans via a comment, Telegram bans in the group the comments came from).
          const recent = await db
            .select({ platformId: inboxItems.platformId, kind: inboxItems.kind, threadRef: inboxThreads.threadRef })
            .from(inboxItems)
            .innerJoin(inboxThreads, and(eq(inboxThreads.enteId, inboxItems.enteId), eq(inboxThreads.id, inboxItems.threadId)))
            .where(and(eq(inboxItems.enteId, enteId), eq(inboxItems.channelId, channelId), eq(inboxItems.authorPlatformId, authorPlatformId), eq(inboxItems.direction, 'in')))
            .orderBy(desc(inboxItems.receivedAt))
            .limit(5);
          await connector.block(ctx, { authorPlatformId, recent: recent.map((r) => ({ platformId: r.platformId, kind: r.kind === 'message' ? 'message' : 'comment', threadRef: r.threadRef })) });
          return { outcome: 'done' };
        }
      } catch (e) {
        if (e instanceof ConnectorError) reason = e.explanation;
        else reason = { it: 'La piattaforma non ha risposto: blocca la persona a mano.', en: 'The platform did not answer: block the person by hand.' };
      }
      return { outcome: 'manual', reason };
    },

    /** Replies through the connector, or says the office must reply by hand. Connector errors propagate. */
    async reply(item: ItemRow, text: string, idempotencyKey: string): Promise<ReplyOutcome> {
      const { connector, ctx } = await contextFor(item.enteId, item.channelId);
      if (!connector?.reply || !connector.interactionCapabilities?.reply) return { outcome: 'manual', reason: MANUAL_REPLY };
      const r = await connector.reply(ctx, { inReplyTo: asIncoming(item, await threadRefOf(item)), text, idempotencyKey });
      return { outcome: 'sent', platformId: r.platformId, url: r.url };
    },

    /** New items from a polling connector, with its next cursor; null when it does not poll. */
    async poll(enteId: string, channelId: string, cursor: string | null) {
      const { connector, ctx } = await contextFor(enteId, channelId);
      if (!connector?.poll || !connector.interactionCapabilities?.poll) return null;
      return connector.poll(ctx, cursor);
    },

    /** Whether the channel's connector polls (platforms without webhooks). */
    polls(platform: string): boolean {
      const c = deps.connectors[platform as Platform] as InteractiveConnector | undefined;
      return !!c?.poll && !!c.interactionCapabilities?.poll;
    },
  };
}
export type PlatformActions = ReturnType<typeof createPlatformActions>;
