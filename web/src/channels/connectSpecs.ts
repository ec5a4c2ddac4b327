import type { Platform } from '../api/types';

/** One `account` field a platform's connector reads (src/connectors/<platform>/index.ts). */
export interface AccountField {
  key: string;
  required: boolean;
  type?: 'text' | 'url' | 'password';
}

export interface ConnectSpec {
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
};
