/**
 * Community inbox benchmark on PostgreSQL (a throwaway cluster unless DATABASE_URL is set):
 *   1. ingestion: signed Meta webhooks (BENCH_PER_HOOK comments each) through the whole HTTP stack
 *      (verified, queued), then drained by the worker (parsed, deduplicated, stored, moderated with a
 *      recorded, audited decision): items per second end to end;
 *   2. the denominator: plain single-row INSERTs of the same columns on the same pool, same
 *      concurrency, same run;
 *   3. one million items generated with INSERT … SELECT generate_series: p95 of the inbox list
 *      query and of Italian full-text search.
 *   npx tsx bench/inbox.ts     (BENCH_ITEMS, BENCH_PER_HOOK, BENCH_ROWS, BENCH_CONCURRENCY)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { sql } from 'drizzle-orm';
import { createRedazione } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { fromPool } from '../src/platform/db/index.ts';
import { metaSignature } from '../src/modules/inbox/index.ts';
import { pgBinDir, startCluster } from '../test/support/pg-cluster.ts';

const ITEMS = Number(process.env.BENCH_ITEMS ?? 10_000);
const PER_HOOK = Number(process.env.BENCH_PER_HOOK ?? 10);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECRET = 'bench-secret';
const SYSTEM = { id: null, label: 'bench' };

const q95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const rowsOf = <T>(r: unknown) => (r as { rows: T[] }).rows;

async function parallel(n: number, total: number, fn: (i: number) => Promise<void>) {
  let next = 0;
  await Promise.all(Array.from({ length: n }, async () => {
    while (next < total) await fn(next++);
  }));
}

async function main() {
  let url = process.env.DATABASE_URL ?? null;
  let stop: (() => void) | undefined;
  if (!url) {
    const bin = pgBinDir();
    if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql) and no DATABASE_URL');
    ({ url, stop } = await startCluster(bin));
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bench-inbox-'));
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const database = fromPool(pool);
  const app = await createRedazione(loadConfig({ REDAZIONE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: url, REDAZIONE_INBOX_WORKER: '0' }), { database });
  try {
    const { organisation, channels, inbox, moderation } = app.services;
    const ente = await organisation.createEnte(SYSTEM, { slug: `bench-${Date.now()}`, name: 'Comune di Prova', type: 'comune' });
    const ch = await channels.create(SYSTEM, ente.id, { platform: 'facebook_page', handle: `pagina-${Date.now()}`, name: 'Pagina', url: 'https://facebook.com/x', purpose: 'Informazioni', audience: 'Tutti' });
    await channels.setCredentials(SYSTEM, ente.id, ch.id, JSON.stringify({ accessToken: 't', account: { pageId: 'p', appSecret: SECRET } }));
    await moderation.rulebookFor(SYSTEM, ente.id); // creates the policy draft outside the measurement
    console.log(`inbox benchmark on PostgreSQL: ${ITEMS} items in webhooks of ${PER_HOOK}, concurrency ${CONCURRENCY}; ${ROWS.toLocaleString('en-US')} rows for queries`);

    // 1. Ingestion, end to end.
    const texts = ['Quando apre l’ufficio anagrafe?', 'Grazie per l’informazione, molto utile', 'Come si paga la TARI online?', 'La strada di via Roma è ancora chiusa?', 'Complimenti per la festa di ieri'];
    const hooks = Math.ceil(ITEMS / PER_HOOK);
    const bodies = Array.from({ length: hooks }, (_, h) =>
      JSON.stringify({
        object: 'page',
        entry: [{ id: 'p', time: 1, changes: Array.from({ length: PER_HOOK }, (_, k) => ({ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: `c${h}_${k}`, post_id: `p_${h % 50}`, from: { id: `u${(h * PER_HOOK + k) % 997}`, name: 'Cittadino' }, message: texts[(h + k) % texts.length], created_time: Math.floor(Date.now() / 1000) } })) }],
      }),
    );
    const t0 = performance.now();
    let draining = true;
    const drainer = (async () => {
      while (draining) {
        const r = await inbox.ingest.processBatch(500);
        if (r.events === 0) await new Promise((res) => setTimeout(res, 5));
      }
    })();
    await parallel(CONCURRENCY, hooks, async (i) => {
      const res = await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/facebook_page/${ch.id}`, payload: bodies[i], headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(bodies[i]!, SECRET) } });
      if (res.statusCode !== 200) throw new Error(`webhook ${res.statusCode} ${res.body}`);
    });
    const accepted = performance.now();
    // Re-deliveries of the first 10% change nothing.
    await parallel(CONCURRENCY, Math.ceil(hooks / 10), async (i) => {
      await app.server.inject({ method: 'POST', url: `/api/v1/webhooks/facebook_page/${ch.id}`, payload: bodies[i], headers: { 'content-type': 'application/json', 'x-hub-signature-256': metaSignature(bodies[i]!, SECRET) } });
    });
    for (;;) {
      const [r] = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from inbox_items where ente_id = ${ente.id} and moderated_at is not null`));
      const [p] = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from inbox_events where status = 'pending'`));
      if (r!.n >= ITEMS && p!.n === 0) break;
      await new Promise((res) => setTimeout(res, 20));
    }
    const done = performance.now();
    draining = false;
    await drainer;
    const [stored] = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from inbox_items where ente_id = ${ente.id}`));
    const ingestRate = ITEMS / ((done - t0) / 1000);
    console.log(`accepted (HTTP 200): ${Math.round((hooks / (accepted - t0)) * 1000)} webhooks/s = ${Math.round((ITEMS / (accepted - t0)) * 1000)} items/s`);
    console.log(`end to end (verified, deduplicated, stored, moderated): ${Math.round(ingestRate)} items/s; stored ${stored!.n} for ${ITEMS} sent (+10% re-sent)`);

    // 2. Plain INSERT, same pool, same concurrency.
    await pool.query('CREATE TEMP TABLE IF NOT EXISTS x (a int)'); // warm
    await pool.query('CREATE TABLE IF NOT EXISTS bench_plain (ente_id uuid, id uuid default gen_random_uuid(), channel_id uuid, platform_id text, author text, text text, received_at timestamptz)');
    const tp = performance.now();
    await parallel(CONCURRENCY, ITEMS, async (i) => {
      await pool.query('INSERT INTO bench_plain (ente_id, channel_id, platform_id, author, text, received_at) VALUES ($1, $2, $3, $4, $5, now())', [ente.id, ch.id, `c${i}`, 'Cittadino', texts[i % texts.length]]);
    });
    const plainRate = ITEMS / ((performance.now() - tp) / 1000);
    await pool.query('DROP TABLE bench_plain');
    console.log(`plain single-row INSERT: ${Math.round(plainRate)} rows/s; ratio ${(ingestRate / plainRate).toFixed(2)} (target ≥ 0.33, ≥ 2,000 items/s)`);

    // 3. One million items.
    const tg = performance.now();
    await app.database.db.execute(sql`
      INSERT INTO inbox_threads (ente_id, id, channel_id, kind, thread_ref, last_at)
      SELECT ${ente.id}::uuid, gen_random_uuid(), ${ch.id}::uuid, 'comment', 'gen_' || g, now() FROM generate_series(1, 1000) g`);
    await app.database.db.execute(sql`
      INSERT INTO inbox_items (ente_id, channel_id, thread_id, platform_id, kind, author_platform_id, author_name, text, received_at, status, is_question, needs_review, moderated_at, decision)
      SELECT ${ente.id}::uuid, ${ch.id}::uuid, t.id, 'gen' || g, 'comment', 'a' || (g % 50000), 'Cittadino ' || (g % 50000),
        (ARRAY['Quando apre l''ufficio anagrafe del municipio', 'Come si paga la tassa sui rifiuti', 'La strada di via Roma è chiusa per lavori', 'Orari della biblioteca comunale nel fine settimana', 'Buche sulla provinciale, quando le sistemate', 'Iscrizione al nido comunale, scadenze', 'Grazie per le informazioni sul mercato', 'Raccolta differenziata del vetro, giorni'])[1 + g % 8] || ' ' || (g % 1000),
        now() - (g || ' seconds')::interval,
        (ARRAY['new','assigned','waiting','answered','closed','hidden'])[1 + g % 6], g % 3 = 0, g % 500 = 0, now(), 'allow'
      FROM generate_series(1, ${ROWS}) g
      JOIN LATERAL (SELECT id FROM inbox_threads WHERE ente_id = ${ente.id} AND thread_ref = 'gen_' || (1 + g % 1000)) t ON true`);
    await pool.query('ANALYZE inbox_items');
    console.log(`generated ${ROWS.toLocaleString('en-US')} rows in ${((performance.now() - tg) / 1000).toFixed(1)} s`);

    const time = async (fn: () => Promise<unknown>, n: number) => {
      const xs: number[] = [];
      for (let i = 0; i < n; i++) {
        const s = performance.now();
        await fn();
        xs.push(performance.now() - s);
      }
      return q95(xs);
    };
    const statuses = ['new', 'assigned', 'waiting', 'answered', 'closed', 'hidden'] as const;
    const list = await time(() => inbox.service.list(ente.id, { limit: 50 }), 100);
    const filtered = await time(() => inbox.service.list(ente.id, { limit: 50, status: statuses[Math.floor(Math.random() * 6)], channelId: ch.id }), 100);
    const words = ['anagrafe', 'rifiuti', 'biblioteca', 'lavori', 'nido scadenze', 'vetro', 'provinciale', 'pagare tassa'];
    const fts = await time(() => inbox.service.list(ente.id, { limit: 50, q: words[Math.floor(Math.random() * words.length)] }), 60);
    console.log(`list p95: ${list.toFixed(1)} ms (target < 30); with status+channel filter p95: ${filtered.toFixed(1)} ms`);
    console.log(`Italian full-text search p95: ${fts.toFixed(1)} ms (target < 100)`);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    stop?.();
  }
}

await main();
