/**
 * How a broadcast reaches one subscriber: a narrow `Sender` per platform, backed by the
 * connectors (WhatsApp `sendTemplate`, Telegram `sendMessage` through the Telegram connector), so
 * tests can pass a fake with the platform's documented rate limit.
 *
 * Documented rates: WhatsApp Cloud API, 80 messages per second per business number by default
 * (up to 1,000 after Meta raises the number's throughput: set `account.messagesPerSecond`);
 * Telegram Bot API FAQ, about 30 messages per second per bot for bulk notifications.
 */
import type { ChannelCredentials, ConnectorHttp } from '../../connectors/contract.ts';
import { telegram } from '../../connectors/telegram/index.ts';
import { sendTemplate } from '../../connectors/whatsapp/index.ts';

export type BroadcastPlatform = 'whatsapp' | 'telegram';
export const BROADCAST_PLATFORMS = ['whatsapp', 'telegram'] as const;

export const DOCUMENTED_RATE: Record<BroadcastPlatform, number> = { whatsapp: 80, telegram: 30 };

export interface SendTarget {
  enteId: string;
  channelId: string;
  credentials: ChannelCredentials | null;
}

/** Sends one message to one subscriber; throws a ConnectorError on failure. */
export interface Sender {
  platform: BroadcastPlatform;
  /** Messages per second this sender may send for these credentials. */
  ratePerSecond(credentials: ChannelCredentials | null): number;
  send(target: SendTarget, to: string, text: string, key: string): Promise<{ messageId: string }>;
}

export type SenderRegistry = Partial<Record<BroadcastPlatform, Sender>>;

const declaredRate = (c: ChannelCredentials | null, fallback: number) => {
  const n = Number(c?.account?.messagesPerSecond);
  return Number.isFinite(n) && n > 0 ? n : fallback;
};

/** The senders on the real connectors. */
export function connectorSenders(deps: { http: ConnectorHttp; apiBases?: Partial<Record<string, string>> }): SenderRegistry {
  const ctx = (t: SendTarget, platform: 'whatsapp' | 'telegram', credentials: ChannelCredentials | null) => ({
    channel: { enteId: t.enteId, id: t.channelId, platform, handle: '', url: '' },
    credentials,
    http: deps.http,
    apiBase: deps.apiBases?.[platform],
    now: () => new Date(),
  });
  return {
    whatsapp: {
      platform: 'whatsapp',
      ratePerSecond: (c) => declaredRate(c, DOCUMENTED_RATE.whatsapp),
      async send(t, to, text) {
        const name = t.credentials?.account?.templateName ?? 'allerta_protezione_civile';
        const sent = await sendTemplate(ctx(t, 'whatsapp', t.credentials), to, {
          name,
          language: t.credentials?.account?.templateLanguage || 'it',
          // Template parameters cannot hold line breaks (error 132018).
          bodyParameters: [text.replace(/\s+/g, ' ').trim()],
        });
        return { messageId: sent.messageId };
      },
    },
    telegram: {
      platform: 'telegram',
      ratePerSecond: (c) => declaredRate(c, DOCUMENTED_RATE.telegram),
      async send(t, to, text, key) {
        // The subscriber's chat replaces the channel's chat: the same sendMessage call.
        const credentials = t.credentials ? { ...t.credentials, account: { ...t.credentials.account, chatId: to } } : null;
        const r = await telegram.publish(ctx(t, 'telegram', credentials), { idempotencyKey: key, text, media: [] });
        return { messageId: r.platformId };
      },
    },
  };
}
