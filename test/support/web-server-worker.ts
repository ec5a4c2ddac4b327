import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRedazione, type Redazione } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { memoryDatabase } from '../../src/platform/db/index.ts';
import { seedDemo } from '../../src/demo/seed.ts';

/**
 * Like startWebApp (demo data, built web UI, free loopback port) but with the in-process
 * publishing worker running. `env` is applied to process.env before the app reads it — e.g.
 * REDAZIONE_API_BASE_TELEGRAM pointing at an emulator — and restored on close.
 */
export async function startWebAppWithWorker(env: Record<string, string>): Promise<{ app: Redazione; url: string; close: () => Promise<void> }> {
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  Object.assign(process.env, env);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-e2e-'));
  const config = loadConfig({ REDAZIONE_DATA_DIR: dir, LOG_LEVEL: 'silent', REDAZIONE_LOGIN_LIMIT_PER_IP: '1000' });
  if (!fs.existsSync(path.join(config.webDistDir, 'index.html'))) throw new Error('web/dist is not built: run npm run build:web');
  const app = await createRedazione(config, { database: await memoryDatabase(), worker: true });
  await seedDemo(app.services);
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.server.address() as AddressInfo;
  return {
    app,
    url: `http://localhost:${port}`,
    close: async () => {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
      for (const [k, v] of Object.entries(saved)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    },
  };
}
