/**
 * Opens the database: PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in the
 * data folder, guarded by a lockfile because PGlite has no lock between processes (ADR 0002).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import * as schema from './schema.ts';
import { buildTemplate, MIGRATIONS_DIR, readTemplate } from './template.ts';

export { schema };
/** The database handle every repository takes; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Runs the migrations that are not applied yet (serialised across processes on PostgreSQL). */
  migrate(): Promise<void>;
  close(): Promise<void>;
  /** The embedded instance, for the job queue that shares it. */
  pglite?: PGlite;
  pool?: pg.Pool;
}

const MIGRATIONS = MIGRATIONS_DIR;
const MIGRATION_LOCK = 7_270_001;

/** Thrown when a second process tries to open the embedded database. */
export class DatabaseLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
    readonly command: string,
  ) {
    super(
      `Il database integrato in ${dataDir} è già in uso dal processo ${pid} (${command}).\n` +
        `The embedded database in ${dataDir} is already in use by process ${pid} (${command}).\n` +
        'Ferma quel processo (Ctrl+C sul server) e riprova, oppure usa PostgreSQL con DATABASE_URL per più processi.\n' +
        'Stop that process (Ctrl+C on the server) and retry, or use PostgreSQL via DATABASE_URL for several processes.',
    );
    this.name = 'DatabaseLockedError';
  }
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the data folder's lockfile or throws DatabaseLockedError; returns the release function. */
export function lockDataDir(dataDir: string, command: string): () => void {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'redazione.lock');
  const mine = JSON.stringify({ pid: process.pid, host: os.hostname(), command, since: new Date().toISOString() });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, mine, { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(file, 'utf8') === mine) fs.unlinkSync(file);
        } catch {
          /* already gone */
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      let holder: { pid?: number; host?: string; command?: string } = {};
      try {
        holder = JSON.parse(fs.readFileSync(file, 'utf8')) as typeof holder;
      } catch {
        /* unreadable lock: treat as stale */
      }
      const sameHost = !holder.host || holder.host === os.hostname();
      if (holder.pid && sameHost && processAlive(holder.pid)) {
        throw new DatabaseLockedError(dataDir, holder.pid, holder.command ?? 'redazione');
      }
      fs.rmSync(file, { force: true }); // stale: its process is gone
    }
  }
  throw new Error(`Could not take the lock ${file}`);
}

/** Wraps an existing PGlite instance (tests clone a migrated template). */
export function fromPglite(lite: PGlite, onClose: () => void = () => {}): Database {
  const db = drizzlePglite(lite, { schema }) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    pglite: lite,
    migrate: async () => {
      await migratePglite(drizzlePglite(lite, { schema }), { migrationsFolder: MIGRATIONS });
    },
    close: async () => {
      if (!lite.closed) await lite.close();
      onClose();
    },
  };
}

/** Wraps a node-postgres pool. */
export function fromPool(pool: pg.Pool): Database {
  // An idle connection that PostgreSQL closes (a restart, an administrator's
  // pg_terminate_backend, the network) is an 'error' event on the pool, and an 'error' event
  // without a listener ends the Node process. The pool has already dropped that connection; the
  // next query opens a new one. So the server says so and goes on.
  if (pool.listenerCount('error') === 0) {
    pool.on('error', (err) => process.emitWarning(`PostgreSQL closed an idle connection (${err.message}); the next query opens a new one.`, { code: 'REDAZIONE_PG_IDLE' }));
  }
  const concrete = drizzlePg(pool, { schema });
  return {
    db: concrete as unknown as Db,
    kind: 'postgres',
    pool,
    migrate: async () => {
      const client = await pool.connect();
      try {
        await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
        await migratePg(concrete, { migrationsFolder: MIGRATIONS });
      } finally {
        await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
        client.release();
      }
    },
    close: async () => {
      await pool.end();
    },
  };
}

export interface OpenOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** What holds the embedded database, shown to a second process that is refused. */
  command: string;
  poolSize?: number;
}

/** Opens PostgreSQL (DATABASE_URL) or the embedded database in `dataDir/pgdata`. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    await pool.query('SELECT 1'); // fail fast with a clear connection error
    return fromPool(pool);
  }
  const release = lockDataDir(opts.dataDir, opts.command);
  try {
    const pgdata = path.join(opts.dataDir, 'pgdata');
    const template = fs.existsSync(pgdata) ? null : readTemplate();
    const lite = await PGlite.create(pgdata, template ? { loadDataDir: template } : {});
    return fromPglite(lite, release);
  } catch (e) {
    release();
    throw e;
  }
}

/** Builds the migrated template the embedded database starts from (run at install time). */
export function buildPgliteTemplate(): Promise<string> {
  return buildTemplate(async (lite) => fromPglite(lite).migrate());
}

/** A new in-memory embedded database, migrated (from the template when there is one). */
export async function memoryDatabase(): Promise<Database> {
  const template = readTemplate();
  const d = fromPglite(await PGlite.create(template ? { loadDataDir: template } : {}));
  await d.migrate();
  return d;
}
