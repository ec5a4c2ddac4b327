/**
 * The Instagram connector against a fake of the content publishing API (test/fakes/instagram.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { createInstagramConnector } from '../../src/connectors/instagram/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext } from '../fakes/kernel.ts';
import { GRAPH_ERRORS } from '../fakes/facebook.ts';
import { IG_ERRORS, type InstagramFake, startInstagramFake } from '../fakes/instagram.ts';

const igc = createInstagramConnector({ pollIntervalMs: 5, maxPolls: 5 });
const MEDIA_BASE = 'https://redazione.comune.esempio.it/media/pubblici';
let fake: InstagramFake;
const ctx = (over: { token?: string; account?: Record<string, string> } = {}) =>
  loopbackContext('instagram', fake.url, { accessToken: over.token ?? fake.token, account: over.account ?? { igUserId: fake.igUserId, mediaBaseUrl: MEDIA_BASE } });
const req = (text: string, media = [fakeMedia('image')]) => ({ idempotencyKey: `k-${text}`, text, media });

beforeAll(async () => {
  fake = await startInstagramFake();
});
afterAll(async () => {
  await fake.close();
});
afterEach(() => {
  fake.media.length = 0;
  fake.containers.clear();
  fake.requests.length = 0;
  fake.quota.usage = 0;
  fake.settings.processingPolls = 1;
});

describe('instagram connector', () => {
  test('publishes an image: container with public URL, caption and alt text, waits for FINISHED, then media_publish', async () => {
    const image = fakeMedia('image', { filename: 'festa patronale.png' });
    fake.settings.processingPolls = 2;
    const res = await igc.publish(ctx(), req('Festa patronale #comune', [image]));
    const created = fake.received(/^POST .*\/media$/)[0]!.json;
    expect(created).toEqual({ image_url: `${MEDIA_BASE}/festa%20patronale.png`, alt_text: 'Locandina della festa patronale in piazza', caption: 'Festa patronale #comune' });
    const polls = fake.received(/^GET \/v21\.0\/\d+$/).filter((r) => r.query.get('fields') === 'status_code,status');
    expect(polls.length).toBe(3);
    expect(fake.received(/media_publish$/)[0]!.json).toEqual({ creation_id: [...fake.containers.keys()][0] });
    expect(res.platformId).toBe(fake.media[0]!.id);
    expect(res.url).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
    expect(image.reads).toBe(0); // Instagram fetches by URL; bytes are never read
  });

  test('publishes a video as a Reel', async () => {
    await igc.publish(ctx(), req('Intervista al sindaco', [fakeMedia('video')]));
    expect(fake.received(/^POST .*\/media$/)[0]!.json).toEqual({ media_type: 'REELS', video_url: `${MEDIA_BASE}/intervista.mp4`, caption: 'Intervista al sindaco' });
    expect(fake.media).toHaveLength(1);
  });

  test('publishes several media as a carousel', async () => {
    await igc.publish(ctx(), req('Album', [fakeMedia('image'), fakeMedia('video')]));
    const bodies = fake.received(/^POST .*\/media$/).map((r) => r.json as Record<string, unknown>);
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toMatchObject({ is_carousel_item: true, alt_text: expect.any(String) });
    expect(bodies[1]).toMatchObject({ is_carousel_item: true, media_type: 'VIDEO' });
    expect(bodies[2]).toMatchObject({ media_type: 'CAROUSEL', caption: 'Album' });
    expect(fake.media).toHaveLength(1);
  });

  test('a publication without media is a bad_request explained in Italian, before any call', async () => {
    await expectConnectorError(igc.publish(ctx(), req('Solo testo', [])), 'bad_request', /Instagram richiede un’immagine o un video: aggiungi un contenuto multimediale/);
    expect(fake.requests).toHaveLength(0);
  });

  test('a caption over 2,200 characters is refused with how much to cut', async () => {
    await expectConnectorError(igc.publish(ctx(), req('é'.repeat(2210))), 'bad_request', /Didascalia troppo lunga|accorcia di 10 caratteri/);
  });

  test('a missing media base URL is a configuration problem (disconnected)', async () => {
    await expectConnectorError(igc.publish(ctx({ account: { igUserId: fake.igUserId } }), req('x')), 'disconnected', /mediaBaseUrl/);
  });

  test('content_publishing_limit reached: rate_limited before creating anything', async () => {
    fake.quota.usage = 100;
    const e = await expectConnectorError(igc.publish(ctx(), req('Troppi')), 'rate_limited', /limite di pubblicazioni/);
    expect(e.details.retryAfterMs).toBeGreaterThan(0);
    expect(fake.containers.size).toBe(0);
  });

  test('a container that ends in ERROR is media_rejected and nothing is published', async () => {
    fake.failNextContainer('Error: Media upload has failed with error code 2207026');
    await expectConnectorError(igc.publish(ctx(), req('Video storto', [fakeMedia('video')])), 'media_rejected', /2207026/);
    expect(fake.received(/media_publish$/)).toHaveLength(0);
  });

  test('a container still IN_PROGRESS after the last check is transient and nothing is published', async () => {
    fake.settings.processingPolls = 50;
    await expectConnectorError(igc.publish(ctx(), req('Lento')), 'transient', /elaborando/);
    expect(fake.media).toHaveLength(0);
  });

  test('media_publish accepted then dropped: unknown outcome, lookup finds it, no duplicate', async () => {
    const since = new Date(Date.now() - 1000);
    fake.failNext(/media_publish$/, { drop: 'after' });
    await expectConnectorError(igc.publish(ctx(), req('Allerta meteo')), 'unknown_outcome');
    const found = await igc.lookup(ctx(), { idempotencyKey: 'k', text: 'Allerta meteo', since });
    expect(found?.platformId).toBe(fake.media[0]!.id);
    expect(fake.media).toHaveLength(1);
  });

  test('a container creation dropped is transient (nothing can be public yet)', async () => {
    fake.failNext(/^POST .*\/media$/, { drop: 'after' });
    await expectConnectorError(igc.publish(ctx(), req('x')), 'transient');
    expect(fake.media).toHaveLength(0);
  });

  test('lookup answers null when nothing went out', async () => {
    expect(await igc.lookup(ctx(), { idempotencyKey: 'k', text: 'mai pubblicato', since: new Date(Date.now() - 60_000) })).toBeNull();
  });

  test('identity reads username and name', async () => {
    expect(await igc.identity(ctx())).toEqual({ id: fake.igUserId, handle: 'comune.esempio', name: 'Comune di Esempio', url: 'https://www.instagram.com/comune.esempio/' });
  });

  test('delete is not possible and says so', async () => {
    expect(igc.capabilities.delete).toBe(false);
    await expectConnectorError(igc.delete(ctx(), '1'), 'bad_request', /non consente di eliminare/);
  });

  const cases: Array<[string, RegExp, Failure, ConnectorErrorKind, RegExp]> = [
    ['expired token on container creation', /^POST .*\/media$/, IG_ERRORS.expiredToken, 'auth_expired', /token dell’account Instagram è scaduto/],
    ['publishing limit 9/2207042 on media_publish', /media_publish$/, IG_ERRORS.publishingLimit, 'rate_limited', /limite di pubblicazioni/],
    ['media URL unreachable 2207052', /^POST .*\/media$/, IG_ERRORS.mediaFetchFailed, 'media_rejected', /Impossibile recuperare/],
    ['aspect ratio 36003', /^POST .*\/media$/, IG_ERRORS.aspectRatio, 'media_rejected', /proporzioni/],
    ['app rate limit 4', /^POST .*\/media$/, GRAPH_ERRORS.appRateLimit, 'rate_limited', /minuti/],
    ['Graph 2 on container creation', /^POST .*\/media$/, GRAPH_ERRORS.service, 'transient', /temporaneo/],
    ['Graph 2 on media_publish', /media_publish$/, GRAPH_ERRORS.service, 'unknown_outcome', /verifico/],
    ['500 on media_publish', /media_publish$/, GRAPH_ERRORS.serverError, 'unknown_outcome', /verifico/],
  ];
  test.each(cases)('error: %s', async (_n, match, failure, kind, it) => {
    fake.failNext(match, failure);
    await expectConnectorError(igc.publish(ctx(), req('Avviso')), kind, it);
  });
});
