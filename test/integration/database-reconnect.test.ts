/**
 * PostgreSQL closing the server's idle connections (a restart, an administrator's
 * pg_terminate_backend, the network) must not end the process: the pool drops them, says so, and
 * the next query opens a new connection.
 */
import os from 'node:os';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { freshPostgresUrl } from '../support/db.ts';
import { openDatabase, type Database } from '../../src/platform/db/index.ts';

// PostgreSQL only: the embedded database has no pool of connections to lose. Without a server
// the test is skipped locally; under CI=true the global setup fails the run instead.
describe.skipIf(!inject('pgUrl'))('idle connections closed by PostgreSQL (PostgreSQL)', () => {
  let fresh: Awaited<ReturnType<typeof freshPostgresUrl>>;
  let database: Database;

  beforeAll(async () => {
    fresh = await freshPostgresUrl();
    database = await openDatabase({ databaseUrl: fresh.url, dataDir: os.tmpdir(), command: 'test', poolSize: 3 });
  });
  afterAll(async () => {
    await database?.close();
    await fresh?.drop();
  });

  test('the server keeps running and the next query works on a new connection', async () => {
    const pool = database.pool!;
    // Three connections open, then idle in the pool.
    const clients = await Promise.all([pool.connect(), pool.connect(), pool.connect()]);
    const before = await Promise.all(clients.map(async (c) => (await c.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid));
    for (const c of clients) c.release();
    const warned = new Promise<string>((resolve) => {
      const onWarning = (w: Error & { code?: string }) => {
        if (w.code !== 'REDAZIONE_PG_IDLE') return;
        process.off('warning', onWarning);
        resolve(w.message);
      };
      process.on('warning', onWarning);
    });
    const admin = new pg.Client({ connectionString: inject('pgUrl')! });
    await admin.connect();
    const killed = await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where pid = any($1::int[])', [before]);
    await admin.end();
    expect(killed.rowCount).toBe(3);
    expect(await warned).toMatch(/PostgreSQL closed an idle connection/);
    // The same pool answers, on a connection PostgreSQL has just opened.
    const { rows } = await pool.query<{ pid: number; ok: number }>('select pg_backend_pid() as pid, 1 as ok');
    expect(rows[0]!.ok).toBe(1);
    expect(before).not.toContain(rows[0]!.pid);
  });
});
