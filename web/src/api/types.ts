/**
 * Types of the Redazione API v1, written by hand from docs/openapi.json and the zod schemas that
 * generate it (src/modules/*\/*.schemas.ts). Keep in step with the server.
 */

export const ROLES = [
  'amministratore',
  'social_media_manager',
  'redattore',
  'proponente',
  'approvatore',
  'osservatore',
] as const;
export type Role = (typeof ROLES)[number];

export const ENTE_TYPES = ['comune', 'provincia', 'regione', 'camera_di_commercio', 'agenzia', 'ministero', 'altro'] as const;
export type EnteType = (typeof ENTE_TYPES)[number];

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

export const CHANNEL_STATUSES = ['attivo', 'sospeso', 'da_ricollegare', 'archiviato'] as const;
export type ChannelStatus = (typeof CHANNEL_STATUSES)[number];

export const CHANNEL_KINDS = ['institutional', 'political'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

/** RFC 9457 problem document: every error response. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: FieldError[];
}

export interface FieldError {
  field: string;
  code: string;
  message: string;
}

export interface User {
  id: string;
  email: string;
  name: string;
  locale: string;
}

export interface MeEnte {
  id: string;
  slug: string;
  name: string;
  type: string;
  roles: Role[];
}

/** GET /me */
export interface Me {
  user: User;
  via: 'session' | 'token';
  csrfToken: string | null;
  enti: MeEnte[];
}

/** POST /auth/login */
export interface LoginResponse extends Me {
  expiresAt: string;
}

export interface LoginBody {
  email: string;
  password: string;
}

/** GET /auth/options */
export interface AuthOptions {
  password: boolean;
  oidc: { label: string; url: string } | null;
}

export interface Ente {
  id: string;
  slug: string;
  name: string;
  type: EnteType;
  codiceIpa: string | null;
  timeZone: string;
  parent: { slug: string; name: string } | null;
  website: string | null;
  email: string | null;
  /** The current user's roles in this Ente. */
  roles: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

/** PATCH /enti/{ente} */
export interface EnteUpdateBody {
  name?: string;
  type?: EnteType;
  codiceIpa?: string | null;
  timeZone?: string;
  parentSlug?: string | null;
  website?: string | null;
  email?: string | null;
  version?: number;
}

export interface Person {
  userId: string;
  email: string;
  name: string;
  roles: string[];
  jobTitle: string | null;
  /** Keys of the desks the person belongs to. */
  desks: string[];
}

export interface PersonCreateBody {
  email: string;
  name: string;
  roles: Role[];
  jobTitle?: string | null;
  password?: string;
}

export interface PersonCreated extends Person {
  temporaryPassword: string | null;
}

export interface PersonUpdateBody {
  roles?: Role[];
  jobTitle?: string | null;
}

export interface Desk {
  id: string;
  key: string;
  name: string;
  description: string;
  lead: { userId: string; name: string } | null;
  members: { userId: string; name: string; email: string }[];
  version: number;
}

export interface DeskUpdateBody {
  name?: string;
  description?: string;
  leadUserId?: string | null;
  memberIds?: string[];
  version?: number;
}

export interface Custody {
  holders: string[];
  editors: string[];
  rotatedOn: string | null;
}

export interface Channel {
  id: string;
  platform: Platform;
  handle: string;
  name: string;
  url: string;
  purpose: string;
  audience: string;
  ownerDeskId: string | null;
  status: ChannelStatus;
  kind: ChannelKind;
  policyLinked: boolean;
  policyLinkConfirmedAt: string | null;
  custody: Custody;
  credentials: { configured: boolean; updatedAt: string | null };
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ChannelCreateBody {
  platform: Platform;
  handle: string;
  name: string;
  url: string;
  purpose: string;
  audience: string;
  ownerDeskId?: string | null;
  status?: ChannelStatus;
  kind?: ChannelKind;
  policyLinked?: boolean;
  custody?: Partial<Custody>;
}

export type ChannelUpdateBody = Partial<ChannelCreateBody> & { version?: number };

export interface AuditEvent {
  seq: number;
  at: string;
  actorId: string | null;
  actorLabel: string;
  /** e.g. channel.create, ente.update */
  action: string;
  entityType: string;
  entityId: string;
  before: unknown;
  after: unknown;
  prevHash: string;
  hash: string;
}

export interface AuditPage {
  events: AuditEvent[];
  nextBefore: number | null;
}

export interface AuditVerification {
  ok: boolean;
  events: number;
  brokenAt?: number;
  reason?: string;
}
