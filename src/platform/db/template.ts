/**
 * A migrated, empty embedded database kept as a tarball, so a new data folder (first `npm start`,
 * every test) loads it instead of running initdb and every migration (ADR 0002). It is keyed by a
 * hash of the migrations: any change to them makes a new template, never a stale one.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';

const ROOT = path.resolve(import.meta.dirname, '..', '..', '..');
export const MIGRATIONS_DIR = path.join(ROOT, 'migrations');
const CACHE_DIR = process.env.REDAZIONE_TEMPLATE_DIR || path.join(ROOT, 'node_modules', '.cache', 'redazione');

/** SHA-256 over the migration files' names and contents. */
export function migrationsHash(): string {
  const h = crypto.createHash('sha256');
  const walk = (dir: string) => {
    for (const name of fs.readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (fs.statSync(full).isDirectory()) walk(full);
      else h.update(path.relative(MIGRATIONS_DIR, full)).update('\0').update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(MIGRATIONS_DIR);
  return h.digest('hex').slice(0, 16);
}

export function templateFile(): string {
  return path.join(CACHE_DIR, `pglite-${migrationsHash()}.tar.gz`);
}

/** The template for the current migrations, if built. */
export function readTemplate(): Blob | null {
  const file = templateFile();
  return fs.existsSync(file) ? new Blob([fs.readFileSync(file)]) : null;
}

/** Builds the template with `migrate`, unless it exists; returns its path. */
export async function buildTemplate(migrate: (lite: PGlite) => Promise<void>): Promise<string> {
  const file = templateFile();
  if (fs.existsSync(file)) return file;
  const lite = await PGlite.create();
  try {
    await migrate(lite);
    const dump = await lite.dumpDataDir('gzip');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(tmp, file); // atomic: a concurrent reader never sees half a file
  } finally {
    await lite.close();
  }
  return file;
}
