/**
 * ActivityPub deliveries survive restarts: Fedify's queue is our database (ap_queue). Against the
 * independent peer (test/support/ap-peer.ts) through a loopback gate we control (down, hanging,
 * or forwarding; the follower's inbox is moved behind it):
 * - a Create queued while the queue is stopped goes out once after a restart;
 * - with the follower unreachable, Fedify's retry is kept in the database across a restart and
 *   delivered once when the follower is back;
 * - five followers: the single fanout message survives a restart, each follower gets the post once;
 * - on PostgreSQL, a `redazione worker` process killed (SIGKILL) mid-delivery: another worker
 *   takes the message after the lease and the follower gets the post once;
 * and the queue itself: claims shared by two listeners (each message once), lease take-over,
 * follow-ups committed with the ack, failures retried then given up, atomic enqueue.
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import type { MessageQueueEnqueueOptions } from '@fedify/fedify';
import { createRedazione, type Redazione } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { fromPool, type Database } from '../../src/platform/db/index.ts';
import { loadSecretBox } from '../../src/platform/crypto/secrets.ts';
import { createActivityPubConnector } from '../../src/connectors/activitypub/index.ts';
import type { ConnectorContext } from '../../src/connectors/contract.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import { DbMessageQueue } from '../../src/modules/activitypub/index.ts';
import { apFollowers, apQueue } from '../../src/modules/activitypub/activitypub.tables.ts';
import { createEnte } from '../support/app.ts';
import { startPeer } from '../support/ap-peer.ts';
import { backends, freshDatabase, freshPostgresUrl, type Backend } from '../support/db.ts';
import { freePort } from '../support/pg-cluster.ts';
import { spawnWorker } from '../support/processes.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SLUG = 'fedidurevole';
/** A delay as Fedify passes it (a Temporal.Duration; only `total` is read). */
const after = (ms: number) => ({ delay: { total: () => ms } }) as unknown as MessageQueueEnqueueOptions;

/** Where the database lives across "restarts": a data folder (PGlite) or a PostgreSQL database. */
interface Store {
  dataDir: string;
  url: string | null;
  drop(): Promise<void>;
}

async function newStore(kind: Backend): Promise<Store> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-apq-'));
  const pgdb = kind === 'postgres' ? await freshPostgresUrl() : null;
  return {
    dataDir,
    url: pgdb?.url ?? null,
    drop: async () => {
      await pgdb?.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const configFor = (store: Store, port: number) =>
  loadConfig({
    REDAZIONE_DATA_DIR: store.dataDir,
    ...(store.url ? { DATABASE_URL: store.url } : {}),
    REDAZIONE_PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'silent',
  });

/** Redazione on the store, listening on the port (the actor's id includes it). */
async function openApp(store: Store, port: number): Promise<Redazione> {
  const app = await createRedazione(configFor(store, port), { command: 'activitypub-durable test' });
  await app.server.listen({ host: '127.0.0.1', port });
  return app;
}

/**
 * A loopback HTTP gate in front of the peer: `down` (not listening: connection refused),
 * `hang` (accepts the request, never answers) or `forward` (to the peer, Host header kept, so
 * the peer checks the signature over exactly what we signed).
 */
async function startGate(target: string) {
  const port = await freePort();
  let mode: 'down' | 'hang' | 'forward' = 'down';
  const requests: string[] = [];
  const sockets = new Set<net.Socket>();
  const server = http.createServer((req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (mode !== 'forward') return; // hanging: no answer
      const t = new URL(target);
      const out = http.request({ host: t.hostname, port: t.port, method: req.method, path: req.url, headers: req.headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      out.on('error', () => res.writeHead(502).end());
      out.end(Buffer.concat(chunks));
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const listening = () => server.listening;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    async set(next: 'down' | 'hang' | 'forward') {
      mode = next;
      if (next === 'down' && listening()) {
        for (const s of sockets) s.destroy();
        await new Promise((r) => server.close(r));
      } else if (next !== 'down' && !listening()) {
        await new Promise<void>((r) => server.listen({ port, host: '127.0.0.1' }, r));
      }
    },
    close: () => (listening() ? new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }) : Promise.resolve()),
  };
}

const connectorCtx = (enteId: string, base: string): ConnectorContext => ({
  channel: { enteId, id: 'c', platform: 'activitypub', handle: `@${SLUG}`, url: `${base}/ap/enti/${SLUG}` },
  credentials: null,
  http: createConnectorHttp({ allow: () => false }),
  now: () => new Date(),
});

const creates = (peer: Awaited<ReturnType<typeof startPeer>>) => peer.inbox.filter((r) => r.activity.type === 'Create');

async function until<T>(what: string, f: () => Promise<T | null | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** The Ente, a follower (the peer) accepted through the queue, and its inbox moved behind the gate. */
async function followed(app: Redazione, base: string, peer: Awaited<ReturnType<typeof startPeer>>, gateUrl: string) {
  const enteId = (await createEnte(app, SLUG)).ente.id;
  const actor = `${base}/ap/enti/${SLUG}`;
  const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${peer.actorId}/follows/${crypto.randomUUID()}`, type: 'Follow', actor: peer.actorId, object: actor };
  expect((await peer.post(`${actor}/inbox`, follow)).status).toBeLessThan(300);
  const [accept] = await peer.waitFor('Accept');
  expect(accept!.verified, accept!.why).toBe(true);
  const inbox = new URL(new URL(peer.actorId).pathname + '/inbox', gateUrl).href;
  await app.services.db.update(apFollowers).set({ inboxUrl: inbox, sharedInboxUrl: null }).where(eq(apFollowers.enteId, enteId));
  return enteId;
}

const queued = async (app: Redazione) => app.services.db.select().from(apQueue);

describe.each(backends())('ActivityPub deliveries across restarts on %s', (kind) => {
  const previous = { allow: process.env.REDAZIONE_AP_ALLOW_PRIVATE, poll: process.env.REDAZIONE_AP_QUEUE_POLL_MS };
  const opened: Redazione[] = [];
  const stores: Store[] = [];
  const closers: (() => Promise<void>)[] = [];

  beforeAll(() => {
    process.env.REDAZIONE_AP_ALLOW_PRIVATE = '1'; // loopback peers; off by default
    process.env.REDAZIONE_AP_QUEUE_POLL_MS = '200';
  });
  afterAll(async () => {
    for (const a of opened) await a.close();
    for (const c of closers) await c();
    for (const s of stores) await s.drop();
    for (const [k, v] of [['REDAZIONE_AP_ALLOW_PRIVATE', previous.allow], ['REDAZIONE_AP_QUEUE_POLL_MS', previous.poll]] as const) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  });

  async function setUp() {
    const store = await newStore(kind);
    stores.push(store);
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const peer = await startPeer();
    const gate = await startGate(peer.base);
    closers.push(() => peer.close(), () => gate.close());
    const app = await openApp(store, port);
    opened.push(app);
    return { store, port, base, peer, gate, app };
  }

  test('a Create queued while the queue is stopped goes out once after a restart; the queued message is sealed', async () => {
    const { store, port, base, peer, gate, app } = await setUp();
    await gate.set('forward');
    const enteId = await followed(app, base, peer, gate.url);
    await app.services.activitypub.stop(); // as if the process stopped right after publishing

    const connector = createActivityPubConnector(app.services.activitypub);
    const text = 'Avviso durevole: la consegna ai follower sopravvive al riavvio.';
    const res = await connector.publish(connectorCtx(enteId, base), { idempotencyKey: `durable-${kind}-1`, text, media: [] });
    const rows = await queued(app);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'outbox', inbox: new URL('/users/cittadina/inbox', gate.url).href, claims: 0, failedAt: null });
    expect(rows[0]!.activityId!.startsWith(res.platformId)).toBe(true);
    // Sealed: neither the Ente's private key nor the text is readable in the table.
    const stored = JSON.stringify(rows[0]!.payload);
    expect(stored).not.toContain('privateKey');
    expect(stored).not.toContain('Avviso durevole');
    await sleep(600);
    expect(creates(peer)).toHaveLength(0);
    await app.close();
    opened.splice(opened.indexOf(app), 1);

    const again = await openApp(store, port);
    opened.push(again);
    const [create] = await peer.waitFor('Create');
    expect(create!.verified, create!.why).toBe(true);
    expect((create!.activity.object as { id: string }).id).toBe(res.platformId);
    await until('the queue to empty', async () => (await queued(again)).length === 0);
    await sleep(1_000);
    expect(creates(peer)).toHaveLength(1);
    // Publishing again (a retry of the same variant) sends nothing new.
    const retried = await createActivityPubConnector(again.services.activitypub).publish(connectorCtx(enteId, base), { idempotencyKey: `durable-${kind}-1`, text, media: [] });
    expect(retried.platformId).toBe(res.platformId);
    expect(await queued(again)).toHaveLength(0);
  });

  test('the follower unreachable: Fedify’s retry is kept in the database across a restart and delivered once', async () => {
    const { store, port, base, peer, gate, app } = await setUp();
    await gate.set('forward');
    const enteId = await followed(app, base, peer, gate.url);
    await gate.set('down');

    const connector = createActivityPubConnector(app.services.activitypub);
    const res = await connector.publish(connectorCtx(enteId, base), { idempotencyKey: `durable-${kind}-2`, text: 'Chiusura scuole: il follower è irraggiungibile.', media: [] });
    // The first attempt fails (connection refused): Fedify enqueues its retry, attempt 1, later.
    const retry = await until('a retry in the database', async () => {
      for (const r of await queued(app)) {
        const m = JSON.parse(app.services.secrets.open(r.payload, 'activitypub:queue')) as { attempt: number; activityId: string };
        if (m.attempt >= 1) return { row: r, message: m };
      }
      return null;
    });
    expect(retry.message.activityId.startsWith(res.platformId)).toBe(true);
    await app.close();
    opened.splice(opened.indexOf(app), 1);
    expect(creates(peer)).toHaveLength(0);

    await gate.set('forward');
    const again = await openApp(store, port);
    opened.push(again);
    const [create] = await peer.waitFor('Create', 30_000);
    expect(create!.verified, create!.why).toBe(true);
    expect((create!.activity.object as { id: string }).id).toBe(res.platformId);
    await until('the queue to empty', async () => (await queued(again)).length === 0);
    await sleep(1_000);
    expect(creates(peer)).toHaveLength(1);
  });

  test('five followers: one fanout message survives the restart, then each follower gets the post once', async () => {
    const { store, port, base, app } = await setUp();
    const enteId = (await createEnte(app, SLUG)).ente.id;
    const actor = `${base}/ap/enti/${SLUG}`;
    const peers = await Promise.all(['anna', 'bruno', 'carla', 'dario', 'elena'].map((u) => startPeer(u)));
    closers.push(...peers.map((p) => () => p.close()));
    for (const p of peers) {
      const follow = { '@context': 'https://www.w3.org/ns/activitystreams', id: `${p.actorId}/follows/1`, type: 'Follow', actor: p.actorId, object: actor };
      expect((await p.post(`${actor}/inbox`, follow)).status).toBeLessThan(300);
    }
    for (const p of peers) await p.waitFor('Accept');
    await app.services.activitypub.stop();

    const res = await createActivityPubConnector(app.services.activitypub).publish(connectorCtx(enteId, base), { idempotencyKey: `durable-${kind}-fanout`, text: 'Consiglio comunale in diretta giovedì alle 18.', media: [] });
    // At five inboxes Fedify fans out: one message, expanded by whichever process takes it.
    expect((await queued(app)).map((r) => r.kind)).toEqual(['fanout']);
    await app.close();
    opened.splice(opened.indexOf(app), 1);

    const again = await openApp(store, port);
    opened.push(again);
    for (const p of peers) {
      const [create] = await p.waitFor('Create');
      expect(create!.verified, create!.why).toBe(true);
      expect((create!.activity.object as { id: string }).id).toBe(res.platformId);
    }
    await until('the queue to empty', async () => (await queued(again)).length === 0);
    await sleep(1_000);
    expect(peers.map((p) => creates(p).length)).toEqual([1, 1, 1, 1, 1]);
  });
});

describe.skipIf(!inject('pgUrl'))('a `redazione worker` killed mid-delivery (PostgreSQL)', () => {
  const procs: ChildProcess[] = [];
  let store: Store;
  let app: Redazione | null = null;
  let peer: Awaited<ReturnType<typeof startPeer>>;
  let gate: Awaited<ReturnType<typeof startGate>>;

  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await app?.close();
    await peer?.close();
    await gate?.close();
    await store?.drop();
  });

  test('another worker takes the message after the lease; the follower gets the post once', async () => {
    store = await newStore('postgres');
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const env: Record<string, string> = {
      DATABASE_URL: store.url!,
      REDAZIONE_DATA_DIR: store.dataDir,
      REDAZIONE_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      REDAZIONE_PUBLIC_URL: base,
      REDAZIONE_AP_ALLOW_PRIVATE: '1',
      REDAZIONE_AP_QUEUE_POLL_MS: '200',
      REDAZIONE_AP_QUEUE_LEASE_MS: '2000',
      LOG_LEVEL: 'warn',
    };
    const worker = () => spawnWorker(env, procs);
    const previous = process.env.REDAZIONE_AP_ALLOW_PRIVATE;
    process.env.REDAZIONE_AP_ALLOW_PRIVATE = '1';
    try {
      app = await createRedazione(loadConfig({ ...env, LOG_LEVEL: 'silent' }), { command: 'activitypub-durable test' });
    } finally {
      if (previous === undefined) delete process.env.REDAZIONE_AP_ALLOW_PRIVATE;
      else process.env.REDAZIONE_AP_ALLOW_PRIVATE = previous;
    }
    await app.server.listen({ host: '127.0.0.1', port });
    peer = await startPeer();
    gate = await startGate(peer.base);
    await gate.set('forward');
    const enteId = await followed(app, base, peer, gate.url);
    // From now on only the worker processes deliver.
    await app.services.activitypub.stop();
    await gate.set('hang');

    const a = worker();
    const connector = createActivityPubConnector(app.services.activitypub);
    const res = await connector.publish(connectorCtx(enteId, base), { idempotencyKey: 'durable-worker-1', text: 'Allerta meteo: consegna interrotta dal crollo del worker.', media: [] });
    // Worker A claims the delivery and is stuck inside the POST: kill it there.
    await until(`worker A to POST (${a.out()})`, async () => gate.requests.some((r) => r.startsWith('POST ')), 60_000);
    const [held] = await queued(app);
    expect(held).toMatchObject({ claims: 1 });
    expect(held!.claimToken).not.toBeNull();
    a.p.kill('SIGKILL');
    await new Promise((r) => a.p.once('exit', r));
    expect(creates(peer)).toHaveLength(0);

    await gate.set('forward');
    const b = worker();
    const [create] = await peer.waitFor('Create', 60_000).catch((e: unknown) => {
      throw new Error(`${String(e)}\nworker B: ${b.out()}`);
    });
    expect(create!.verified, create!.why).toBe(true);
    expect((create!.activity.object as { id: string }).id).toBe(res.platformId);
    await until('the queue to empty', async () => (await queued(app!)).length === 0);
    await sleep(1_000);
    expect(creates(peer)).toHaveLength(1);
    const exited = new Promise((r) => b.p.once('exit', r));
    b.p.kill('SIGTERM');
    await exited;
  }, 120_000);
});

describe.each(backends())('DbMessageQueue on %s', (kind) => {
  let database: Database;
  let second: Database | null = null;
  const secrets = loadSecretBox({ secretKey: crypto.randomBytes(32).toString('hex'), secretKeyFile: null, dataDir: os.tmpdir() });

  beforeAll(async () => {
    database = await freshDatabase(kind);
    // On PostgreSQL the second listener has its own pool, as another process would.
    const pool = (database as { pool?: pg.Pool }).pool;
    if (pool) {
      const other = new pg.Pool({ connectionString: (pool.options as { connectionString: string }).connectionString, max: 4 });
      other.on('error', () => {}); // the database is dropped WITH (FORCE) at the end
      second = fromPool(other);
    }
  });
  afterAll(async () => {
    await second?.close();
    await database?.close();
  });

  const rows = () => database.db.select().from(apQueue);
  const clear = () => database.db.delete(apQueue);

  test('two listeners share the queue: every message is handled exactly once, delays respected', async () => {
    await clear();
    const q1 = new DbMessageQueue(database.db, secrets, { pollMs: 100, concurrency: 3 });
    const q2 = new DbMessageQueue((second ?? database).db, secrets, { pollMs: 100, concurrency: 3 });
    const seen: { n: number; by: string; at: number }[] = [];
    const handler = (by: string) => async (m: unknown) => {
      seen.push({ n: (m as { n: number }).n, by, at: Date.now() });
      await sleep(20);
    };
    const abort = new AbortController();
    const start = Date.now();
    const l1 = q1.listen(handler('a'), { signal: abort.signal });
    const l2 = q2.listen(handler('b'), { signal: abort.signal });
    await q1.enqueueMany(Array.from({ length: 40 }, (_, n) => ({ type: 'outbox', n })));
    await q2.enqueue({ type: 'outbox', n: 100 }, after(700));
    await until('all handled', async () => seen.length >= 41 && (await rows()).length === 0);
    await sleep(300);
    abort.abort();
    await Promise.all([l1, l2]);
    const ns = seen.map((s) => s.n).sort((x, y) => x - y);
    expect(ns).toEqual([...Array.from({ length: 40 }, (_, n) => n), 100]);
    expect(seen.find((s) => s.n === 100)!.at - start).toBeGreaterThanOrEqual(650);
    expect(new Set(seen.map((s) => s.by))).toEqual(new Set(['a', 'b']));
  });

  test('a message held by a listener that died is taken by another after the lease', async () => {
    await clear();
    const dead = new DbMessageQueue(database.db, secrets, { pollMs: 50, leaseMs: 400, stopGraceMs: 0 });
    const abortDead = new AbortController();
    let taken = false;
    // Its handler never returns, and stopping waits 0 ms: the claim stays, with no heartbeat.
    const ld = dead.listen(() => {
      taken = true;
      return new Promise<void>(() => {});
    }, { signal: abortDead.signal });
    await dead.enqueue({ type: 'outbox', n: 1 });
    await until('the first claim', async () => taken);
    abortDead.abort();
    await ld;
    const [held] = await rows();
    expect(held).toMatchObject({ claims: 1 });

    const live = new DbMessageQueue(database.db, secrets, { pollMs: 50 });
    const abort = new AbortController();
    const got: unknown[] = [];
    const start = Date.now();
    const l = live.listen((m) => void got.push(m), { signal: abort.signal });
    await until('the take-over', async () => got.length === 1 && (await rows()).length === 0);
    abort.abort();
    await l;
    expect(got).toEqual([{ type: 'outbox', n: 1 }]);
    expect(Date.now() - start).toBeLessThan(5_000);
  });

  test('what a handler enqueues is committed with its ack; a failing handler is retried, then given up', async () => {
    await clear();
    const q = new DbMessageQueue(database.db, secrets, { pollMs: 50, maxClaims: 2 });
    const abort = new AbortController();
    const calls: number[] = [];
    const l = q.listen(async (m) => {
      const { n, attempt } = m as { n: number; attempt: number };
      calls.push(n);
      if (n === 1 && attempt === 0) await q.enqueue({ type: 'outbox', n: 1, attempt: 1 }, after(3_600_000));
      if (n === 2) throw new Error('consegna non riuscita');
    }, { signal: abort.signal });
    await q.enqueueMany([{ type: 'outbox', n: 1, attempt: 0 }, { type: 'inbox', n: 2, attempt: 0 }]);
    // n=1 is replaced by its follow-up (due in an hour); n=2 fails at once and again after 1 s, then is given up.
    const done = await until('n=2 given up', async () => {
      const r = await rows();
      return r.length === 2 && r.every((x) => x.kind === 'outbox' || x.failedAt) ? r : null;
    }, 10_000);
    abort.abort();
    await l;
    const followUp = done.find((r) => r.kind === 'outbox')!;
    expect(JSON.parse(secrets.open(followUp.payload, 'activitypub:queue'))).toEqual({ type: 'outbox', n: 1, attempt: 1 });
    expect(followUp.claims).toBe(0);
    expect(followUp.dueAt.getTime()).toBeGreaterThan(Date.now() + 3_500_000);
    const failed = done.find((r) => r.kind === 'inbox')!;
    expect(failed).toMatchObject({ claims: 2, lastError: 'Error: consegna non riuscita' });
    expect(failed.failedAt).toBeInstanceOf(Date);
    expect(calls.filter((n) => n === 1)).toHaveLength(1);
    expect(calls.filter((n) => n === 2)).toHaveLength(2);
  });

  test('atomically: the messages are written with the state change, or not at all', async () => {
    await clear();
    const q = new DbMessageQueue(database.db, secrets);
    await q.atomically(
      () => q.enqueueMany([{ type: 'outbox', n: 1 }, { type: 'outbox', n: 2 }]),
      async (tx) => void (await tx.execute(sql`select 1`)),
    );
    expect(await rows()).toHaveLength(2);
    await expect(
      q.atomically(
        () => q.enqueue({ type: 'outbox', n: 3 }),
        async () => {
          throw new Error('stato non aggiornato');
        },
      ),
    ).rejects.toThrow('stato non aggiornato');
    expect(await rows()).toHaveLength(2);
  });
});
