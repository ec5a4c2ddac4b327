/**
 * What the policy kit knows of an Ente: the input of the two draft generators.
 * Plain data, no database: the policy service fills it from the orgs, channels and people modules.
 */
import type { ModerationHours } from '../rulebook.ts';

export const ENTE_TYPES = [
  'comune',
  'provincia',
  'regione',
  'camera_di_commercio',
  'agenzia',
  'ministero',
  'altro',
] as const;
export type EnteType = (typeof ENTE_TYPES)[number];

/** Roles of a person in Redazione. */
export const ROLES = [
  'amministratore',
  'social_media_manager',
  'redattore',
  'proponente',
  'approvatore',
  'osservatore',
] as const;
export type Role = (typeof ROLES)[number];

/** The five desks of the "redazione unica" (#PASocial model, seed 001). */
export const DESK_KEYS = ['urp', 'stampa', 'partecipazione', 'campagne', 'interna'] as const;
export type DeskKey = (typeof DESK_KEYS)[number];

export const PLATFORMS = [
  'website',
  'facebook',
  'instagram',
  'x',
  'youtube',
  'linkedin',
  'telegram',
  'whatsapp',
  'messenger',
  'tiktok',
  'threads',
  'bluesky',
  'mastodon',
  'rss',
  'altro',
] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Only 'attivo' channels are listed as official in the external policy. */
export const CHANNEL_STATUSES = ['attivo', 'in_apertura', 'sospeso', 'chiuso'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export interface EnteInfo {
  name: string;
  slug: string;
  type: EnteType;
  website?: string;
  email?: string;
  pec?: string;
  phone?: string;
  address?: string;
}

export interface ChannelInfo {
  platform: Platform;
  /** Display name of the account, e.g. "Comune di Esempio". */
  name: string;
  /** Handle without or with "@", e.g. "comunediesempio". */
  handle: string;
  url: string;
  /** What the channel is for, in Italian, e.g. "notizie, avvisi e servizi". */
  purpose: string;
  /** Who it speaks to, in Italian, e.g. "cittadini e famiglie". */
  audience: string;
  ownerDesk?: DeskKey;
  status: ChannelStatus;
}

export interface DeskInfo {
  key: DeskKey;
  name: string;
  lead?: { name: string; email?: string };
  members: { name: string; roles: Role[] }[];
}

export interface PersonInfo {
  name: string;
  email: string;
  roles: Role[];
}

/** Who holds a channel's credentials and who may change them (seed 004). */
export interface CustodyInfo {
  /** Matches ChannelInfo.name. */
  channelName: string;
  holders: string[];
  mayChange: string[];
  /** Date of the last password rotation, "YYYY-MM-DD". */
  lastRotation?: string;
}

export interface EnteProfile {
  ente: EnteInfo;
  channels: ChannelInfo[];
  desks: DeskInfo[];
  people: PersonInfo[];
  custody?: CustodyInfo[];
  /** Moderation hours; the kit's default (Mon–Fri 9–18) when absent. */
  hours?: ModerationHours;
}
