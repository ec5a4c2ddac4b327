/**
 * The Ente's ActivityPub channel through the API, as the office uses it: registered, connected
 * with no token (the answer names the actor `@slug@host`), then an approved post published now
 * by the publishing worker reaches a follower (the independent peer) through the durable queue.
 * Platforms that need a token still refuse a connection without one. The demo seed has the channel.
 */
import crypto from 'node:crypto';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DEMO_ENTE, seedDemo } from '../../src/demo/seed.ts';
import { channelBody, createEnte, login, startTestApp, type Client, type TestApp } from '../support/app.ts';
import { startPeer } from '../support/ap-peer.ts';
import { backends } from '../support/db.ts';
import { freePort } from '../support/pg-cluster.ts';

describe.each(backends())('the ActivityPub channel on %s', (kind) => {
  const slug = 'fedicanale';
  const api = `/api/v1/enti/${slug}`;
  const previous = process.env.REDAZIONE_AP_ALLOW_PRIVATE;
  let app: TestApp;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let base: string;
  let smm: Client;
  let red: Client;
  let appr: Client;
  let channelId: string;

  beforeAll(async () => {
    process.env.REDAZIONE_AP_ALLOW_PRIVATE = '1'; // loopback peer; off by default
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await startTestApp(kind, { REDAZIONE_PUBLIC_URL: base });
    await app.server.listen({ host: '127.0.0.1', port });
    const e = await createEnte(app, slug);
    smm = await login(app, e.email('social_media_manager'));
    red = await login(app, e.email('redattore'));
    appr = await login(app, e.email('approvatore'));
    peer = await startPeer();
  });
  afterAll(async () => {
    await peer?.close();
    await app?.close();
    if (previous === undefined) delete process.env.REDAZIONE_AP_ALLOW_PRIVATE;
    else process.env.REDAZIONE_AP_ALLOW_PRIVATE = previous;
  });

  test('connectChannel takes no token for the ActivityPub channel and answers with the actor', async () => {
    const created = await smm.post(`${api}/channels`, { ...channelBody(slug, 'activitypub'), url: `${base}/ap/enti/${slug}`, status: 'sospeso' });
    expect(created.statusCode, created.body).toBe(201);
    channelId = created.json<{ id: string }>().id;

    const res = await smm.post(`${api}/channels/${channelId}/connect`, {});
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ channel: { status: string; credentials: { configured: boolean } }; account: { id: string; handle: string; name: string; url: string } }>();
    expect(body.account).toEqual({
      id: `${base}/ap/enti/${slug}`,
      handle: `@${slug}@${new URL(base).host}`,
      name: `Comune di ${slug}`,
      url: `${base}/enti/${slug}/social-media-policy`,
    });
    expect(body.channel.status).toBe('attivo');
    // Nothing to seal: the actor's keys live with the actor.
    expect(body.channel.credentials.configured).toBe(false);
  });

  test('a platform that needs a token still refuses a connection without one', async () => {
    const tg = await smm.post(`${api}/channels`, channelBody(`${slug}_allerte`, 'telegram'));
    expect(tg.statusCode, tg.body).toBe(201);
    const res = await smm.post(`${api}/channels/${tg.json<{ id: string }>().id}/connect`, { account: { chatId: '@allerte' } });
    expect(res.statusCode, res.body).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(['accessToken']);
  });

  test('an approved post published now reaches the follower, once, signed by the Ente', async () => {
    const actor = `${base}/ap/enti/${slug}`;
    const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${peer.actorId}/follows/${crypto.randomUUID()}`, type: 'Follow', actor: peer.actorId, object: actor };
    expect((await peer.post(`${actor}/inbox`, follow)).status).toBeLessThan(300);
    await peer.waitFor('Accept');

    const text = 'Raccolta differenziata: da lunedì il nuovo calendario per il centro storico.';
    const p = (await red.post(`${api}/proposals`, { title: 'Calendario raccolta', body: 'Testo della proposta' })).json<{ id: string; version: number }>();
    const edited = await red.patch(`${api}/posts/${p.id}`, { version: p.version, variants: [{ channelId, text }] });
    expect(edited.statusCode, edited.body).toBe(200);
    expect((await red.post(`${api}/posts/${p.id}/submit`, { version: edited.json<{ version: number }>().version })).statusCode).toBe(200);
    expect((await appr.post(`${api}/posts/${p.id}/approve`, {})).statusCode).toBe(200);
    const now = await smm.post(`${api}/posts/${p.id}/publish-now`, {});
    expect(now.statusCode, now.body).toBe(200);

    const worker = app.services.newPublishingWorker();
    await worker.drain();
    await worker.stop();
    const pubs = (await red.get(`${api}/posts/${p.id}/publications`)).json<{ publications: { state: string; platformId: string | null; url: string | null; reason: unknown }[] }>().publications;
    expect(pubs).toHaveLength(1);
    expect(pubs[0], JSON.stringify(pubs[0])).toMatchObject({ state: 'pubblicato' });
    expect(pubs[0]!.platformId).toMatch(new RegExp(`^${actor}/notes/`));

    const [create] = await peer.waitFor('Create');
    expect(create!.verified, create!.why).toBe(true);
    const note = create!.activity.object as { id: string; content: string };
    expect(note.id).toBe(pubs[0]!.platformId);
    expect(note.content).toContain('Raccolta differenziata: da lunedì il nuovo calendario per il centro storico.');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(peer.inbox.filter((r) => r.activity.type === 'Create')).toHaveLength(1);
  });
});

describe('the demo (npm start)', () => {
  test('the demo Ente has its ActivityPub channel: the actor at the address the server answers on', async () => {
    const port = await freePort();
    const origin = `http://127.0.0.1:${port}`;
    const app = await startTestApp('pglite');
    try {
      await seedDemo(app.services, { origin });
      await app.server.listen({ host: '127.0.0.1', port });
      const ente = (await app.services.organisation.findEnteBySlug(DEMO_ENTE))!;
      const ap = (await app.services.channels.list(ente.id)).filter((c) => c.platform === 'activitypub');
      expect(ap).toHaveLength(1);
      expect(ap[0]).toMatchObject({ handle: `${DEMO_ENTE}@127.0.0.1:${port}`, url: `${origin}/ap/enti/${DEMO_ENTE}`, status: 'attivo' });
      // Fediverse users find it by WebFinger and get the actor.
      const wf = await fetch(`${origin}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${DEMO_ENTE}@127.0.0.1:${port}`)}`);
      expect(wf.status).toBe(200);
      const self = (await wf.json()) as { links: { rel: string; href?: string }[] };
      expect(self.links.find((l) => l.rel === 'self')?.href).toBe(ap[0]!.url);
    } finally {
      await app.close();
    }
  });
});
