/**
 * The Bluesky connector against a real local PDS (@atproto/dev-env): app password login, a post
 * with a link facet and an image with alt text read back from the repository, an unknown outcome
 * resolved by lookup without a duplicate, the 300-grapheme limit, delete.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AtpAgent } from '@atproto/api';
import type { TestNetworkNoAppView } from '@atproto/dev-env';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { blueskyConnector } from '../../src/connectors/bluesky/index.ts';
import { tidFromKey } from '../../src/connectors/bluesky/bluesky.fns.ts';
import { ConnectorError, type ConnectorContext, type ConnectorHttp } from '../../src/connectors/contract.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import { forceLoopbackListen } from '../support/loopback-listen.ts';

// A 1×1 PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

let network: TestNetworkNoAppView;
let tmp: string;
let previousTmp: string | undefined;
let undoListen: () => void;
let appPassword: string;
let did: string;
const HANDLE = 'comune-bsky.test';

const loopbackOnly = createConnectorHttp({ allow: (u) => u.hostname === 'localhost' || u.hostname === '127.0.0.1' });

function ctx(http: ConnectorHttp = loopbackOnly, password = appPassword): ConnectorContext {
  return {
    channel: { enteId: 'e', id: 'c', platform: 'bluesky', handle: HANDLE, url: `https://bsky.app/profile/${HANDLE}` },
    credentials: { accessToken: password, account: { identifier: HANDLE } },
    http,
    apiBase: network.pds.url,
    now: () => new Date(),
  };
}

async function allPosts() {
  const agent = new AtpAgent({ service: network.pds.url });
  const { data } = await agent.com.atproto.repo.listRecords({ repo: did, collection: 'app.bsky.feed.post', limit: 100 });
  return data.records;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen({ port: 0, host: '127.0.0.1' }, r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

beforeAll(async () => {
  previousTmp = process.env.TMPDIR;
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-pds-'));
  process.env.TMPDIR = tmp; // the PDS keeps its data under os.tmpdir() and never deletes it
  undoListen = forceLoopbackListen();
  const { TestNetworkNoAppView } = await import('@atproto/dev-env');
  network = await TestNetworkNoAppView.create({ plc: { port: await freePort() }, pds: { port: await freePort() } });
  const agent = new AtpAgent({ service: network.pds.url });
  const acc = await agent.createAccount({ handle: HANDLE, email: 'social@comune.test', password: 'password-principale-1' });
  did = acc.data.did;
  appPassword = (await agent.com.atproto.server.createAppPassword({ name: 'Redazione' })).data.password;
}, 120_000);

afterAll(async () => {
  await network?.close();
  undoListen?.();
  if (previousTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = previousTmp;
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('Bluesky connector on a local PDS', () => {
  test('the PDS listens on loopback only', async () => {
    const external = Object.values(os.networkInterfaces())
      .flat()
      .find((i) => i && i.family === 'IPv4' && !i.internal)?.address;
    const reach = (host: string) =>
      new Promise<boolean>((resolve) => {
        const s = net.connect({ host, port: network.pds.port }, () => resolve(!!s.end()));
        s.on('error', () => resolve(false));
      });
    expect(await reach('127.0.0.1')).toBe(true);
    if (external) expect(await reach(external)).toBe(false);
  });

  test('identity: who the app password belongs to', async () => {
    const id = await blueskyConnector.identity(ctx());
    expect(id).toMatchObject({ id: did, handle: HANDLE, url: `https://bsky.app/profile/${HANDLE}` });
  });

  test('the session is reused: no createSession per call (the PDS allows 30 per 5 minutes)', async () => {
    const calls: string[] = [];
    const counting: ConnectorHttp = {
      fetch: (url, init) => {
        calls.push(new URL(url).pathname);
        return loopbackOnly.fetch(url, init);
      },
    };
    for (let i = 0; i < 3; i++) await blueskyConnector.identity(ctx(counting));
    expect(calls.filter((p) => p.endsWith('com.atproto.server.createSession')).length).toBeLessThanOrEqual(1);
    expect(calls.filter((p) => p.endsWith('com.atproto.server.getSession')).length).toBeGreaterThanOrEqual(2);
  });

  test('a stored session works, and refresh() returns rotated tokens that work', async () => {
    const agent = new AtpAgent({ service: network.pds.url });
    await agent.login({ identifier: HANDLE, password: appPassword });
    const s = agent.session!;
    const sessionCtx = (accessToken: string, refreshToken: string): ConnectorContext => ({
      ...ctx(),
      credentials: { accessToken, refreshToken, account: { did: s.did, handle: s.handle } },
    });
    expect((await blueskyConnector.identity(sessionCtx(s.accessJwt, s.refreshJwt))).id).toBe(did);
    const fresh = await blueskyConnector.refresh!(sessionCtx(s.accessJwt, s.refreshJwt));
    expect(fresh.refreshToken).not.toBe(s.refreshJwt);
    expect(Date.parse(fresh.expiresAt!)).toBeGreaterThan(Date.now());
    expect((await blueskyConnector.identity(sessionCtx(fresh.accessToken, fresh.refreshToken!))).id).toBe(did);
    // A garbage access token is auth_expired, so the queue calls refresh().
    const err = (await blueskyConnector.identity(sessionCtx('not-a-jwt', fresh.refreshToken!)).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('auth_expired');
  });

  test('a wrong app password is auth_expired', async () => {
    const err = await blueskyConnector.identity(ctx(loopbackOnly, 'aaaa-bbbb-cccc-dddd')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe('auth_expired');
  });

  test('publishes text with a link facet and an image with alt text, then deletes it', async () => {
    const text = 'Novità: lavori in via Garibaldi, dettagli su https://comune.test/avvisi/è-lavori.';
    const res = await blueskyConnector.publish(ctx(), {
      idempotencyKey: 'variant-link-image',
      text,
      media: [{ kind: 'image', filename: 'mappa.png', mime: 'image/png', altText: 'Mappa della via Garibaldi chiusa al traffico', bytes: async () => PNG }],
    });
    const rkey = tidFromKey('variant-link-image');
    expect(res.platformId).toBe(`at://${did}/app.bsky.feed.post/${rkey}`);
    expect(res.url).toBe(`https://bsky.app/profile/${HANDLE}/post/${rkey}`);

    const agent = new AtpAgent({ service: network.pds.url });
    const { data } = await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.feed.post', rkey });
    const v = data.value as {
      text: string;
      langs: string[];
      facets: { index: { byteStart: number; byteEnd: number }; features: { $type: string; uri: string }[] }[];
      embed: { $type: string; images: { alt: string; image: { mimeType: string } }[] };
    };
    expect(v.text).toBe(text);
    expect(v.langs).toEqual(['it']);
    expect(v.facets).toHaveLength(1);
    const f = v.facets[0]!;
    expect(f.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#link', uri: 'https://comune.test/avvisi/è-lavori' });
    expect(Buffer.from(v.text, 'utf8').subarray(f.index.byteStart, f.index.byteEnd).toString('utf8')).toBe('https://comune.test/avvisi/è-lavori');
    expect(v.embed.$type).toBe('app.bsky.embed.images');
    expect(v.embed.images[0]).toMatchObject({ alt: 'Mappa della via Garibaldi chiusa al traffico', image: { mimeType: 'image/png' } });

    await blueskyConnector.delete(ctx(), res.platformId);
    expect((await allPosts()).some((r) => r.uri === res.platformId)).toBe(false);
  });

  test('the link of the variant is appended and faceted', async () => {
    const res = await blueskyConnector.publish(ctx(), { idempotencyKey: 'variant-appended-link', text: 'Bando aperto', link: 'https://comune.test/bando', media: [] });
    const rec = (await allPosts()).find((r) => r.uri === res.platformId)!;
    expect((rec.value as { text: string }).text).toBe('Bando aperto\n\nhttps://comune.test/bando');
    expect((rec.value as { facets: unknown[] }).facets).toHaveLength(1);
  });

  test('unknown outcome: the request went out but the answer was lost; lookup finds it and a retry makes no duplicate', async () => {
    const since = new Date(Date.now() - 60_000);
    // Forwards createRecord to the PDS, then behaves as if the connection dropped.
    const lossy: ConnectorHttp = {
      async fetch(url, init) {
        const res = await loopbackOnly.fetch(url, init);
        if (url.includes('com.atproto.repo.createRecord')) {
          await res.arrayBuffer();
          throw new TypeError('fetch failed: socket hang up');
        }
        return res;
      },
    };
    const req = { idempotencyKey: 'variant-lost-answer', text: 'Avviso di allerta meteo arancione: scuole chiuse domani', media: [] };
    const err = await blueskyConnector.publish(ctx(lossy), req).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectorError);
    expect((err as ConnectorError).kind).toBe('unknown_outcome');

    const found = await blueskyConnector.lookup(ctx(), { idempotencyKey: req.idempotencyKey, text: req.text, since });
    expect(found?.platformId).toBe(`at://${did}/app.bsky.feed.post/${tidFromKey(req.idempotencyKey)}`);

    const again = await blueskyConnector.publish(ctx(), req);
    expect(again.platformId).toBe(found!.platformId);
    const same = (await allPosts()).filter((r) => (r.value as { text: string }).text === req.text);
    expect(same).toHaveLength(1);

    // Lookup by text also finds a post written under another key, and nothing for unsent text.
    const byText = await blueskyConnector.lookup(ctx(), { idempotencyKey: 'another-key', text: req.text, since });
    expect(byText?.platformId).toBe(found!.platformId);
    expect(await blueskyConnector.lookup(ctx(), { idempotencyKey: 'never-sent', text: 'Mai pubblicato', since })).toBeNull();
  });

  test('a retry that does not see the first record gets 500 from the PDS (same record key) and recovers it', async () => {
    const req = { idempotencyKey: 'variant-blind-retry', text: 'Consiglio comunale convocato per giovedì', media: [] };
    const first = await blueskyConnector.publish(ctx(), req);
    // The retry's first check is made blind (as if a replica lagged): it goes on to createRecord.
    let blinded = false;
    const blind: ConnectorHttp = {
      async fetch(url, init) {
        if (!blinded && url.includes('com.atproto.repo.getRecord')) {
          blinded = true;
          return new Response(JSON.stringify({ error: 'RecordNotFound', message: 'Could not locate record' }), { status: 400, headers: { 'content-type': 'application/json' } });
        }
        return loopbackOnly.fetch(url, init);
      },
    };
    const again = await blueskyConnector.publish(ctx(blind), req);
    expect(blinded).toBe(true);
    expect(again.platformId).toBe(first.platformId);
    expect((await allPosts()).filter((r) => (r.value as { text: string }).text === req.text)).toHaveLength(1);
  });

  test('more than 300 graphemes is bad_request and nothing is posted', async () => {
    const before = (await allPosts()).length;
    const err = await blueskyConnector.publish(ctx(), { idempotencyKey: 'too-long', text: 'à'.repeat(301), media: [] }).catch((e: unknown) => e);
    expect((err as ConnectorError).kind).toBe('bad_request');
    expect((await allPosts()).length).toBe(before);
    // 300 accented letters are 600 bytes but 300 graphemes: accepted.
    await expect(blueskyConnector.publish(ctx(), { idempotencyKey: 'exactly-300', text: 'è'.repeat(300), media: [] })).resolves.toBeTruthy();
  });

  test('429 with ratelimit-reset is rate_limited with the wait until the reset', async () => {
    const now = new Date('2026-05-01T10:00:00Z');
    const limited: ConnectorHttp = {
      fetch: async () =>
        new Response(JSON.stringify({ error: 'RateLimitExceeded', message: 'Rate Limit Exceeded' }), {
          status: 429,
          headers: { 'content-type': 'application/json', 'ratelimit-limit': '30', 'ratelimit-remaining': '0', 'ratelimit-reset': String(now.getTime() / 1000 + 90) },
        }),
    };
    const err = (await blueskyConnector.identity({ ...ctx(limited), now: () => now }).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('rate_limited');
    expect(err.details.retryAfterMs).toBe(90_000);
  });

  test('an unexpected outbound call fails', async () => {
    const guarded = createConnectorHttp({ allow: () => false });
    const err = await blueskyConnector.identity(ctx(guarded)).catch((e: unknown) => e);
    expect((err as ConnectorError).kind).toBe('transient');
  });
});
