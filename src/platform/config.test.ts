import { describe, expect, test } from 'vitest';
import { loadConfig } from './config.ts';

describe('loadConfig', () => {
  test('defaults: embedded database in ./data, port 3000 on loopback, 8 MB images, public link checks', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, host: '127.0.0.1', databaseUrl: null, cookieSecure: 'auto', linkCheck: 'public', oidc: null });
    expect(c.dataDir.endsWith('data')).toBe(true);
    expect(c.media).toEqual({ imageBytes: 8 * 1024 * 1024, videoBytes: 200 * 1024 * 1024 });
  });

  test('media limits in megabytes; nonsense is refused with the variable named', () => {
    expect(loadConfig({ REDAZIONE_MEDIA_MAX_IMAGE_MB: '2', REDAZIONE_MEDIA_MAX_VIDEO_MB: '0.5' }).media).toEqual({ imageBytes: 2 * 1024 * 1024, videoBytes: 512 * 1024 });
    expect(() => loadConfig({ REDAZIONE_MEDIA_MAX_IMAGE_MB: 'tanti' })).toThrow(/REDAZIONE_MEDIA_MAX_IMAGE_MB/);
  });

  test.each([
    [{ PORT: 'ottanta' }, /PORT/],
    [{ REDAZIONE_COOKIE_SECURE: 'forse' }, /REDAZIONE_COOKIE_SECURE/],
    [{ REDAZIONE_LINK_CHECK: 'sempre' }, /REDAZIONE_LINK_CHECK/],
  ])('%j is refused', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('OIDC is on only with an issuer and a client id', () => {
    expect(loadConfig({ REDAZIONE_OIDC_ISSUER: 'https://idp.example.it' }).oidc).toBeNull();
    expect(loadConfig({ REDAZIONE_OIDC_ISSUER: 'https://idp.example.it', REDAZIONE_OIDC_CLIENT_ID: 'rdz' }).oidc).toMatchObject({ clientId: 'rdz', allowInsecure: false });
  });
});
