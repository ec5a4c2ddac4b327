/**
 * The Instagram connector against a fake of the content publishing API (test/fakes/instagram.ts).
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import type { ConnectorErrorKind } from '../../src/connectors/contract.ts';
import { createInstagramConnector } from '../../src/connectors/instagram/index.ts';
import { type Failure, expectConnectorError, fakeMedia, loopbackContext } from '../fakes/kernel.ts';
import { GRAPH_ERRORS } from '../fakes/facebook.ts';
import { IG_ERRORS, type InstagramFake, startInstagramFake } from '../fakes/instagram.ts';
import type { IncomingItem } from '../../src/connectors/interactions.ts';

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
  fake.comments.clear();
  fake.messages.length = 0;
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

describe('instagram connector: community inbox interactions', () => {
  const comment = (c: { id: string; mediaId: string; parentId: string | null }): IncomingItem => ({
    platformId: c.id,
    kind: 'comment',
    threadRef: c.mediaId,
    parentRef: c.parentId,
    author: { platformId: '17841455555', name: 'cittadina.esempio', handle: 'cittadina.esempio' },
    text: 'Dove si ritirano i sacchetti?',
    receivedAt: new Date(),
  });
  const dm = (igsid: string): IncomingItem => ({ platformId: 'aWdf1', kind: 'message', threadRef: `conv:${igsid}`, author: { platformId: igsid, name: 'Utente' }, text: 'Ciao', receivedAt: new Date() });
  const withPage = () => ctx({ account: { igUserId: fake.igUserId, pageId: fake.pageId, mediaBaseUrl: MEDIA_BASE } });

  test('declares reply, hide, unhide, delete and block; no polling', () => {
    expect(igc.interactionCapabilities).toEqual({ reply: true, hide: true, unhide: true, delete: true, poll: false, block: true });
  });

  test('block goes through the Page: POST /{page-id}/moderate_conversations with block_user', async () => {
    fake.personWrote('17841400000000777');
    await igc.block!(withPage(), { authorPlatformId: '17841400000000777' });
    const sent = fake.received(/moderate_conversations$/)[0]!;
    expect(sent.path).toBe(`/v21.0/${fake.pageId}/moderate_conversations`);
    expect(sent.json).toEqual({ user_ids: [{ id: '17841400000000777' }], actions: ['block_user'] });
    expect(fake.blocked.has('17841400000000777')).toBe(true);
  });

  test('block without a conversation, or without the linked Page, is left to the office with the reason', async () => {
    const e = await expectConnectorError(igc.block!(withPage(), { authorPlatformId: '17841400000000888' }), 'bad_request', /conversazione Direct.*a mano/);
    expect(e.explanation.en).toMatch(/by hand/);
    const before = fake.requests.length;
    await expectConnectorError(igc.block!(ctx(), { authorPlatformId: '17841400000000777' }), 'bad_request', /Pagina Facebook collegata.*a mano/);
    expect(fake.requests.length).toBe(before);
  });

  test('replies to a comment with POST /{ig-comment-id}/replies; a reply to a reply goes to its top-level comment', async () => {
    const top = fake.addComment('17900000000000555', 'Dove si ritirano i sacchetti?');
    const r1 = await igc.reply(ctx(), { inReplyTo: comment(top), text: 'All’ecocentro di via Verdi.', idempotencyKey: 'a' });
    expect(fake.received(/\/replies$/)[0]!.path).toBe(`/v21.0/${top.id}/replies`);
    expect(fake.received(/\/replies$/)[0]!.json).toEqual({ message: 'All’ecocentro di via Verdi.' });
    expect(fake.comments.get(r1.platformId)).toMatchObject({ parentId: top.id, text: 'All’ecocentro di via Verdi.' });
    const nested = fake.addComment(top.mediaId, 'E il sabato?', { parentId: top.id });
    await igc.reply(ctx(), { inReplyTo: comment(nested), text: 'Anche il sabato mattina.', idempotencyKey: 'b' });
    expect(fake.received(/\/replies$/)[1]!.path).toBe(`/v21.0/${top.id}/replies`);
  });

  test('replies to a Direct message through the linked Page, or the account itself without one', async () => {
    fake.personWrote('9876543210');
    await igc.reply(withPage(), { inReplyTo: dm('9876543210'), text: 'Certo, la aspettiamo.', idempotencyKey: 'c' });
    await igc.reply(ctx(), { inReplyTo: dm('9876543210'), text: 'Grazie!', idempotencyKey: 'd' });
    expect(fake.messages.map((m) => m.via)).toEqual([fake.pageId, fake.igUserId]);
    expect(fake.received(/\/messages$/)[0]!.json).toEqual({ recipient: { id: '9876543210' }, message: { text: 'Certo, la aspettiamo.' } });
  });

  test('Direct: outside the 24-hour window is a clear bad_request; over 1,000 bytes is refused before any call', async () => {
    fake.personWrote('555', new Date(Date.now() - 30 * 3600 * 1000));
    const e = await expectConnectorError(igc.reply(ctx(), { inReplyTo: dm('555'), text: 'Tardi', idempotencyKey: 'e' }), 'bad_request', /più di 24 ore/);
    expect(e.details.platformCode).toBe('10/2534022');
    const before = fake.requests.length;
    await expectConnectorError(igc.reply(ctx(), { inReplyTo: dm('555'), text: 'è'.repeat(501), idempotencyKey: 'f' }), 'bad_request', /troppo lungo/);
    expect(fake.requests.length).toBe(before);
  });

  test('hide/unhide with ?hide=, delete with DELETE; deleting twice is fine', async () => {
    const c = fake.addComment('17900000000000556', 'Offesa');
    const item = { platformId: c.id, kind: 'comment' as const, threadRef: c.mediaId };
    await igc.moderate(ctx(), { item, action: 'hide' });
    expect(fake.comments.get(c.id)!.hidden).toBe(true);
    expect(fake.requests.at(-1)!.query.get('hide')).toBe('true');
    await igc.moderate(ctx(), { item, action: 'unhide' });
    expect(fake.comments.get(c.id)!.hidden).toBe(false);
    await igc.moderate(ctx(), { item, action: 'delete' });
    expect(fake.comments.has(c.id)).toBe(false);
    await igc.moderate(ctx(), { item, action: 'delete' });
  });

  const cases: Array<[string, Failure, ConnectorErrorKind, RegExp]> = [
    ['expired token', IG_ERRORS.expiredToken, 'auth_expired', /scaduto/],
    ['permission', GRAPH_ERRORS.permission, 'disconnected', /rispondere e moderare/],
    ['rate limit with BUC header', GRAPH_ERRORS.pageRateLimit, 'rate_limited', /riprova tra circa 7 minuti/],
  ];
  test.each(cases)('interaction error: %s', async (_n, failure, kind, it) => {
    const c = fake.addComment('17900000000000557', 'x');
    fake.failNext(/^POST /, failure);
    await expectConnectorError(igc.moderate(ctx(), { item: { platformId: c.id, kind: 'comment', threadRef: c.mediaId }, action: 'hide' }), kind, it);
    expect(fake.comments.get(c.id)!.hidden).toBe(false);
  });
});
