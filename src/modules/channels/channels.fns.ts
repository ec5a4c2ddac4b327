/** Platforms Redazione knows, with their Italian labels. */
export const PLATFORMS = [
  'facebook_page',
  'instagram',
  'x',
  'youtube',
  'linkedin',
  'telegram',
  'whatsapp',
  'messenger',
  'bluesky',
  'mastodon',
  'activitypub',
  'website',
  'rss',
] as const;
export type Platform = (typeof PLATFORMS)[number];

export const PLATFORM_LABELS: Record<Platform, string> = {
  facebook_page: 'Pagina Facebook',
  instagram: 'Instagram',
  x: 'X (Twitter)',
  youtube: 'YouTube',
  linkedin: 'LinkedIn',
  telegram: 'Canale Telegram',
  whatsapp: 'WhatsApp',
  messenger: 'Messenger',
  bluesky: 'Bluesky',
  mastodon: 'Mastodon',
  activitypub: 'Fediverso (ActivityPub)',
  website: 'Sito web',
  rss: 'Feed RSS/Atom',
};

/**
 * Status of a channel in the registry. "da_ricollegare" is set when its token cannot be
 * refreshed; "sospeso" by the office; "archiviato" for a channel closed but kept as a record.
 */
export const CHANNEL_STATUSES = ['attivo', 'sospeso', 'da_ricollegare', 'archiviato'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

/** Institutional channels belong to the Ente (L. 150/2000); political ones to people and parties. */
export const CHANNEL_KINDS = ['institutional', 'political'] as const;

/** Lowercases and strips a leading "@" so "@ComuneEsempio" and "comuneesempio" are one handle. */
export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, '');
}
