/**
 * Publishing queue benchmark: 10,000 variants across 500 channels of 100 Enti, published by 2
 * `redazione worker` processes to a local fake Mastodon (no rate limit, no delay, Idempotency-Key
 * off so duplicates would show) on PostgreSQL (a throwaway cluster unless DATABASE_URL is set).
 *
 *   1. burst: every variant due at the same instant: the drain throughput (and lateness = backlog);
 *   2. minute: due times spread evenly over one minute (the issue's "due in the same minute"):
 *      p50/p99 lateness after each variant's own due time;
 *   3. minute again, with one worker killed (SIGKILL) midway;
 *   4. pg-boss alone, empty handler, same database, burst: the throughput ratio;
 *   5. statements per publication: one in-process worker on a pool that counts every statement.
 *
 * Duplicates and losses are counted on the fake (what actually went out).
 *   npx tsx bench/publishing.ts      (parameters: BENCH_* variables below, printed at start)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
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
const ENTI = Number(process.env.BENCH_ENTI ?? 100);
const CHANNELS_PER_ENTE = Number(process.env.BENCH_CHANNELS_PER_ENTE ?? 5);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const SPREAD_MS = Number(process.env.BENCH_SPREAD_MS ?? 60_000);
const RUNS = (process.env.BENCH_RUNS ?? 'burst,minute,minute-kill,pgboss,statements').split(',');
const WORKER_ENV = {
  REDAZIONE_PUBLISH_POLL_MS: process.env.BENCH_POLL_MS ?? '500',
  REDAZIONE_PUBLISH_CONCURRENCY: process.env.BENCH_CONCURRENCY ?? '50',
  REDAZIONE_PUBLISH_BATCH: process.env.BENCH_BATCH ?? '50',
  REDAZIONE_PUBLISH_LEASE_MS: process.env.BENCH_LEASE_MS ?? '10000',
  REDAZIONE_CONNECTOR_TIMEOUT_MS: '5000',
};
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
    ...WORKER_ENV,
  };
  console.log('parameters', { variants: VARIANTS, enti: ENTI, channels: ENTI * CHANNELS_PER_ENTE, workerProcesses: WORKERS, spreadMs: SPREAD_MS, cpus: os.cpus().length, loadavg: os.loadavg().map((x) => x.toFixed(1)).join(' '), ...WORKER_ENV });
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

    /** Inserts `n` programmed posts/variants/publications (aimed later by `aim`); returns their texts. */
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

    /** A `redazione worker` process, resolved once it says it started (so start-up is not counted as lateness). */
    function worker() {
      const p = spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] });
      procs.push(p);
      const ready = new Promise<void>((resolve, reject) => {
        let out = '';
        p.stdout!.on('data', (d: Buffer) => {
          out += d.toString();
          if (/started/.test(out)) resolve();
        });
        p.once('exit', (code) => reject(new Error(`worker exited early (${code}): ${out}`)));
      });
      return { p, ready };
    }

    let expectedPublished = 0;
    async function run(tag: string, spreadMs: number, killMidway: boolean) {
      const texts = await seedVariants(tag, new Date(Date.now() + 3_600_000));
      const started = Array.from({ length: WORKERS }, () => worker());
      await Promise.all(started.map((w) => w.ready));
      const ws = started.map((w) => w.p);
      // Variant i is due at T + i·spread/n (burst: all at T), in random channel order.
      const T = new Date(Date.now() + 2_000);
      await db.execute(sql`update publications set due_at = ${T}::timestamptz + (${spreadMs}::float8 / ${VARIANTS} * (row_number - 1)) * interval '1 millisecond',
        next_attempt_at = ${T}::timestamptz + (${spreadMs}::float8 / ${VARIANTS} * (row_number - 1)) * interval '1 millisecond'
        from (select ente_id e, id i, row_number() over (order by random()) as row_number from publications where state = 'programmato') x
        where ente_id = x.e and id = x.i`);
      const dueOf = new Map(
        (await rows<{ text: string; due: Date | string }>(sql`select v.text, p.due_at as due from publications p join post_variants v on v.ente_id = p.ente_id and v.post_id = p.post_id and v.channel_id = p.channel_id where p.state = 'programmato'`)).rows.map((r) => [r.text, new Date(r.due).getTime()]),
      );
      expectedPublished += texts.length;
      const before = fake.statuses.length;
      let killed = false;
      let killedAt = 0;
      const deadline = Date.now() + spreadMs + 10 * 60_000;
      for (;;) {
        const published = (await rows<{ n: number }>(sql`select count(*)::int as n from publications where state = 'pubblicato'`)).rows[0]!.n;
        if (killMidway && !killed && fake.statuses.length - before >= VARIANTS / 2) {
          ws[0]!.kill('SIGKILL');
          killed = true;
          killedAt = Date.now();
          console.log(`  killed worker ${ws[0]!.pid} with SIGKILL at ${fake.statuses.length - before} published`);
        }
        if (published >= expectedPublished) break;
        if (Date.now() > deadline) break;
        await sleep(100);
      }
      for (const w of ws) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
      await Promise.all(ws.map((w) => (w.exitCode === null && w.signalCode === null ? new Promise((r) => w.once('exit', r)) : Promise.resolve())));
      const mine = fake.statuses.slice(before);
      const byText = new Map<string, number[]>();
      for (const s of mine) byText.set(s.text, [...(byText.get(s.text) ?? []), s.createdAt.getTime()]);
      const lateness = texts.flatMap((t) => (byText.get(t)?.length ? [Math.min(...byText.get(t)!) - dueOf.get(t)!] : []));
      const duplicates = [...byText.values()].reduce((n, v) => n + v.length - 1, 0);
      const losses = texts.filter((t) => !byText.has(t)).length;
      const first = Math.min(...mine.map((s) => s.createdAt.getTime()));
      const last = Math.max(...mine.map((s) => s.createdAt.getTime()));
      const r = {
        loadavg: os.loadavg().map((x) => x.toFixed(1)).join(' '),
        run: `${tag}: ${WORKERS} workers, due ${spreadMs ? `spread over ${spreadMs / 1000} s` : 'all at the same instant'}${killMidway ? ', one killed midway' : ''}`,
        variants: texts.length,
        p50LatenessMs: pct(lateness, 50),
        p99LatenessMs: pct(lateness, 99),
        maxLatenessMs: Math.max(...lateness),
        over2s: lateness.filter((l) => l > 2_000).length,
        // Rows later than 2 s: their due times, in seconds from the kill (when there was one).
        over2sDueFromKillS: killedAt
          ? (() => {
              const d = texts.filter((t) => (byText.get(t)?.length ? Math.min(...byText.get(t)!) - dueOf.get(t)! : 0) > 2_000).map((t) => (dueOf.get(t)! - killedAt) / 1000);
              return d.length ? `${Math.min(...d).toFixed(1)} … ${Math.max(...d).toFixed(1)}` : '-';
            })()
          : undefined,
        earlyMs: Math.min(0, Math.min(...lateness)), // negative would mean published before its time
        // From the first to the last publication (in the spread runs this is capped by the arrival rate).
        throughputPerS: Math.round(texts.length / Math.max(0.001, (last - first) / 1000)),
        duplicates,
        losses,
      };
      console.log(r);
      return r;
    }

    const results: Record<string, Awaited<ReturnType<typeof run>>> = {};
    if (RUNS.includes('burst')) results.burst = await run('burst', 0, false);
    if (RUNS.includes('minute')) results.minute = await run('minute', SPREAD_MS, false);
    if (RUNS.includes('minute-kill')) results.minuteKill = await run('minute-kill', SPREAD_MS, true);

    // pg-boss alone, empty handler, same database, burst; as a dispatcher it could not beat this.
    const bossRuns: Record<string, { throughputPerS: number }> = {};
    if (RUNS.includes('pgboss')) {
      const boss = new PgBoss({ connectionString: url, max: 8 });
      boss.on('error', (e) => console.error(e));
      await boss.start();
      const configs = {
        'batch 50, poll 0.5 s, 2 workers': { batchSize: 50, pollingIntervalSeconds: 0.5 },
        'batch 50 x localConcurrency 4, burstWhenBatchFull, poll 0.5 s, 2 workers': { batchSize: 50, pollingIntervalSeconds: 0.5, localConcurrency: 4, burstWhenBatchFull: true },
      };
      for (const [label, cfg] of Object.entries(configs)) {
        const queue = `bench_${Object.keys(bossRuns).length}`;
        await boss.createQueue(queue);
        const T = new Date(Date.now() + 5_000);
        for (let i = 0; i < VARIANTS; i += 1000) await boss.insert(queue, Array.from({ length: Math.min(1000, VARIANTS - i) }, (_, k) => ({ data: { i: i + k }, startAfter: T })));
        const seen: number[] = [];
        const handler = async (jobs: { data: unknown }[]) => {
          const now = Date.now();
          for (const _ of jobs) seen.push(now - T.getTime());
        };
        await boss.work(queue, cfg, handler);
        await boss.work(queue, cfg, handler);
        const end = Date.now() + 5 * 60_000;
        while (seen.length < VARIANTS && Date.now() < end) await sleep(50);
        await boss.offWork(queue);
        const first = Math.min(...seen);
        const bossSeconds = (Math.max(...seen) - first) / 1000;
        const rb = { loadavg: os.loadavg().map((x) => x.toFixed(1)).join(' '), run: `pg-boss alone (empty handler), burst: ${label}`, jobs: seen.length, p50LatenessMs: pct(seen, 50), p99LatenessMs: pct(seen, 99), throughputPerS: Math.round(seen.length / Math.max(0.001, bossSeconds)) };
        console.log(rb);
        bossRuns[label] = rb;
      }
      await boss.stop({ graceful: false });
    }

    // Statements per publication: one in-process worker whose pool counts every statement it sends.
    if (RUNS.includes('statements')) {
      let statements = 0;
      const kinds = new Map<string, number>();
      class CountingClient extends pg.Client {
        override query(...args: unknown[]): never {
          statements++;
          const q = args[0] as string | { text?: string };
          const k = (typeof q === 'string' ? q : (q?.text ?? '?')).replace(/\s+/g, ' ').trim().slice(0, 60);
          kinds.set(k, (kinds.get(k) ?? 0) + 1);
          return (super.query as (...a: unknown[]) => never)(...args);
        }
      }
      const N = Math.min(2_000, VARIANTS);
      Object.assign(process.env, WORKER_ENV); // the in-process worker reads its settings from the environment, as the workers do
      const counted = fromPool(new pg.Pool({ connectionString: url, max: 4, Client: CountingClient }));
      const cs = createServices(loadConfig(env), counted);
      const texts = (await seedVariants('statements', new Date(Date.now() - 1_000))).slice(0, N);
      await db.execute(sql`update publications set state = 'annullato' where state = 'programmato' and post_id not in (select post_id from post_variants where text = any(${sql.raw(`array[${texts.map((t) => `'${t}'`).join(',')}]`)}))`);
      const before = fake.statuses.length;
      const w = cs.newPublishingWorker();
      statements = 0;
      kinds.clear();
      // BENCH_CPU_PROFILE=file.cpuprofile: a CPU profile of this drain (worker, fake platform and driver in one process).
      const profile = process.env.BENCH_CPU_PROFILE ? new inspector.Session() : null;
      if (profile) {
        profile.connect();
        await profile.post('Profiler.enable');
        await profile.post('Profiler.start');
      }
      await w.drain();
      if (profile) {
        const { profile: cpu } = await profile.post('Profiler.stop');
        fs.writeFileSync(process.env.BENCH_CPU_PROFILE!, JSON.stringify(cpu));
        profile.disconnect();
      }
      const n = fake.statuses.length - before;
      const perPub = statements / Math.max(1, n);
      console.log({ run: 'statements per publication (in-process worker, drain)', publications: n, statements, perPublication: Number(perPub.toFixed(2)) });
      // The most frequent statements (first 60 characters): where the rest of the cost is.
      console.log([...kinds.entries()].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([k, v]) => `${String(v).padStart(6)}  ${k}`).join('\n'));
      await w.stop();
      await counted.close();
    }

    console.log('\n=== summary ===');
    console.table(Object.fromEntries(Object.entries(results).map(([k, r]) => [k, { p50LatenessMs: r.p50LatenessMs, p99LatenessMs: r.p99LatenessMs, maxLatenessMs: r.maxLatenessMs, throughputPerS: r.throughputPerS, duplicates: r.duplicates, losses: r.losses }])));
    for (const [label, rb] of Object.entries(bossRuns)) {
      if (results.burst) console.log(`throughput ratio, Redazione burst / pg-boss alone (${label}): ${(results.burst.throughputPerS / rb.throughputPerS).toFixed(2)}`);
    }
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
