/**
 * Foundation benchmarks (issue 2):
 *  1. time from `redazione start --demo` to ready on an empty data folder (embedded database);
 *  2. getMe and listChannels on PostgreSQL under 50 concurrent connections (autocannon):
 *     p50/p99 latency and requests/s;
 *  3. gzipped size of the initial web bundle (what index.html loads).
 * Targets: ready within 5 s, p99 under 20 ms, initial JS under 250 kB gzipped.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import autocannon from 'autocannon';
import { startServer } from '../test/support/processes.ts';
import { pgBinDir, startCluster } from '../test/support/pg-cluster.ts';
import { DEMO_ENTE, DEMO_PASSWORD } from '../src/demo/seed.ts';

const ROOT = path.resolve(import.meta.dirname, '..');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function startupTime(runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bench-'));
    const t0 = performance.now();
    const s = await startServer({ REDAZIONE_DATA_DIR: dir }, ['--demo']);
    times.push(performance.now() - t0);
    await s.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { runs, medianMs: Math.round(median(times)), allMs: times.map(Math.round) };
}

async function load(url: string, headers: Record<string, string>, seconds: number) {
  const r = await autocannon({ url, connections: 50, duration: seconds, headers });
  return {
    requestsPerSec: Math.round(r.requests.average),
    p50ms: r.latency.p50,
    p99ms: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
}

async function apiLoad(seconds: number) {
  let databaseUrl = process.env.DATABASE_URL ?? null;
  let stopCluster: (() => void) | undefined;
  if (!databaseUrl) {
    const bin = pgBinDir();
    if (!bin) return { skipped: 'no PostgreSQL: install postgresql or set DATABASE_URL' };
    ({ url: databaseUrl, stop: stopCluster } = await startCluster(bin));
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-bench-'));
  const server = await startServer({ DATABASE_URL: databaseUrl, REDAZIONE_DATA_DIR: dir, LOG_LEVEL: 'error' }, ['--demo']);
  try {
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'smm@comune.esempio.it', password: DEMO_PASSWORD }),
    });
    const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
    const headers = { cookie };
    await load(`${server.url}/api/v1/me`, headers, 2); // warm-up
    return {
      getMe: await load(`${server.url}/api/v1/me`, headers, seconds),
      listChannels: await load(`${server.url}/api/v1/enti/${DEMO_ENTE}/channels`, headers, seconds),
    };
  } finally {
    await server.stop();
    stopCluster?.();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function bundleSize() {
  const dist = path.join(ROOT, 'web', 'dist');
  const index = path.join(dist, 'index.html');
  if (!fs.existsSync(index)) return { skipped: 'web/dist not built (npm run build:web)' };
  const html = fs.readFileSync(index, 'utf8');
  const refs = [...html.matchAll(/(?:src|href)="\/?([^"]+\.(js|css))"/g)].map((m) => ({ file: m[1]!, kind: m[2]! }));
  const gz = (f: string) => zlib.gzipSync(fs.readFileSync(path.join(dist, f)), { level: 9 }).length;
  const js = refs.filter((r) => r.kind === 'js').reduce((n, r) => n + gz(r.file), 0);
  const css = refs.filter((r) => r.kind === 'css').reduce((n, r) => n + gz(r.file), 0);
  return { initialJsKbGz: Math.round(js / 102.4) / 10, initialCssKbGz: Math.round(css / 102.4) / 10, files: refs.map((r) => r.file) };
}

export async function benchFoundation() {
  const seconds = Number(process.env.BENCH_SECONDS ?? 10);
  return {
    machine: { cores: os.cpus().length, node: process.version },
    startup: await startupTime(Number(process.env.BENCH_STARTUP_RUNS ?? 3)),
    api: await apiLoad(seconds),
    bundle: bundleSize(),
  };
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  console.log(JSON.stringify(await benchFoundation(), null, 2));
}
