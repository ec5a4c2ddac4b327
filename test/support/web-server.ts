import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { createRedazione, type Redazione } from '../../src/app.ts';
import { loadConfig } from '../../src/platform/config.ts';
import { memoryDatabase } from '../../src/platform/db/index.ts';
import { seedDemo } from '../../src/demo/seed.ts';

/** Redazione with the demo data and the built web UI, listening on a free loopback port. */
export async function startWebApp(): Promise<{ app: Redazione; url: string; close: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rdz-e2e-'));
  const config = loadConfig({ REDAZIONE_DATA_DIR: dir, LOG_LEVEL: 'silent', REDAZIONE_LOGIN_LIMIT_PER_IP: '1000' });
  if (!fs.existsSync(path.join(config.webDistDir, 'index.html'))) throw new Error('web/dist is not built: run npm run build:web');
  const app = await createRedazione(config, { database: await memoryDatabase() });
  await seedDemo(app.services);
  await app.server.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.server.address() as AddressInfo;
  return {
    app,
    url: `http://localhost:${port}`,
    close: async () => {
      await app.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
