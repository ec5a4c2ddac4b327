import { describe, expect, test } from 'vitest';
import { CONNECTORS } from './index.ts';

describe('the connector registry', () => {
  test('every platform with an adapter is registered under its own name', () => {
    // activitypub is bound to the running service in src/app.ts; website and rss are the Ente's own feeds.
    expect(Object.keys(CONNECTORS).sort()).toEqual(['bluesky', 'facebook_page', 'instagram', 'linkedin', 'mastodon', 'telegram', 'whatsapp', 'x', 'youtube']);
    for (const [platform, c] of Object.entries(CONNECTORS)) expect(c?.platform).toBe(platform);
  });
});
