/**
 * Benchmark of the editorial calendar: one Ente among a few has a month of 2,000 posts with
 * variants across 10 channels; `GET /calendar?view=month` is timed through the whole HTTP layer
 * (inject: routing, auth, tenant gate, SQL, gap detection, zod serialisation). Target: p95 under
 * 100 ms on PostgreSQL.
 * Run with: npx tsx bench/editorial-calendar.ts [runs]   (DATABASE_URL for PostgreSQL, else PGlite)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { PGlite } from '@electric-sql/pglite';
import { createRedazione } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { fromPglite, openDatabase, schema } from '../src/platform/db/index.ts';
import { posts, postVariants } from '../src/modules/editorial/editorial.tables.ts';
import { contentHash } from '../src/modules/editorial/workflow.fns.ts';

const RUNS = Number(process.argv[2] ?? 60);
const POSTS = 2000;
const PLATFORMS = ['facebook_page', 'instagram', 'x', 'telegram', 'linkedin', 'bluesky', 'mastodon', 'youtube', 'whatsapp', 'website'] as const;
const STATUSES = ['programmato', 'programmato', 'approvato', 'in_approvazione', 'in_lavorazione', 'pubblicato'] as const;
const PASSWORD = 'Benchmark-Calendario-1';
const seeder = { id: null, label: 'bench' };

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bench-cal-'));
const url = process.env.DATABASE_URL || null;
const database = url
  ? await openDatabase({ databaseUrl: url, dataDir: dir, command: 'bench' })
  : fromPglite(await PGlite.create());
const app = await createRedazione(loadConfig({ REDAZIONE_DATA_DIR: dir, LOG_LEVEL: 'silent', ...(url ? { DATABASE_URL: url } : {}) }), { database });
const { db } = app.services;
const tag = Date.now().toString(36);

async function seedEnte(slug: string, count: number) {
  const ente = await app.services.organisation.createEnte(seeder, { slug, name: `Comune ${slug}`, type: 'comune' });
  const person = await app.services.organisation.addPerson(seeder, ente.id, { email: `osservatore@${slug}.bench`, name: 'Osservatore', roles: ['osservatore', 'redattore'], password: PASSWORD });
  const channels = await db
    .insert(schema.channels)
    .values(PLATFORMS.map((platform, i) => ({ enteId: ente.id, platform, handle: `${slug}-${i}`, name: `Canale ${i}`, url: `https://example.org/${i}`, purpose: 'Bench', audience: 'Tutti' })))
    .returning();
  const month = Date.UTC(2026, 10, 1);
  for (let start = 0; start < count; start += 250) {
    const rows = Array.from({ length: Math.min(250, count - start) }, (_, k) => {
      const i = start + k;
      return {
        enteId: ente.id,
        status: STATUSES[i % STATUSES.length]!,
        title: `Post ${i}: avviso alla cittadinanza`,
        body: `Testo del post numero ${i} con qualche informazione per i cittadini.`,
        desiredAt: new Date(month + ((i * 1_296_000_000) / count) * 1),
        authorId: person.user.id,
        lastEditorId: person.user.id,
      };
    });
    const inserted = await db.insert(posts).values(rows).returning({ id: posts.id, status: posts.status });
    const variants = inserted.flatMap((p, k) => {
      const i = start + k;
      const n = 1 + (i % 3); // 1 to 3 channels per post: ~4,000 variants
      return Array.from({ length: n }, (_, j) => {
        const channel = channels[(i + j * 3) % channels.length]!;
        const text = `Avviso ${i} per ${channel.platform}: lavori in corso in via Roma dalle 8 alle 18. https://www.comune.esempio.it/avvisi/${i}`;
        return {
          enteId: ente.id,
          postId: p.id,
          channelId: channel.id,
          text,
          scheduledAt: new Date(month + Math.floor((i / count) * 29 * 86_400_000) + j * 3_600_000),
          status: p.status === 'programmato' ? 'programmato' : 'bozza',
          contentHash: contentHash({ text, link: null, mediaIds: [], parCondicio: { impersonal: false, indispensable: false, reason: null } }),
          editedBy: person.user.id,
        };
      });
    });
    await db.insert(postVariants).values(variants);
  }
  return ente;
}

const t0 = performance.now();
const target = await seedEnte(`bench-${tag}`, POSTS);
for (let i = 0; i < 3; i++) await seedEnte(`altro-${tag}-${i}`, 500);
if (database.kind === 'postgres') await database.pool!.query('ANALYZE');
const seeded = performance.now() - t0;

const login = await app.server.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email: `osservatore@${target.slug}.bench`, password: PASSWORD } });
const cookie = `redazione_sid=${login.cookies.find((c) => c.name === 'redazione_sid')!.value}`;
const url2 = `/api/v1/enti/${target.slug}/calendar?view=month&date=2026-11-15`;

let entries = 0;
let gaps = 0;
for (let i = 0; i < 5; i++) {
  const r = await app.server.inject({ method: 'GET', url: url2, headers: { cookie } });
  if (r.statusCode !== 200) throw new Error(`calendar ${r.statusCode}: ${r.body.slice(0, 500)}`);
  const body = r.json<{ entries: unknown[]; gaps: unknown[] }>();
  entries = body.entries.length;
  gaps = body.gaps.length;
}
const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  const s = performance.now();
  const r = await app.server.inject({ method: 'GET', url: url2, headers: { cookie } });
  times.push(performance.now() - s);
  if (r.statusCode !== 200) throw new Error(`calendar ${r.statusCode}`);
}
times.sort((a, b) => a - b);
const pct = (p: number) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)]!.toFixed(1);
process.stdout.write(
  `editorial calendar on ${database.kind}: ${POSTS} posts (+1,500 in 3 other Enti) seeded in ${(seeded / 1000).toFixed(1)} s; ` +
    `month view = ${entries} entries, ${gaps} gaps; ${RUNS} runs: p50 ${pct(50)} ms, p95 ${pct(95)} ms, p99 ${pct(99)} ms (target < 100 ms on PostgreSQL)\n`,
);
await app.close();
fs.rmSync(dir, { recursive: true, force: true });
