import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { fromPool, memoryDatabase, type Database } from '../../src/platform/db/index.ts';

export type Backend = 'pglite' | 'postgres';

/** The backends this run tests on: always the embedded one, PostgreSQL when a server is there. */
export function backends(): Backend[] {
  return inject('pgUrl') ? ['pglite', 'postgres'] : ['pglite'];
}

/** A fresh, migrated database: an in-memory PGlite, or a new database on the test cluster. */
export async function freshDatabase(kind: Backend): Promise<Database> {
  if (kind === 'pglite') return memoryDatabase();
  const { url, drop } = await freshPostgresUrl();
  const pool = new pg.Pool({ connectionString: url, max: 10 });
  // DROP DATABASE … WITH (FORCE) terminates connections that may still be closing: expected here,
  // so not even the warning the app's own listener (platform/db fromPool) would print.
  pool.on('error', () => {});
  const d = fromPool(pool);
  await d.migrate();
  const close = d.close;
  return {
    ...d,
    close: async () => {
      await close();
      await drop();
    },
  };
}

/** A new database URL on the test cluster (for tests that start separate processes). */
export async function freshPostgresUrl(): Promise<{ url: string; drop: () => Promise<void> }> {
  const admin = inject('pgUrl');
  if (!admin) throw new Error('no PostgreSQL for this run');
  const name = `rdz_${crypto.randomBytes(6).toString('hex')}`;
  const adminPool = new pg.Pool({ connectionString: admin, max: 1 });
  await adminPool.query(`CREATE DATABASE ${name}`);
  await adminPool.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const p = new pg.Pool({ connectionString: admin, max: 1 });
      await p.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await p.end();
    },
  };
}
