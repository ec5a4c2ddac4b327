/**
 * Community inbox benchmark on PostgreSQL (a throwaway cluster unless DATABASE_URL is set):
 *   1. ingestion: signed Meta webhooks (BENCH_PER_HOOK comments each) through the whole HTTP stack
 *      (verified, queued), then drained by the worker (parsed, deduplicated, stored, moderated with a
 *      recorded, audited decision): items per second end to end;
 *   2. the denominator: plain single-row INSERTs of the same columns on the same pool, same
 *      concurrency, after each round of ingestion (BENCH_ROUNDS rounds, 3 by default): the ratio
 *      is the best of the ingestion rounds over the best of the plain ones;
 *   3. one million items generated with INSERT … SELECT generate_series: p95 of the inbox list
 *      query and of Italian full-text search.
 *   npx tsx bench/inbox.ts     (BENCH_ITEMS (a round), BENCH_ROUNDS, BENCH_WARMUP: items sent and drained before the clock starts, BENCH_PER_HOOK,
 *                              BENCH_ROWS, BENCH_CONCURRENCY, BENCH_CPU_PROFILE: a .cpuprofile of the first measured ingestion, BENCH_WORKER_PROCESSES: drain with separate `redazione worker`
 *                              processes (one round); REDAZIONE_INBOX_CONCURRENCY: batches at once in one process)
 * Comments are varied Italian questions and remarks, 2% insults: the engine hides those (and
 * sends near-identical repeats by one person to review as flooding, or hides them outside the
 * hours of presence); the hides go to a local stand-in of the Graph API after commit. (Copies of
 * five sentences, as before, are a flood the engine rightly hides, which sent most items to
 * graph.facebook.com.)
 * The machine's load average is printed before and after, and its CPU shares while each round
 * ingested: the figures depend on what else runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
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
/** Items sent and drained before the clock starts, so the figures are not those of a cold JIT and empty caches. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? 1_000);
/**
 * 'http' (default): the deliveries come over HTTP from another process (bench/webhook-sender.mjs),
 * as from Meta's servers; 'inject': Fastify's in-process injection, no sockets, the sender's work
 * in this process.
 */
const SENDER = process.env.BENCH_SENDER === 'inject' ? 'inject' : 'http';
const PER_HOOK = Number(process.env.BENCH_PER_HOOK ?? 10);
const ROWS = Number(process.env.BENCH_ROWS ?? 1_000_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
/** Separate `redazione worker` processes draining the queue instead of in-process drainers (0: in process). */
const WORKER_PROCESSES = Number(process.env.BENCH_WORKER_PROCESSES ?? 0);
/**
 * Rounds of ingestion, each followed by a round of plain INSERTs (3; 1 with worker processes):
 * the ratio compares the best of each, measured in turn on a machine whose speed drifts.
 */
const ROUNDS = WORKER_PROCESSES > 0 ? 1 : Math.max(1, Number(process.env.BENCH_ROUNDS ?? 3));
/** A file to write a V8 CPU profile of this process to, over the first measured ingestion only. */
const CPU_PROFILE = process.env.BENCH_CPU_PROFILE;
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

const pick = <T>(xs: readonly T[], n: number): T => xs[n % xs.length]!;
const OPEN = ['Buongiorno,', 'Salve,', 'Scusate,', 'Gentile Comune,', '', 'Una domanda:', 'Ciao a tutti,'];
const PLACE = ['l’ufficio anagrafe', 'la biblioteca comunale', 'il centro di raccolta', 'la piscina comunale', 'il museo civico', 'lo sportello tributi', 'il nido di via Verdi', 'il cimitero'];
const SERVICE = ['la carta d’identità elettronica', 'il ritiro degli ingombranti', 'la mensa scolastica', 'il trasporto scolastico', 'la TARI', 'il permesso per la ZTL', 'il bonus affitti', 'la raccolta del vetro', 'lo scuolabus'];
const STREET = ['via Roma', 'piazza Garibaldi', 'via Mazzini', 'corso Italia', 'viale Europa', 'via dei Mille', 'largo Dante'];
const WHEN = ['sabato', 'domenica mattina', 'il lunedì pomeriggio', 'a Ferragosto', 'durante le feste', 'la prossima settimana'];
const CLOSE = ['', 'Grazie.', 'Grazie mille!', 'Cordiali saluti.', 'Attendo una risposta.', 'Buona giornata'];
const BODY = [
  (n: number) => `quando apre ${pick(PLACE, n)} ${pick(WHEN, n >> 3)}?`,
  (n: number) => `come si prenota ${pick(SERVICE, n)} per ${pick(STREET, n >> 2)}?`,
  (n: number) => `${pick(PLACE, n)} resta chiuso anche ${pick(WHEN, n >> 2)}?`,
  (n: number) => `grazie per le informazioni su ${pick(SERVICE, n)}, molto utili`,
  (n: number) => `a che ora passa ${pick(SERVICE, n)} in ${pick(STREET, n >> 3)} ${pick(WHEN, n >> 5)}?`,
  (n: number) => `ci sono novità su ${pick(SERVICE, n)}? In ${pick(STREET, n >> 2)} nessuno sa niente`,
  (n: number) => `complimenti per la festa in ${pick(STREET, n)}, speriamo si ripeta ${pick(WHEN, n >> 3)}`,
  (n: number) => `in ${pick(STREET, n)} ci sono buche pericolose da settimane, quando intervenite?`,
];
const INSULTS = ['Siete degli idioti, vergognatevi', 'Sindaco ladro e incapace, buffoni!', 'Che branco di cretini in questo Comune', 'Assessore imbecille, dimettiti'];
/** The n-th comment of the run: deterministic, varied; one in fifty is an insult. */
function comment(n: number): string {
  if (n % 50 === 7) return pick(INSULTS, Math.floor(n / 50));
  const x = Math.imul(n + 1, 2654435761) >>> 0;
  return [pick(OPEN, x), pick(BODY, x >>> 3)(x >>> 6), pick(CLOSE, x >>> 11)].filter(Boolean).join(' ');
}

/**
 * CPU time (ms) of one PostgreSQL server, the postmaster `root` and its children, from /proc
 * (Linux); null elsewhere or when the server runs on another machine.
 */
function postgresCpuMs(root: number | null): number | null {
  if (root === null || !procStat(root)) return null;
  let total = 0;
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const st = procStat(Number(d));
    if (st && (Number(d) === root || st.ppid === root)) total += st.cpuMs;
  }
  return total;
}
/** A process's parent and CPU time (ms) from /proc/<pid>/stat (Linux); null when it cannot be read. */
function procStat(pid: number | undefined): { ppid: number; cpuMs: number } | null {
  try {
    const st = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name: state, ppid, …, utime (14th), stime (15th), in clock ticks of 10 ms.
    const f = st.slice(st.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(f[1]), cpuMs: (Number(f[11]) + Number(f[12])) * 10 };
  } catch {
    return null; // no /proc, or the process ended while being read
  }
}
/** The postmaster of the server behind `pool`: the parent of one of its backends. */
async function postmasterOf(pool: pg.Pool): Promise<number | null> {
  const { rows } = await pool.query<{ pid: number }>('select pg_backend_pid() as pid');
  return procStat(rows[0]!.pid)?.ppid ?? null;
}
/** The machine's CPU time by state since boot, from /proc/stat (Linux; null elsewhere). */
function machineCpu(): number[] | null;
/** The share of each state since `before`, in percent. */
function machineCpu(before: number[] | null): { user: number; system: number; idle: number; steal: number } | null;
function machineCpu(before?: number[] | null) {
  let now: number[];
  try {
    // cpu  user nice system idle iowait irq softirq steal …
    now = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  } catch {
    return null;
  }
  if (before === undefined) return now;
  if (before === null) return null;
  const d = now.map((v, i) => v - (before[i] ?? 0));
  const total = d.reduce((a, b) => a + b, 0) || 1;
  const pct = (v: number) => Math.round((100 * v) / total);
  return { user: pct(d[0]! + d[1]!), system: pct(d[2]! + d[5]! + d[6]!), idle: pct(d[3]! + d[4]!), steal: pct(d[7] ?? 0) };
}
const nodeCpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function main() {
  let url = process.env.DATABASE_URL ?? null;
  let stop: (() => void) | undefined;
  if (!url) {
    const bin = pgBinDir();
    if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql) and no DATABASE_URL');
    ({ url, stop } = await startCluster(bin));
  }
  // A local stand-in for the Graph API, so the engine's hides are carried out without the internet;
  // in its own process, so the platform's work is not counted as Redazione's.
  const graph = spawn(process.execPath, [path.resolve(import.meta.dirname, 'graph-stand-in.mjs')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const graphPort = await new Promise<string>((resolve, reject) => {
    graph.once('exit', (code) => reject(new Error(`the Graph API stand-in exited with ${code}`)));
    graph.stdout!.on('data', (b: Buffer) => {
      const m = /listening (\d+)/.exec(b.toString());
      if (m) resolve(m[1]!);
    });
  });
  graph.removeAllListeners('exit');
  process.env.REDAZIONE_API_BASE_FACEBOOK_PAGE = `http://127.0.0.1:${graphPort}`;
  process.env.REDAZIONE_INBOX_WORKER = '0'; // the drainers below are the only workers
  const load = () => os.loadavg().map((l) => l.toFixed(2)).join(' ');
  console.log(`load average before: ${load()} (${os.cpus().length} cores)`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bench-inbox-'));
  // A benchmark stopped with Ctrl+C or a timeout still removes its throwaway cluster and folder.
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      fs.rmSync(dataDir, { recursive: true, force: true });
      graph.kill('SIGTERM');
      stop?.();
      process.exit(130);
    });
  }
  const pool = new pg.Pool({ connectionString: url, max: 20 });
  const database = fromPool(pool);
  const app = await createRedazione(loadConfig({ REDAZIONE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', DATABASE_URL: url, REDAZIONE_INBOX_WORKER: '0' }), { database });
  try {
    const { organisation, channels, inbox, moderation } = app.services;
    /**
     * An Ente with a Facebook Page. The warm-up and each round have their own, so each round starts
     * from the same point: the engine's flood memory (per Ente) holds nothing of the other bursts.
     */
    const enteWithPage = async (label: string) => {
      const e = await organisation.createEnte(SYSTEM, { slug: `bench-${label}-${Date.now()}`, name: `Comune di Prova ${label}`, type: 'comune' });
      const c = await channels.create(SYSTEM, e.id, { platform: 'facebook_page', handle: `pagina-${label}-${Date.now()}`, name: 'Pagina', url: 'https://facebook.com/x', purpose: 'Informazioni', audience: 'Tutti' });
      await channels.setCredentials(SYSTEM, e.id, c.id, JSON.stringify({ accessToken: 't', account: { pageId: 'p', appSecret: SECRET } }));
      await moderation.rulebookFor(SYSTEM, e.id); // creates the policy draft outside the measurement
      return { ente: e, ch: c, path: `/api/v1/webhooks/facebook_page/${c.id}` };
    };
    const enti = [];
    for (let r = 0; r < ROUNDS; r++) enti.push(await enteWithPage(String(r + 1)));
    const { ente, ch } = enti[0]!;
    const topology = WORKER_PROCESSES > 0 ? `${WORKER_PROCESSES} \`redazione worker\` process(es)` : `the in-process worker (${inbox.settings.worker.concurrency} batches of ${inbox.settings.worker.batchSize} events at once)`;
    console.log(`inbox benchmark on PostgreSQL: ${ITEMS} items in webhooks of ${PER_HOOK}, ${SENDER === 'http' ? 'posted over HTTP by another process' : 'injected in process'}, concurrency ${CONCURRENCY}, ${topology}; ${ROWS.toLocaleString('en-US')} rows for queries`);
    // The production topology on PostgreSQL: the server accepts, `redazione worker` processes drain.
    const children = await Promise.all(
      Array.from({ length: WORKER_PROCESSES }, () =>
        new Promise<ChildProcess>((resolve, reject) => {
          const child = spawn(process.execPath, [path.resolve(import.meta.dirname, '..', 'bin', 'redazione.mjs'), 'worker'], {
            env: { ...process.env, DATABASE_URL: url!, REDAZIONE_DATA_DIR: dataDir, LOG_LEVEL: 'silent', REDAZIONE_INBOX_WORKER: '1', REDAZIONE_INBOX_POLL_MS: '5' },
            stdio: ['ignore', 'pipe', 'inherit'],
          });
          child.once('exit', (code) => reject(new Error(`redazione worker exited with ${code}`)));
          child.stdout!.on('data', (b: Buffer) => {
            if (b.toString().includes('Worker')) resolve(child);
          });
        }),
      ),
    );

    // 1. Ingestion, end to end. Comments read like a Comune's page: varied questions and remarks
    // (not copies of a few sentences, which the flood detector rightly hides), 2% insults.
    // Every round is the same burst, on the Page of its own Ente.
    const deliveries = (prefix: string, items: number) =>
      Array.from({ length: Math.ceil(items / PER_HOOK) }, (_, h) =>
        JSON.stringify({
          object: 'page',
          entry: [{ id: 'p', time: 1, changes: Array.from({ length: PER_HOOK }, (_, k) => ({ field: 'feed', value: { item: 'comment', verb: 'add', comment_id: `${prefix}${h}_${k}`, post_id: `p_${h % 50}`, from: { id: `${prefix}u${(h * PER_HOOK + k) % 997}`, name: 'Cittadino' }, message: comment(h * PER_HOOK + k), created_time: Math.floor(Date.now() / 1000) } })) }],
        }),
      );
    const warmup = deliveries('w', WARMUP);
    const hooks = Math.ceil(ITEMS / PER_HOOK);
    // Meta signs each delivery: the signatures are the sender's work, computed before the clock starts.
    const sign = (bs: string[]) => bs.map((b) => metaSignature(b, SECRET));
    const address = SENDER === 'http' ? await app.server.listen({ port: 0, host: '127.0.0.1' }) : null;
    /** CPU time of the sender processes (the platform's side) while they sent, summed. */
    let senderCpuMs = 0;
    /**
     * Deliveries of `bs`, then re-deliveries of the first `resend`. Over HTTP a sender process is
     * started and reads its deliveries before anything is measured: `go` starts the sending and
     * resolves once every delivery was answered (`sent`) and once the re-deliveries were too (`done`).
     */
    const sender = async (path_: string, bs: string[], sigs: string[], resend = 0): Promise<{ go: () => { sent: Promise<void>; done: Promise<void> } }> => {
      if (address) {
        const file = path.join(dataDir, `deliveries-${Date.now()}.json`);
        fs.writeFileSync(file, JSON.stringify(bs.map((body, i) => ({ body, signature: sigs[i] }))));
        const child = spawn(process.execPath, [path.resolve(import.meta.dirname, 'webhook-sender.mjs'), file, `${address}${path_}`, String(CONCURRENCY), String(resend)], { stdio: ['pipe', 'pipe', 'inherit'] });
        let out = '';
        const seen = (line: string) =>
          new Promise<void>((resolve, reject) => {
            const check = () => (out.includes(`${line}\n`) ? resolve() : undefined);
            child.stdout!.on('data', check);
            child.once('exit', (code) => (out.includes(`${line}\n`) ? resolve() : reject(new Error(`the webhook sender exited with ${code} before "${line}"`))));
            check();
          });
        child.stdout!.on('data', (b: Buffer) => (out += b.toString()));
        const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
        await seen('ready');
        return {
          go: () => {
            child.stdin!.write('go\n');
            return {
              sent: seen('sent'),
              done: exited.then((code) => {
                if (code !== 0) throw new Error(`the webhook sender exited with ${code}`);
                senderCpuMs += Number(/sender cpu ms ([\d.]+)/.exec(out)?.[1] ?? 0);
              }),
            };
          },
        };
      }
      const inject = async (n: number) =>
        parallel(CONCURRENCY, n, async (i) => {
          const res = await app.server.inject({ method: 'POST', url: path_, payload: bs[i], headers: { 'content-type': 'application/json', 'x-hub-signature-256': sigs[i]! } });
          if (res.statusCode !== 200) throw new Error(`webhook ${res.statusCode} ${res.body}`);
        });
      return {
        go: () => {
          const sent = inject(bs.length);
          return { sent, done: sent.then(() => inject(resend)) };
        },
      };
    };
    // The production worker's drain (REDAZIONE_INBOX_CONCURRENCY batches at once; SKIP LOCKED),
    // as `redazione start` runs it, woken here every 5 ms instead of by the queue's notification;
    // stopped while the plain INSERTs are measured.
    let drainError: unknown = null;
    const startDrainer = () => {
      if (WORKER_PROCESSES > 0) return async () => {};
      let on = true;
      const loop = (async () => {
        try {
          while (on) {
            await inbox.worker.drain();
            await new Promise((res) => setTimeout(res, 5));
          }
        } catch (e) {
          drainError = e;
        }
      })();
      return async () => {
        on = false;
        await loop;
      };
    };
    // Done when no event is pending: an event is marked done in the transaction that stored and
    // moderated its items. Only the pending events are counted while waiting (a partial index),
    // so the waiting does not load PostgreSQL; the items are counted once, at the end.
    const drained = async () => {
      for (;;) {
        if (drainError) throw drainError;
        const [p] = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from inbox_events where status = 'pending'`));
        if (p!.n === 0) return;
        await new Promise((res) => setTimeout(res, 20));
      }
    };
    let stopDrainer = startDrainer();
    if (warmup.length) {
      await (await sender((await enteWithPage('w')).path, warmup, sign(warmup))).go().done;
      await drained();
    }

    // 2. The denominator: plain single-row INSERTs of the same columns, same pool, same
    // concurrency, on a quiet database (the rows just written are vacuumed and analysed first,
    // else autovacuum would do it during the measurement), after each round of ingestion, so that
    // both are measured in the same minute of a machine whose speed drifts.
    await pool.query('CREATE TABLE IF NOT EXISTS bench_plain (ente_id uuid, id uuid default gen_random_uuid(), channel_id uuid, platform_id text, author text, text text, received_at timestamptz)');
    const plainRound = async (round: string, n: number) => {
      const tp = performance.now();
      await parallel(CONCURRENCY, n, async (i) => {
        await pool.query('INSERT INTO bench_plain (ente_id, channel_id, platform_id, author, text, received_at) VALUES ($1, $2, $3, $4, $5, now())', [ente.id, ch.id, `${round}${i}`, 'Cittadino', comment(i)]);
      });
      return n / ((performance.now() - tp) / 1000);
    };

    const postmaster = await postmasterOf(pool);
    const workersCpu = () => children.reduce((sum, c) => sum + (procStat(c.pid)?.cpuMs ?? 0), 0);
    const rounds: { ingest: number; accepted: number; plain: number; idle: number | null }[] = [];
    const cpu = { node: 0, pg: 0 as number | null, workers: 0, sender: 0 };
    for (let r = 0; r < ROUNDS; r++) {
      const prefix = `c${r}_`;
      const bodies = deliveries(prefix, ITEMS);
      // Re-deliveries of the first 10% change nothing.
      const measured = await sender(enti[r]!.path, bodies, sign(bodies), Math.ceil(hooks / 10));
      const cpu0 = { node: nodeCpuMs(), pg: postgresCpuMs(postmaster), workers: workersCpu(), sender: senderCpuMs };
      const profiler = CPU_PROFILE && r === 0 ? new inspector.Session() : null;
      if (profiler) {
        profiler.connect();
        await profiler.post('Profiler.enable');
        await profiler.post('Profiler.start');
      }
      const machine0 = machineCpu();
      const t0 = performance.now();
      const sending = measured.go();
      await sending.sent;
      const accepted = performance.now();
      await sending.done;
      await drained();
      const done = performance.now();
      if (profiler) {
        const { profile } = await profiler.post('Profiler.stop');
        fs.writeFileSync(CPU_PROFILE!, JSON.stringify(profile));
        profiler.disconnect();
      }
      const machine = machineCpu(machine0);
      cpu.node += nodeCpuMs() - cpu0.node;
      cpu.pg = cpu.pg === null || cpu0.pg === null ? null : cpu.pg + ((postgresCpuMs(postmaster) ?? cpu0.pg) - cpu0.pg);
      cpu.workers += workersCpu() - cpu0.workers;
      cpu.sender += senderCpuMs - cpu0.sender;
      await stopDrainer();
      await inbox.ingest.settle(); // the engine's hides still on their way to the platform finish first
      if (r === ROUNDS - 1) {
        // The worker processes are gone before the last plain INSERTs run on the same machine.
        await Promise.all(
          children.map(
            (c) =>
              new Promise<void>((resolve) => {
                c.removeAllListeners('exit');
                if (c.exitCode !== null) return resolve();
                c.once('exit', () => resolve());
                c.kill('SIGTERM');
              }),
          ),
        );
      }
      await pool.query('VACUUM ANALYZE');
      if (r === 0) await plainRound('w', Math.min(ITEMS, 1000));
      const plain = await plainRound(`p${r}_`, ITEMS);
      rounds.push({ ingest: ITEMS / ((done - t0) / 1000), accepted: ITEMS / ((accepted - t0) / 1000), plain, idle: machine?.idle ?? null });
      console.log(
        `round ${r + 1}: end to end ${Math.round(rounds[r]!.ingest)} items/s (accepted with HTTP 200: ${Math.round(rounds[r]!.accepted)} items/s); plain single-row INSERT ${Math.round(plain)} rows/s` +
          (machine ? `; the machine's CPU while ingesting: ${machine.user}% user, ${machine.system}% system, ${machine.idle}% idle, ${machine.steal}% stolen by the host` : ''),
      );
      if (r < ROUNDS - 1) stopDrainer = startDrainer();
    }
    await pool.query('DROP TABLE bench_plain');

    const [stored] = rowsOf<{ n: number; moderated: number }>(
      await app.database.db.execute(sql`select count(*)::int as n, count(*) filter (where moderated_at is not null)::int as moderated from inbox_items`),
    );
    const [failed] = rowsOf<{ n: number }>(await app.database.db.execute(sql`select count(*)::int as n from inbox_events where status = 'failed'`));
    const sent = ROUNDS * ITEMS + WARMUP;
    if (stored!.n !== sent || stored!.moderated !== sent || failed!.n !== 0) {
      throw new Error(`lost or unmoderated items: ${stored!.n} stored, ${stored!.moderated} moderated, ${failed!.n} events failed, for ${ROUNDS} × ${ITEMS} + ${WARMUP} (warm-up) sent`);
    }
    const verdicts = rowsOf<{ decision: string; category: string | null; n: number }>(
      await app.database.db.execute(sql`select decision, category, count(*)::int as n from inbox_items where platform_id like 'c%' group by 1, 2 order by 3 desc`),
    );
    console.log(`the engine's decisions: ${verdicts.map((v) => `${v.decision}${v.category ? ` (${v.category})` : ''} ${v.n}`).join(', ')}`);
    const n = ROUNDS * ITEMS;
    console.log(
      `CPU per item: ${((cpu.node * 1000) / n).toFixed(0)} µs in this Node process` +
        (WORKER_PROCESSES > 0 ? `, ${((cpu.workers * 1000) / n).toFixed(0)} µs in the worker processes` : '') +
        (cpu.pg === null ? '' : `, ${((cpu.pg * 1000) / n).toFixed(0)} µs in PostgreSQL`) +
        (SENDER === 'http' ? `; and ${((cpu.sender * 1000) / n).toFixed(0)} µs in the sender (the platform's side, on the same cores)` : ''),
    );
    const best = (xs: number[]) => Math.max(...xs);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const ingests = rounds.map((r) => r.ingest);
    const plains = rounds.map((r) => r.plain);
    console.log(
      `end to end (verified, deduplicated, stored, moderated): ${Math.round(best(ingests))} items/s, the best of ${ROUNDS} rounds of ${ITEMS} (+10% re-sent), after a warm-up of ${WARMUP}; ` +
        `plain single-row INSERT: ${Math.round(best(plains))} rows/s, the best of ${ROUNDS}; ` +
        `ratio ${(best(ingests) / best(plains)).toFixed(2)} (target ≥ 0.33, ≥ 2,000 items/s); of the medians ${(median(ingests) / median(plains)).toFixed(2)}; ` +
        `round by round ${rounds.map((r) => (r.ingest / r.plain).toFixed(2)).join(', ')}`,
    );

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
    console.log(`load average after: ${load()}`);
  } finally {
    await app.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
    graph.kill('SIGTERM');
    stop?.();
  }
}

await main();
