/**
 * Publishing queue benchmark: 10,000 variants due in the same minute across 500 channels of 100
 * Enti, published by 2 `redazione worker` processes to a local fake Mastodon (no rate limit, no
 * delay, Idempotency-Key off so duplicates would show) on PostgreSQL (a throwaway cluster unless
 * DATABASE_URL is set). Reports p50/p99 lateness after the due time, throughput, duplicates and
 * losses; then again with one worker killed (SIGKILL) midway; then pg-boss alone with an empty
 * handler on the same database for the ratio.   npx tsx bench/publishing.ts
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PgBoss } from 'pg-boss';
import { sql } from 'drizzle-orm';
import { createServices } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { fromPool } from '../src/platform/db/index.ts';
import { pgBinDir, startCluster } from '../test/support/pg-cluster.ts';
import { startFakeMastodon } from '../test/fakes/mastodon.ts';

const VARIANTS = Number(process.env.BENCH_VARIANTS ?? 10_000);
const ENTI = 100;
const CHANNELS_PER_ENTE = 5;
const BIN = path.resolve(import.meta.dirname, '..', 'bin', 'redazione.mjs');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
};

async function main() {
  let stopCluster: (() => void) | undefined;
  let admin = process.env.DATABASE_URL;
  if (!admin) {
    const bin = pgBinDir();
    if (!bin) throw new Error('No DATABASE_URL and no PostgreSQL server binaries');
    ({ url: admin, stop: stopCluster } = await startCluster(bin));
  }
  const name = `rdz_bench_${crypto.randomBytes(4).toString('hex')}`;
  const a = new pg.Pool({ connectionString: admin, max: 1 });
  await a.query(`CREATE DATABASE ${name}`);
  await a.end();
  const u = new URL(admin);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bench-'));
  const env = {
    DATABASE_URL: url,
    REDAZIONE_DATA_DIR: dataDir,
    REDAZIONE_SECRET_KEY: crypto.randomBytes(32).toString('hex'),
    LOG_LEVEL: 'warn',
    REDAZIONE_PUBLISH_POLL_MS: '200',
    REDAZIONE_PUBLISH_CONCURRENCY: '32',
    REDAZIONE_PUBLISH_LEASE_MS: '10000',
    REDAZIONE_CONNECTOR_TIMEOUT_MS: '5000',
  };
  const database = fromPool(new pg.Pool({ connectionString: url, max: 8 }));
  await database.migrate();
  const services = createServices(loadConfig(env), database);
  const db = database.db;
  const fake = await startFakeMastodon({ idempotency: false });
  const procs: ChildProcess[] = [];
  const rows = async <T>(q: ReturnType<typeof sql>) => (await db.execute(q)) as unknown as { rows: T[] };

  try {
    // Seed: Enti, one author, 500 connected channels.
    const t0 = performance.now();
    const userId = crypto.randomUUID();
    await db.execute(sql`insert into users (id, email, name) values (${userId}, 'bench@bench.test', 'Bench')`);
    const channels: { enteId: string; id: string }[] = [];
    for (let e = 0; e < ENTI; e++) {
      const enteId = crypto.randomUUID();
      await db.execute(sql`insert into enti (id, slug, name, type) values (${enteId}, ${`bench-${e}`}, ${`Comune ${e}`}, 'comune')`);
      await db.execute(sql`insert into memberships (ente_id, user_id, roles) values (${enteId}, ${userId}, '{redattore}')`);
      for (let c = 0; c < CHANNELS_PER_ENTE; c++) {
        const id = crypto.randomUUID();
        const token = `tok-${e}-${c}`;
        const acct = fake.addAccount(token, `e${e}c${c}`);
        await db.execute(
          sql`insert into channels (ente_id, id, platform, handle, name, url, purpose, audience) values (${enteId}, ${id}, 'mastodon', ${`e${e}c${c}`}, ${`Canale ${e}/${c}`}, ${`${fake.url}/@e${e}c${c}`}, 'bench', 'bench')`,
        );
        await services.channels.setCredentials({ id: null, label: 'bench' }, enteId, id, JSON.stringify({ accessToken: token, account: { instance: fake.url, id: acct } }));
        channels.push({ enteId, id });
      }
    }
    console.log(`seeded ${ENTI} Enti, ${channels.length} channels in ${Math.round(performance.now() - t0)} ms`);

    /** Inserts `n` programmed posts/variants/publications due at `due`; returns their texts. */
    async function seedVariants(tag: string, due: Date) {
      const texts: string[] = [];
      for (let start = 0; start < VARIANTS; start += 1000) {
        const batch = Array.from({ length: Math.min(1000, VARIANTS - start) }, (_, k) => {
          const i = start + k;
          const ch = channels[i % channels.length]!;
          return { ...ch, postId: crypto.randomUUID(), text: `Bench ${tag} avviso numero ${i}` };
        });
        texts.push(...batch.map((b) => b.text));
        await db.transaction(async (tx) => {
          await tx.execute(sql`insert into posts (ente_id, id, status, title, body, author_id, last_editor_id)
            select * from unnest(${sql.raw(`array[${batch.map((b) => `'${b.enteId}'`).join(',')}]::uuid[]`)}, ${sql.raw(`array[${batch.map((b) => `'${b.postId}'`).join(',')}]::uuid[]`)})
            as t(e, p) cross join lateral (select 'programmato', 'bench', 'bench', ${userId}::uuid, ${userId}::uuid) x`);
          for (const b of batch) {
            await tx.execute(
              sql`insert into post_variants (ente_id, post_id, channel_id, text, status, content_hash, edited_by, scheduled_at) values (${b.enteId}, ${b.postId}, ${b.id}, ${b.text}, 'programmato', 'h', ${userId}, ${due})`,
            );
          }
          await tx.execute(sql`insert into publications (ente_id, post_id, channel_id, due_at, next_attempt_at, content_hash)
            select v.ente_id, v.post_id, v.channel_id, v.scheduled_at, v.scheduled_at, v.content_hash from post_variants v
            where v.post_id = any(${sql.raw(`array[${batch.map((b) => `'${b.postId}'`).join(',')}]::uuid[]`)})`);
        });
      }
      return texts;
    }

    function worker() {
      const p = spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
      procs.push(p);
      return p;
    }

    async function run(tag: string, killMidway: boolean) {
      const seedStart = Date.now();
      const due = new Date(seedStart + 60_000); // re-aimed below, once seeded
      const texts = await seedVariants(tag, due);
      const T = new Date(Date.now() + 5_000);
      await db.execute(sql`update publications set due_at = ${T}, next_attempt_at = ${T} where state = 'programmato'`);
      const before = fake.statuses.length;
      const ws = [worker(), worker()];
      let killed = false;
      const deadline = Date.now() + 10 * 60_000;
      for (;;) {
        const published = (await rows<{ n: number }>(sql`select count(*)::int as n from publications where state = 'pubblicato'`)).rows[0]!.n;
        const target = (tag === 'A' ? 0 : VARIANTS) + VARIANTS;
        if (killMidway && !killed && fake.statuses.length - before >= VARIANTS / 2) {
          ws[0]!.kill('SIGKILL');
          killed = true;
          console.log(`  killed worker ${ws[0]!.pid} with SIGKILL at ${fake.statuses.length - before} published`);
        }
        if (published >= target) break;
        if (Date.now() > deadline) break;
        await sleep(100);
      }
      for (const w of ws) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
      await Promise.all(ws.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : null)));
      const mine = fake.statuses.slice(before);
      const byText = new Map<string, number[]>();
      for (const s of mine) byText.set(s.text, [...(byText.get(s.text) ?? []), s.createdAt.getTime()]);
      const lateness = texts.flatMap((t) => (byText.get(t)?.length ? [Math.min(...byText.get(t)!) - T.getTime()] : []));
      const duplicates = [...byText.values()].reduce((n, v) => n + v.length - 1, 0);
      const losses = texts.filter((t) => !byText.has(t)).length;
      const last = Math.max(...mine.map((s) => s.createdAt.getTime()));
      const seconds = (last - T.getTime()) / 1000;
      const r = {
        run: killMidway ? '2 workers, one killed midway' : '2 workers',
        variants: texts.length,
        p50LatenessMs: pct(lateness, 50),
        p99LatenessMs: pct(lateness, 99),
        maxLatenessMs: Math.max(...lateness),
        throughputPerS: Math.round(texts.length / seconds),
        duplicates,
        losses,
      };
      console.log(r);
      return r;
    }

    const r1 = await run('A', false);
    const r2 = await run('B', true);

    // pg-boss alone, empty handler, same database, 2 workers in one process.
    const boss = new PgBoss({ connectionString: url, max: 8 });
    boss.on('error', (e) => console.error(e));
    await boss.start();
    await boss.createQueue('bench');
    const T = new Date(Date.now() + 5_000);
    for (let i = 0; i < VARIANTS; i += 1000) await boss.insert('bench', Array.from({ length: Math.min(1000, VARIANTS - i) }, (_, k) => ({ data: { i: i + k }, startAfter: T })));
    const seen: number[] = [];
    const handler = async (jobs: { data: unknown }[]) => {
      const now = Date.now();
      for (const _ of jobs) seen.push(now - T.getTime());
    };
    await boss.work('bench', { batchSize: 50, pollingIntervalSeconds: 0.5 }, handler);
    await boss.work('bench', { batchSize: 50, pollingIntervalSeconds: 0.5 }, handler);
    const end = Date.now() + 5 * 60_000;
    while (seen.length < VARIANTS && Date.now() < end) await sleep(100);
    const bossSeconds = Math.max(...seen) / 1000;
    const rb = { run: 'pg-boss alone (empty handler)', jobs: seen.length, p50LatenessMs: pct(seen, 50), p99LatenessMs: pct(seen, 99), throughputPerS: Math.round(seen.length / bossSeconds) };
    console.log(rb);
    await boss.stop({ graceful: false });
    console.log(`\nratio of throughput, Redazione queue / pg-boss alone: ${(r1.throughputPerS / rb.throughputPerS).toFixed(2)} (with a kill: ${(r2.throughputPerS / rb.throughputPerS).toFixed(2)})`);
  } finally {
    for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await fake.close();
    await database.close();
    const d = new pg.Pool({ connectionString: admin, max: 1 });
    await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => {});
    await d.end();
    fs.rmSync(dataDir, { recursive: true, force: true });
    stopCluster?.();
  }
}

await main();
