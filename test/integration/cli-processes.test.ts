import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { inject } from 'vitest';
import { freshPostgresUrl } from '../support/db.ts';
import { cli, startServer } from '../support/processes.ts';

const PASSWORD = 'Una-password-lunga-1';

async function loginHttp(url: string, email: string) {
  const res = await fetch(`${url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: PASSWORD }) });
  expect(res.status).toBe(200);
  const cookie = res.headers.get('set-cookie')!.split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, 'x-csrf-token': csrfToken };
}

/** The administrative commands any Ente's IT staff runs, on a given database. */
function provision(env: Record<string, string>) {
  expect(cli(['ente', 'create', '--slug', 'comune-cli', '--name', 'Comune CLI', '--type', 'comune'], env).status).toBe(0);
  const bad = cli(['ente', 'create', '--slug', 'Comune CLI', '--name', 'X', '--type', 'comune'], env);
  expect(bad.status).toBe(2);
  expect(bad.stderr).toMatch(/slug/);
  const badType = cli(['ente', 'create', '--slug', 'x', '--name', 'X', '--type', 'repubblica'], env);
  expect(badType.status).not.toBe(0);
  const dup = cli(['ente', 'create', '--slug', 'comune-cli', '--name', 'Comune CLI', '--type', 'comune'], env);
  expect(dup.status).toBe(2);
  expect(dup.stderr).toContain('Esiste già un Ente con slug "comune-cli"');
  const u = cli(['user', 'create', '--ente', 'comune-cli', '--email', 'admin@cli.test', '--name', 'Ada Admin', '--role', 'amministratore', '--role', 'social_media_manager'], env, `${PASSWORD}\n`);
  expect(u.status, u.stderr).toBe(0);
  const short = cli(['user', 'create', '--ente', 'comune-cli', '--email', 'b@cli.test', '--name', 'B', '--role', 'redattore'], env, 'corta\n');
  expect(short.status).toBe(2);
  const t = cli(['token', 'create', '--email', 'admin@cli.test', '--ente', 'comune-cli'], env);
  expect(t.status, t.stderr).toBe(0);
  const token = t.stdout.trim().split('\n').at(-1)!;
  expect(token).toMatch(/^rdz_[\w-]{40,}$/);
  return token;
}

describe('the redazione CLI on the embedded database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-cli-'));
  const env = { REDAZIONE_DATA_DIR: dir };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('provision, then serve; while the server runs the CLI says what to do; the token works', { timeout: 240_000 }, async () => {
    const token = provision(env);
    const server = await startServer(env);
    try {
      const locked = cli(['audit', 'verify'], env);
      expect(locked.status).toBe(3);
      expect(locked.stderr).toContain('è già in uso dal processo');
      expect(locked.stderr).toContain('DATABASE_URL');
      const me = await fetch(`${server.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { enti: { slug: string }[] }).enti[0]!.slug).toBe('comune-cli');
    } finally {
      await server.stop();
    }
    const verify = cli(['audit', 'verify'], env);
    expect(verify.status).toBe(0);
    expect(verify.stdout).toMatch(/OK\s+comune-cli/);
  });

  test('a second server on the same data folder is refused with a clear message', { timeout: 180_000 }, async () => {
    const first = await startServer(env);
    try {
      await expect(startServer(env)).rejects.toThrow(/già in uso|already in use/);
    } finally {
      await first.stop();
    }
  });
});

describe.runIf(inject('pgUrl'))('several processes on one PostgreSQL database', () => {
  test('migrate, provision, two servers share the data, the CLI runs beside them', { timeout: 240_000 }, async () => {
    const { url, drop } = await freshPostgresUrl();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-pg-'));
    const env = { DATABASE_URL: url, REDAZIONE_DATA_DIR: dir, REDAZIONE_SECRET_KEY: 'a'.repeat(64) };
    const servers: Awaited<ReturnType<typeof startServer>>[] = [];
    try {
      expect(cli(['migrate'], env).status).toBe(0);
      provision(env);
      servers.push(await startServer(env), await startServer(env));
      const [one, two] = servers as [(typeof servers)[0], (typeof servers)[0]];
      const h1 = await loginHttp(one.url, 'admin@cli.test');
      const created = await fetch(`${one.url}/api/v1/enti/comune-cli/channels`, {
        method: 'POST',
        headers: { ...h1, 'content-type': 'application/json' },
        body: JSON.stringify({ platform: 'x', handle: 'ComuneCli', name: 'Comune CLI', url: 'https://x.com/ComuneCli', purpose: 'Notizie in tempo reale', audience: 'Cittadini' }),
      });
      expect(created.status).toBe(201);
      const h2 = await loginHttp(two.url, 'admin@cli.test');
      const list = (await (await fetch(`${two.url}/api/v1/enti/comune-cli/channels`, { headers: h2 })).json()) as { channels: { handle: string }[] };
      expect(list.channels.map((c) => c.handle)).toEqual(['ComuneCli']);
      const verify = cli(['audit', 'verify', '--ente', 'comune-cli'], env);
      expect(verify.status, verify.stderr).toBe(0);
    } finally {
      for (const s of servers) await s.stop();
      fs.rmSync(dir, { recursive: true, force: true });
      await drop();
    }
  });
});
