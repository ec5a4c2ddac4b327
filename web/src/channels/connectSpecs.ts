import type { Platform } from '../api/types';

/** One `account` field a platform's connector reads (src/connectors/<platform>/index.ts). */
export interface AccountField {
  key: string;
  required: boolean;
  type?: 'text' | 'url' | 'password';
}

export interface ConnectSpec {
  /** False for the Ente's own ActivityPub actor: nothing to paste, connecting only checks it. */
  token?: boolean;
  refresh: boolean;
  expiry: boolean;
  account: AccountField[];
}

const oauthApp: AccountField[] = [
  { key: 'clientId', required: false },
  { key: 'clientSecret', required: false, type: 'password' },
];

/**
 * What each connector needs to publish: the same names as in its credentials (see the comment at
 * the top of each connector). Platforms missing here have no connector: they are published by hand.
 */
export const CONNECT_SPECS: Partial<Record<Platform, ConnectSpec>> = {
  telegram: { refresh: false, expiry: false, account: [{ key: 'chatId', required: true }] },
  mastodon: {
    refresh: false,
    expiry: false,
    account: [
      { key: 'instance', required: true, type: 'url' },
      { key: 'id', required: false },
    ],
  },
  bluesky: {
    refresh: false,
    expiry: false,
    account: [
      { key: 'identifier', required: true },
      { key: 'service', required: false, type: 'url' },
    ],
  },
  facebook_page: { refresh: false, expiry: true, account: [{ key: 'pageId', required: true }] },
  instagram: {
    refresh: false,
    expiry: true,
    account: [
      { key: 'igUserId', required: true },
      { key: 'mediaBaseUrl', required: true, type: 'url' },
    ],
  },
  whatsapp: {
    refresh: false,
    expiry: true,
    account: [
      { key: 'phoneNumberId', required: true },
      { key: 'templateName', required: true },
      { key: 'templateLanguage', required: false },
      { key: 'recipients', required: true },
    ],
  },
  linkedin: { refresh: true, expiry: true, account: [{ key: 'organizationId', required: true }, ...oauthApp] },
  x: { refresh: true, expiry: true, account: [...oauthApp, { key: 'userId', required: false }] },
  youtube: { refresh: true, expiry: true, account: oauthApp },
  activitypub: { token: false, refresh: false, expiry: false, account: [] },
};

/** How a platform connects with OAuth ("Collega con <piattaforma>"); see ADR 0008. */
/** Channels the Ente owns (its ActivityPub actor) need no platform token. */
export function needsNoCredentials(platform: Platform): boolean {
  return CONNECT_SPECS[platform]?.token === false;
}

export interface OAuthSpec {
  /** `registered`: the Ente's app (client id and secret, entered once by IT staff); `dynamic`: Redazione registers itself (Mastodon). */
  app: 'registered' | 'dynamic';
  /** Account fields asked before the redirect (the rest is read from the platform). */
  fields: AccountField[];
}

export const OAUTH_SPECS: Partial<Record<Platform, OAuthSpec>> = {
  mastodon: { app: 'dynamic', fields: [{ key: 'instance', required: true, type: 'url' }] },
  x: { app: 'registered', fields: [] },
  linkedin: { app: 'registered', fields: [{ key: 'organizationId', required: false }] },
  facebook_page: { app: 'registered', fields: [{ key: 'pageId', required: false }] },
  instagram: {
    app: 'registered',
    fields: [
      { key: 'mediaBaseUrl', required: true, type: 'url' },
      { key: 'igUserId', required: false },
    ],
  },
  youtube: { app: 'registered', fields: [] },
};
