/**
 * Writes docs/openapi.json from the routes' schemas (the contract is generated from the code).
 * `npm run openapi` after changing a route; a test fails while the committed file is stale.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { createRedazione } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { fromPglite } from '../src/platform/db/index.ts';

export const OPENAPI_FILE = path.resolve(import.meta.dirname, '..', 'docs', 'openapi.json');

/** The OpenAPI document as the server generates it, pretty-printed. */
export async function generateOpenApi(): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-openapi-'));
  const app = await createRedazione(loadConfig({ REDAZIONE_DATA_DIR: dir, LOG_LEVEL: 'silent' }), { database: fromPglite(await PGlite.create()) });
  try {
    return `${JSON.stringify(app.server.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  fs.writeFileSync(OPENAPI_FILE, await generateOpenApi());
  process.stdout.write(`wrote ${path.relative(process.cwd(), OPENAPI_FILE)}\n`);
}
