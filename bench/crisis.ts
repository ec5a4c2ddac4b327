/**
 * Crisis benchmark, on the embedded database (in-process, as `redazione start` runs):
 *   1. alert latency: from the approval of an alert on 8 channels to the publish call issued on
 *      each (target < 2 s), with the publishing worker at its default settings (poll 1 s);
 *   2. broadcast throughput against fakes enforcing the documented rate limits (Telegram 30/s,
 *      WhatsApp 80/s): messages per second from the first to the last send (target within 5 %
 *      of the limit, and never over it: rejections are counted).
 *   npx tsx bench/crisis.ts   (BENCH_BROADCAST_SECONDS, default 20)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createServices } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { memoryDatabase } from '../src/platform/db/index.ts';
import { createConnectorHttp } from '../src/connectors/http.ts';
import type { Connector } from '../src/connectors/contract.ts';
import { createPublishingWorker, workerOptionsFromEnv } from '../src/modules/publishing/index.ts';
import { createCrisis } from '../src/modules/crisis/index.ts';
import { fakeSender } from '../test/fakes/broadcast.ts';

const SECONDS = Number(process.env.BENCH_BROADCAST_SECONDS ?? 20);
const SYSTEM = { id: null, label: 'bench' };
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bench-crisis-'));
const config = loadConfig({ REDAZIONE_DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
const database = await memoryDatabase();
const services = createServices(config, database);
const { db, organisation, channels } = services;

const ente = await organisation.createEnte(SYSTEM, { slug: 'bench', name: 'Comune di Bench', type: 'comune' });
const person = async (role: string) => (await organisation.addPerson(SYSTEM, ente.id, { email: `${role}@bench.test`, name: role, roles: [role], password: 'Password-di-prova-1' })).user.id;
const red = { userId: await person('redattore'), roles: ['redattore'], audit: SYSTEM };
const appr = { userId: await person('approvatore'), roles: ['approvatore'], audit: SYSTEM };

// 1. Eight channels on eight platforms, one recording connector for all.
const platforms = ['facebook_page', 'x', 'bluesky', 'mastodon', 'telegram', 'linkedin', 'instagram', 'activitypub'] as const;
const calls = new Map<string, number>();
const recorder: Connector = {
  platform: 'mastodon',
  capabilities: { media: false, altText: false, delete: false, lookup: true, refresh: false },
  rateLimits: { perChannel: { requests: 1000, perMs: 1000 } },
  identity: async () => ({ id: '1', handle: 'h', name: 'n', url: null }),
  async publish(ctx) {
    calls.set(ctx.channel.id, performance.now());
    return { platformId: ctx.channel.id, url: null, publishedAt: new Date() };
  },
  lookup: async () => null,
  delete: async () => {},
};
const ids: string[] = [];
for (const p of platforms) {
  const c = await channels.create(SYSTEM, ente.id, { platform: p, handle: `bench_${p}`, name: `Canale ${p}`, url: `https://example.org/${p}`, purpose: 'Allerte', audience: 'Cittadini' } as never);
  await channels.setCredentials(SYSTEM, ente.id, c.id, JSON.stringify({ accessToken: 't', account: { chatId: '@c' } }));
  ids.push(c.id);
}
const options = workerOptionsFromEnv(process.env);
const worker = createPublishingWorker({ db, channels, connectors: Object.fromEntries(platforms.map((p) => [p, recorder])), http: createConnectorHttp(), options });
worker.start();
const alerts = services.crisis.alerts;
const latencies: number[] = [];
for (let round = 0; round < 5; round++) {
  calls.clear();
  const a = await alerts.create(red, ente.id, {
    code: 'arancione',
    risks: ['temporali'],
    zones: [{ name: 'Territorio comunale' }],
    validFrom: new Date().toISOString(),
    validTo: new Date(Date.now() + 6 * 3_600_000).toISOString(),
    source: 'Centro Funzionale Regionale',
    behaviour: ['Evita sottopassi'],
    infoUrl: 'https://www.comune.example.it/allerta',
    channelIds: ids,
  });
  const t0 = performance.now();
  await alerts.approve(appr, ente.id, a.id);
  const deadline = Date.now() + 10_000;
  while (calls.size < ids.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  latencies.push(Math.max(...[...calls.values()].map((t) => t - t0)));
}
await worker.stop();

// 2. Broadcast throughput at the documented rates.
const throughput: Record<string, unknown> = {};
for (const [platform, rate] of [
  ['telegram', 30],
  ['whatsapp', 80],
] as const) {
  const c = await channels.create(SYSTEM, ente.id, { platform, handle: `bench_b_${platform}`, name: `Broadcast ${platform}`, url: `https://example.org/b/${platform}`, purpose: 'Allerte', audience: 'Cittadini' } as never);
  await channels.setCredentials(SYSTEM, ente.id, c.id, JSON.stringify({ accessToken: 't', account: { phoneNumberId: '1', templateName: 'allerta' } }));
  const n = rate * SECONDS;
  const subs = Array.from({ length: n }, (_, i) => ({ channel: platform, address: platform === 'whatsapp' ? `+39345${String(i).padStart(7, '0')}` : String(100000 + i), source: 'bench' }));
  await alerts.addSubscribers(red, ente.id, subs);
  const fake = fakeSender({ platform, rate, latencyMs: 20 });
  const crisis = createCrisis({ db, publisher: null, drafter: null, readCredentials: (e, id) => channels.readCredentials(e, id), http: createConnectorHttp(), senders: { [platform]: fake.sender } });
  const a = await crisis.alerts.create(red, ente.id, {
    code: 'rossa',
    risks: ['idraulico'],
    zones: [],
    validFrom: new Date().toISOString(),
    validTo: new Date(Date.now() + 3_600_000).toISOString(),
    source: 'Centro Funzionale Regionale',
    channelIds: [c.id],
    broadcast: true,
  });
  await crisis.alerts.approve(appr, ente.id, a.id);
  const w = crisis.worker(undefined, { pollMs: 50, concurrency: 16 });
  w.broadcast.start();
  const deadline = Date.now() + (SECONDS * 3 + 30) * 1000;
  while (fake.total() < n && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  await w.stop();
  const elapsed = (fake.times.at(-1)! - fake.times[0]!) / 1000;
  const measured = (fake.times.length - 1) / elapsed;
  throughput[platform] = {
    limitPerSecond: rate,
    messages: fake.total(),
    distinct: fake.received.size,
    duplicates: fake.duplicates(),
    rejectedByRateLimit: fake.rejected(),
    seconds: Number(elapsed.toFixed(2)),
    perSecond: Number(measured.toFixed(2)),
    ofLimit: `${((measured / rate) * 100).toFixed(1)} %`,
    withinFivePercent: Math.abs(measured / rate - 1) <= 0.05 && fake.rejected() === 0,
  };
}

const sorted = [...latencies].sort((x, y) => x - y);
console.log(
  JSON.stringify(
    {
      alertToPublishCallOn8ChannelsMs: { rounds: latencies.map((l) => Math.round(l)), median: Math.round(sorted[2]!), max: Math.round(sorted.at(-1)!), target: '< 2000', pollMs: options.pollMs, met: sorted.at(-1)! < 2000 },
      broadcast: throughput,
    },
    null,
    2,
  ),
);
await database.close();
fs.rmSync(dataDir, { recursive: true, force: true });
