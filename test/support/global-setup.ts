/**
 * Starts what the integration and end-to-end suites need: a throwaway PostgreSQL cluster when the
 * Debian server binaries are installed (or TEST_DATABASE_URL points at one), and checks Chromium.
 * Under CI=true a missing PostgreSQL or Chromium fails the run instead of skipping.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string | null;
    chromium: string | null;
  }
}

const CI = process.env.CI === 'true' || process.env.CI === '1';

function pgBinDir(): string | null {
  const root = '/usr/lib/postgresql';
  if (!fs.existsSync(root)) return null;
  const versions = fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a));
  return versions[0] ? path.join(root, versions[0], 'bin') : null;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** initdb + pg_ctl start in a temporary folder, as the postgres user when running as root. */
async function startCluster(bin: string): Promise<{ url: string; stop: () => void }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-pg-'));
  const asRoot = process.getuid?.() === 0;
  const run = (cmd: string, args: string[]) => {
    const full = path.join(bin, cmd);
    const r = asRoot ? spawnSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8' }) : spawnSync(full, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  if (asRoot) execFileSync('chown', ['postgres', dir]);
  const port = await freePort();
  run('initdb', ['-D', `${dir}/data`, '-A', 'trust', '-U', 'postgres', '--no-sync']);
  run('pg_ctl', ['-D', `${dir}/data`, '-o', `-k ${dir} -h 127.0.0.1 -p ${port} -c fsync=off -c max_connections=200`, '-l', `${dir}/log`, '-w', 'start']);
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    stop: () => {
      try {
        run('pg_ctl', ['-D', `${dir}/data`, '-m', 'immediate', 'stop']);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

export default async function setup(project: TestProject) {
  let url = process.env.TEST_DATABASE_URL ?? null;
  let stop: (() => void) | undefined;
  if (!url) {
    const bin = pgBinDir();
    if (bin) ({ url, stop } = await startCluster(bin));
  }
  if (!url && CI) throw new Error('CI: PostgreSQL is required for the integration suite (apt-get install postgresql, or set TEST_DATABASE_URL)');
  const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => fs.existsSync(p)) ?? null;
  if (!chromium && CI && project.name === 'e2e') throw new Error('CI: Chromium is required for the end-to-end suite (apt-get install chromium)');
  project.provide('pgUrl', url);
  project.provide('chromium', chromium);
  return () => stop?.();
}
