/**
 * Which connector publishes to which platform. One line per platform; a platform without a line
 * cannot be published to automatically (its publications fail with "publish by hand").
 */
import type { Platform } from '../modules/channels/index.ts';
import type { Connector } from './contract.ts';
import { mastodon } from './mastodon/index.ts';
import { telegram } from './telegram/index.ts';
import { facebookPageConnector } from './facebook_page/index.ts';
import { instagramConnector } from './instagram/index.ts';
import { whatsappConnector } from './whatsapp/index.ts';
import { linkedinConnector } from './linkedin/index.ts';
import { xConnector } from './x/index.ts';
import { youtubeConnector } from './youtube/index.ts';
import { blueskyConnector } from './bluesky/index.ts';

export type ConnectorRegistry = Partial<Record<Platform, Connector>>;

export const CONNECTORS: ConnectorRegistry = {
  telegram,
  mastodon,
  bluesky: blueskyConnector,
  facebook_page: facebookPageConnector,
  instagram: instagramConnector,
  whatsapp: whatsappConnector,
  linkedin: linkedinConnector,
  x: xConnector,
  youtube: youtubeConnector,
  // activitypub: bound to the Ente's presence in src/app.ts (createActivityPubConnector needs the service).
};
