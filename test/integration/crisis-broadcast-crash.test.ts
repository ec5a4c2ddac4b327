/**
 * A broadcast to 10,000 WhatsApp subscribers survives its worker killed midway, on PostgreSQL: a
 * `redazione worker` process is killed with SIGKILL while a send is in flight (the fake platform
 * holds that request, not yet accepted) and a batch of recipients is claimed but not sent; the
 * restarted worker takes the claims over after their lease. Counted on the fake: every subscriber
 * exactly once, none skipped, and the platform's rate limit (the 1,000 messages/s tier) never
 * exceeded. The worker settles each send before the next (REDAZIONE_BROADCAST_CONCURRENCY=1), so
 * the one message in flight is the only one whose fate the kill leaves open; with N sends in
 * flight, up to N messages the platform accepted just before the kill can go out twice (neither
 * WhatsApp nor Telegram can be asked what was delivered).
 */
import type { ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { createRedazione, type Redazione } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { fromPool } from '../../src/platform/db/index.ts';
import { freshPostgresUrl } from '../support/db.ts';
import { channelBody, createEnte, login, SYSTEM } from '../support/app.ts';
import { spawnWorker } from '../support/processes.ts';
import { startFakeWhatsApp } from '../fakes/broadcast.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const SUBSCRIBERS = 10_000;
const RATE = 1_000;

describe.skipIf(!inject('pgUrl'))('broadcast survives its worker killed midway (PostgreSQL)', () => {
  let app: Redazione;
  let fake: Awaited<ReturnType<typeof startFakeWhatsApp>>;
  let db: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  const procs: ChildProcess[] = [];
  let env: Record<string, string>;

  const startWorker = () => spawnWorker(env, procs);

  beforeAll(async () => {
    db = await freshPostgresUrl();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bcast-'));
    fake = await startFakeWhatsApp({ rate: RATE, token: 'wa-token' });
    env = {
      DATABASE_URL: db.url,
      REDAZIONE_DATA_DIR: dataDir,
      REDAZIONE_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
      LOG_LEVEL: 'warn',
      REDAZIONE_API_BASE_WHATSAPP: fake.url,
      REDAZIONE_BROADCAST_LEASE_MS: '3000',
      REDAZIONE_BROADCAST_POLL_MS: '100',
      REDAZIONE_BROADCAST_CONCURRENCY: '1',
      REDAZIONE_PUBLISH_POLL_MS: '1000',
    };
    const database = fromPool(new pg.Pool({ connectionString: db.url, max: 5 }));
    app = await createRedazione(loadConfig({ ...env, LOG_LEVEL: 'silent', REDAZIONE_LOGIN_LIMIT_PER_IP: '1000' }), { database });
  });
  afterAll(async () => {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGTERM');
    await Promise.all(procs.filter((p) => p.exitCode === null && p.signalCode === null).map((p) => new Promise((r) => p.once('exit', r))));
    await app?.close();
    await db?.drop();
    await fake?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  test('SIGKILL midway, restart: 10,000 subscribers, each exactly once, at the documented rate', async () => {
    const { ente } = await createEnte(app, 'bcast');
    const base = '/api/v1/enti/bcast';
    const smm = await login(app, 'social_media_manager@bcast.test');
    const red = await login(app, 'redattore@bcast.test');
    const appr = await login(app, 'approvatore@bcast.test');
    const wa = (await smm.post(`${base}/channels`, { ...channelBody('bcast_wa', 'whatsapp'), url: 'https://wa.me/390000000' })).json();
    await app.services.channels.setCredentials(SYSTEM, ente.id, wa.id, JSON.stringify({ accessToken: 'wa-token', account: { phoneNumberId: '123', templateName: 'allerta', messagesPerSecond: String(RATE) } }));
    const numbers = Array.from({ length: SUBSCRIBERS }, (_, i) => `+39340${String(i).padStart(7, '0')}`);
    const add = await smm.post(`${base}/subscribers`, { subscribers: numbers.map((address) => ({ channel: 'whatsapp', address, source: 'modulo web' })) });
    expect(add.statusCode, add.body).toBe(200);

    const a = (
      await red.post(`${base}/alerts`, {
        code: 'rossa',
        risks: ['idraulico'],
        zones: [{ name: 'Comune di Bcast' }],
        validFrom: new Date().toISOString(),
        validTo: new Date(Date.now() + 12 * 3_600_000).toISOString(),
        source: 'Centro Funzionale Regionale',
        behaviour: ['Sali ai piani alti'],
        infoUrl: 'https://www.comune.example.it/allerta',
        channelIds: [wa.id],
        broadcast: true,
      })
    ).json();
    const held = fake.holdNextAt(4_000); // midway: the 4,000th request is in flight when A dies
    expect((await appr.post(`${base}/alerts/${a.id}/approve`, {})).statusCode).toBe(200);

    const A = startWorker();
    await Promise.race([held, sleep(60_000).then(() => Promise.reject(new Error(`never reached midway: ${A.out()}`)))]);
    A.p.kill('SIGKILL');
    await new Promise((r) => A.p.once('exit', r));
    const sentAtKill = [...fake.received.values()].reduce((x, y) => x + y, 0);
    expect(sentAtKill).toBeGreaterThan(1000);
    expect(sentAtKill).toBeLessThan(SUBSCRIBERS);
    startWorker(); // the supervisor restarts it

    const progress = async () => (await smm.get(`${base}/alerts/${a.id}/broadcast`)).json().broadcasts[0];
    const end = Date.now() + 120_000;
    let p = await progress();
    while (p.state !== 'completato') {
      if (Date.now() > end) throw new Error(`not completed: ${JSON.stringify(p)}`);
      await sleep(250);
      p = await progress();
    }
    expect(p).toMatchObject({ total: SUBSCRIBERS, sent: SUBSCRIBERS, failed: 0, remaining: 0 });
    const duplicates = [...fake.received.values()].filter((n) => n > 1).length;
    const skipped = numbers.filter((n) => !fake.received.has(n.slice(1))).length;
    expect({ duplicates, skipped, distinct: fake.received.size }).toEqual({ duplicates: 0, skipped: 0, distinct: SUBSCRIBERS });
    expect(fake.rejected()).toBe(0);
  }, 240_000);
});
