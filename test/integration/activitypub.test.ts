/**
 * The Ente's ActivityPub actor against a second, independent server (test/support/ap-peer.ts,
 * node:crypto only): discovery by WebFinger, a signed Follow accepted with a signed Accept, the
 * connector's Create(Note) delivered and verified with our actor's published key, idempotent
 * retries, lookup in our outbox, Delete, Undo(Follow), and 401 to unverifiable signatures.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { KvStoreSetOptions } from '@fedify/fedify';
import { apKv } from '../../src/modules/activitypub/activitypub.tables.ts';
import { DbKvStore } from '../../src/modules/activitypub/activitypub.kv.ts';
import { kvSweep } from '../../src/modules/activitypub/activitypub.repo.ts';
import { createActivityPubConnector } from '../../src/connectors/activitypub/index.ts';
import type { ConnectorContext } from '../../src/connectors/contract.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import { createEnte, startTestApp, type TestApp } from '../support/app.ts';
import { startPeer } from '../support/ap-peer.ts';
import { backends } from '../support/db.ts';

const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');
const AP = 'application/activity+json';

/** The parts of the JSON-LD documents the tests read. */
interface ActorDoc {
  id: string;
  type: string;
  inbox: string;
  outbox: string;
  followers: string;
  summary: string;
  publicKey: { id: string; owner: string; publicKeyPem: string };
}
interface AttachmentDoc {
  type: string;
  mediaType: string;
  name?: string;
  url: string | { href: string };
}
interface NoteDoc {
  id: string;
  type: string;
  content: string;
  attachment?: AttachmentDoc | AttachmentDoc[];
}
interface CreateDoc {
  type: string;
  actor: string;
  to: string | string[];
  cc: string | string[];
  object: NoteDoc;
}

async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen({ port: 0, host: '127.0.0.1' }, r));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

describe.each(backends())('ActivityPub on %s', (kind) => {
  let app: TestApp;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let base: string;
  let enteId: string;
  let actor: ActorDoc;
  const slug = 'fedicomune';
  const previous = process.env.REDAZIONE_AP_ALLOW_PRIVATE;

  const ctx = (): ConnectorContext => ({
    channel: { enteId, id: 'c', platform: 'activitypub', handle: `@${slug}`, url: `${base}/ap/enti/${slug}` },
    credentials: null,
    http: createConnectorHttp({ allow: () => false }),
    now: () => new Date(),
  });

  beforeAll(async () => {
    process.env.REDAZIONE_AP_ALLOW_PRIVATE = '1'; // loopback peers; off by default
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    app = await startTestApp(kind, { REDAZIONE_PUBLIC_URL: base });
    await app.server.listen({ host: '127.0.0.1', port });
    enteId = (await createEnte(app, slug)).ente.id;
    peer = await startPeer();
  });
  afterAll(async () => {
    await peer?.close();
    await app?.close();
    if (previous === undefined) delete process.env.REDAZIONE_AP_ALLOW_PRIVATE;
    else process.env.REDAZIONE_AP_ALLOW_PRIVATE = previous;
  });

  test('WebFinger leads to the actor: an Organization with name, policy link, inbox, outbox, followers, key', async () => {
    const host = new URL(base).host;
    const wf = await fetch(`${base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:${slug}@${host}`)}`);
    expect(wf.status).toBe(200);
    const jrd = (await wf.json()) as { subject: string; links: { rel: string; type?: string; href?: string }[] };
    expect(jrd.subject).toBe(`acct:${slug}@${host}`);
    const self = jrd.links.find((l) => l.rel === 'self' && l.type === AP)!;
    expect(self.href).toBe(`${base}/ap/enti/${slug}`);

    const res = await fetch(self.href!, { headers: { accept: AP } });
    expect(res.status).toBe(200);
    actor = (await res.json()) as ActorDoc;
    expect(actor).toMatchObject({
      id: `${base}/ap/enti/${slug}`,
      type: 'Organization',
      preferredUsername: slug,
      name: `Comune di ${slug}`,
      url: `${base}/enti/${slug}/social-media-policy`,
      inbox: `${base}/ap/enti/${slug}/inbox`,
      outbox: `${base}/ap/enti/${slug}/outbox`,
      followers: `${base}/ap/enti/${slug}/followers`,
    });
    expect(actor.summary).toContain('social media policy');
    expect(actor.publicKey.publicKeyPem).toContain('BEGIN PUBLIC KEY');
    expect(actor.publicKey.owner).toBe(actor.id);

    // A browser is sent to the public policy page.
    const html = await fetch(self.href!, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(html.status).toBe(302);
    expect(html.headers.get('location')).toBe(`/enti/${slug}/social-media-policy`);

    const unknown = await fetch(`${base}/.well-known/webfinger?resource=${encodeURIComponent(`acct:nessuno@${host}`)}`);
    expect(unknown.status).toBe(404);
  });

  test('an unsigned or badly signed POST to the inbox gets 401', async () => {
    const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${peer.actorId}/follows/bad`, type: 'Follow', actor: peer.actorId, object: actor.id };
    expect((await peer.post(actor.inbox, follow, { unsigned: true })).status).toBe(401);
    const otherKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    expect((await peer.post(actor.inbox, follow, { key: otherKey })).status).toBe(401);
    // Signed, but the body was changed on the way: the Digest no longer matches.
    expect((await peer.post(actor.inbox, follow, { tamperBody: true })).status).toBe(401);
    const followers = (await (await fetch(actor.followers, { headers: { accept: AP } })).json()) as { totalItems: number };
    expect(followers.totalItems).toBe(0);
  });

  test('a signed Follow is accepted with a signed Accept and the follower is stored', async () => {
    const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${peer.actorId}/follows/1`, type: 'Follow', actor: peer.actorId, object: actor.id };
    const res = await peer.post(actor.inbox, follow);
    expect(res.status).toBeGreaterThanOrEqual(200);
    expect(res.status).toBeLessThan(300);
    const [accept] = await peer.waitFor('Accept');
    expect(accept!.verified, accept!.why).toBe(true);
    expect(accept!.keyId).toBe(actor.publicKey.id);
    expect(accept!.activity.actor).toBe(actor.id);
    const obj = accept!.activity.object as string | { id: string };
    expect(typeof obj === 'string' ? obj : obj.id).toBe(follow.id);

    const followers = (await (await fetch(actor.followers, { headers: { accept: AP } })).json()) as { totalItems: number; items?: string[]; orderedItems?: string[] };
    expect(followers.totalItems).toBe(1);
    expect(followers.items ?? followers.orderedItems).toEqual([peer.actorId]);
    // Fedify's cache (the peer's key and actor) lives in our database, shared between processes.
    const [kv] = await app.services.db.select({ n: sql<number>`count(*)::int` }).from(apKv);
    expect(kv!.n).toBeGreaterThan(0);
  });

  test('the connector publishes Create(Note) to the follower, signed; a retry sends nothing new; lookup reads our outbox', async () => {
    const connector = createActivityPubConnector(app.services.activitypub);
    const req = {
      idempotencyKey: `variant-${kind}-1`,
      text: 'Città più pulita: raccolta <straordinaria> di rifiuti & ingombranti sabato.\nInfo: https://comune.test/rifiuti?a=1&b=2',
      media: [{ kind: 'image' as const, filename: 'isola.png', mime: 'image/png', altText: 'Isola ecologica di via Roma', bytes: async () => PNG }],
    };
    const since = new Date(Date.now() - 1000);
    const res = await connector.publish(ctx(), req);
    expect(res.platformId).toMatch(new RegExp(`^${base}/ap/enti/${slug}/notes/[A-Za-z0-9_-]+$`));

    const [create] = await peer.waitFor('Create');
    expect(create!.verified, create!.why).toBe(true);
    expect(create!.keyId).toBe(actor.publicKey.id);
    const a = create!.activity as unknown as CreateDoc;
    expect(a.actor).toBe(actor.id);
    const to = [a.to].flat();
    expect(to.some((x) => x === 'https://www.w3.org/ns/activitystreams#Public' || x === 'as:Public' || x === 'Public')).toBe(true);
    expect([a.cc].flat()).toContain(actor.followers);
    const note = a.object;
    expect(note.type).toBe('Note');
    expect(note.id).toBe(res.platformId);
    expect(note.content).toBe(
      '<p>Città più pulita: raccolta &lt;straordinaria&gt; di rifiuti &amp; ingombranti sabato.<br>Info: ' +
        '<a href="https://comune.test/rifiuti?a=1&amp;b=2" rel="nofollow noopener noreferrer" target="_blank">https://comune.test/rifiuti?a=1&amp;b=2</a></p>',
    );
    const att = [note.attachment].flat()[0]!;
    expect(att).toMatchObject({ type: 'Image', mediaType: 'image/png', name: 'Isola ecologica di via Roma' });
    const img = await fetch(typeof att.url === 'string' ? att.url : att.url.href);
    expect(img.status).toBe(200);
    expect(Buffer.from(await img.arrayBuffer()).equals(PNG)).toBe(true);

    // The Note's id dereferences; the outbox lists the Create.
    const fetched = (await (await fetch(note.id, { headers: { accept: AP } })).json()) as NoteDoc;
    expect(fetched).toMatchObject({ id: note.id, type: 'Note' });
    const outbox = (await (await fetch(actor.outbox, { headers: { accept: AP } })).json()) as { totalItems: number; first: string | { id: string } };
    expect(outbox.totalItems).toBe(1);
    const firstUrl = typeof outbox.first === 'string' ? outbox.first : outbox.first.id;
    const page = (await (await fetch(firstUrl, { headers: { accept: AP } })).json()) as { orderedItems: CreateDoc[] | CreateDoc };
    expect([page.orderedItems].flat()[0]).toMatchObject({ type: 'Create', object: { id: note.id } });

    // Retry with the same key: same Note, nothing new delivered.
    const again = await connector.publish(ctx(), req);
    expect(again.platformId).toBe(res.platformId);
    await new Promise((r) => setTimeout(r, 500));
    expect(peer.inbox.filter((r) => r.activity.type === 'Create')).toHaveLength(1);

    expect((await connector.lookup(ctx(), { idempotencyKey: req.idempotencyKey, text: 'x', since }))?.platformId).toBe(res.platformId);
    expect(await connector.lookup(ctx(), { idempotencyKey: 'never', text: 'Mai pubblicato', since })).toBeNull();
    expect((await connector.identity(ctx())).handle).toBe(`@${slug}@${new URL(base).host}`);

    // Delete: a signed Delete reaches the follower and the Note is gone.
    await connector.delete(ctx(), res.platformId);
    const [del] = await peer.waitFor('Delete');
    expect(del!.verified, del!.why).toBe(true);
    const delObj = del!.activity.object as string | { id: string };
    expect(typeof delObj === 'string' ? delObj : delObj.id).toBe(res.platformId);
    expect((await fetch(note.id, { headers: { accept: AP } })).status).toBe(404);
    expect(await connector.lookup(ctx(), { idempotencyKey: req.idempotencyKey, text: 'x', since })).toBeNull();
  });

  test('DbKvStore: values by key array, expiry by TTL, delete, sweep', async () => {
    let now = new Date('2026-01-01T00:00:00Z');
    const kv = new DbKvStore(app.services.db, () => now);
    const ttl = (ms: number) => ({ ttl: { total: () => ms } }) as unknown as KvStoreSetOptions;
    await kv.set(['test', 'a'], { n: 1, s: 'città' });
    await kv.set(['test', 'b'], [1, 2], ttl(1000));
    expect(await kv.get(['test', 'a'])).toEqual({ n: 1, s: 'città' });
    expect(await kv.get(['test', 'b'])).toEqual([1, 2]);
    expect(await kv.get(['test'])).toBeUndefined();
    now = new Date(now.getTime() + 1001);
    expect(await kv.get(['test', 'b'])).toBeUndefined();
    expect(await kvSweep(app.services.db, now)).toBeGreaterThanOrEqual(1);
    await kv.set(['test', 'a'], 'nuovo');
    expect(await kv.get(['test', 'a'])).toBe('nuovo');
    await kv.delete(['test', 'a']);
    expect(await kv.get(['test', 'a'])).toBeUndefined();
  });

  test('Undo(Follow) removes the follower', async () => {
    const undo = {
      '@context': 'https://www.w3.org/ns/activitystreams',
      id: `${peer.actorId}/undo/1`,
      type: 'Undo',
      actor: peer.actorId,
      object: { id: `${peer.actorId}/follows/1`, type: 'Follow', actor: peer.actorId, object: actor.id },
    };
    const res = await peer.post(actor.inbox, undo);
    expect(res.status).toBeLessThan(300);
    const until = Date.now() + 10_000;
    let total = -1;
    while (Date.now() < until) {
      total = ((await (await fetch(actor.followers, { headers: { accept: AP } })).json()) as { totalItems: number }).totalItems;
      if (total === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(total).toBe(0);
  });
});

describe('ActivityPub without REDAZIONE_AP_ALLOW_PRIVATE (the default)', () => {
  test('keys on private addresses are not fetched: a signed Follow from a loopback peer is refused', async () => {
    const previous = process.env.REDAZIONE_AP_ALLOW_PRIVATE;
    delete process.env.REDAZIONE_AP_ALLOW_PRIVATE;
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const app = await startTestApp('pglite', { REDAZIONE_PUBLIC_URL: base });
    const peer = await startPeer('vicino');
    try {
      await app.server.listen({ host: '127.0.0.1', port });
      await createEnte(app, 'privato');
      const actorId = `${base}/ap/enti/privato`;
      const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${peer.actorId}/follows/1`, type: 'Follow', actor: peer.actorId, object: actorId };
      expect((await peer.post(`${actorId}/inbox`, follow)).status).toBe(401);
      expect(peer.inbox).toHaveLength(0);
    } finally {
      await peer.close();
      await app.close();
      if (previous !== undefined) process.env.REDAZIONE_AP_ALLOW_PRIVATE = previous;
    }
  });
});
