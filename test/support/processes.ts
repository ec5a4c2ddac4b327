import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { freePort } from './pg-cluster.ts';
import path from 'node:path';

const BIN = path.resolve(import.meta.dirname, '..', '..', 'bin', 'redazione.mjs');

/** Runs the CLI to completion. */
export function cli(args: string[], env: Record<string, string>, input?: string) {
  const r = spawnSync(process.execPath, [BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env }, input, encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export { freePort } from './pg-cluster.ts';

/**
 * Starts a `redazione worker` process with `env` on top of this one's, keeping what it prints;
 * it is added to `procs`, for the caller to kill at the end.
 */
export function spawnWorker(env: Record<string, string>, procs: ChildProcess[]): { p: ChildProcess; out: () => string } {
  const p = spawn(process.execPath, [BIN, 'worker'], { env: { ...process.env, ...env } });
  let out = '';
  p.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  p.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  procs.push(p);
  return { p, out: () => out };
}

/** Starts `redazione start` and waits until /status answers. */
export async function startServer(env: Record<string, string>, args: string[] = []): Promise<{ url: string; proc: ChildProcess; output: () => string; stop: () => Promise<void> }> {
  const port = await freePort();
  const proc = spawn(process.execPath, [BIN, 'start', ...args], { env: { ...process.env, LOG_LEVEL: 'warn', PORT: String(port), HOST: '127.0.0.1', ...env } });
  let out = '';
  proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  proc.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (proc.exitCode !== null) throw new Error(`server exited: ${out}`);
    try {
      if ((await fetch(`${url}/api/v1/status`)).ok) break;
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) throw new Error(`server not ready: ${out}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    proc,
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        if (proc.exitCode !== null) return resolve();
        proc.once('exit', () => resolve());
        proc.kill('SIGTERM');
      }),
  };
}
