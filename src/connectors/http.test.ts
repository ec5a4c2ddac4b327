import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createConnectorHttp } from './http.ts';

describe('the connectors’ HTTP client', () => {
  let server: http.Server;
  let base = '';
  const timers: NodeJS.Timeout[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/trickle') {
        // Headers at once, then one byte every 100 ms for 3 s: never idle, never done in time.
        res.writeHead(200, { 'content-type': 'text/plain' });
        let n = 0;
        const t = setInterval(() => {
          if (res.destroyed || ++n > 30) {
            clearInterval(t);
            if (!res.destroyed) res.end();
            return;
          }
          res.write('x');
        }, 100);
        timers.push(t);
        return;
      }
      if (req.url === '/silent') return; // never answers
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const t of timers) clearInterval(t);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  });

  test('an answer in time is a standard Response', async () => {
    const res = await createConnectorHttp().fetch(`${base}/ok`, { timeoutMs: 1_000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });

  test.each([
    ['a server that never answers', '/silent'],
    ['a server that sends a byte every 100 ms', '/trickle'],
  ])('%s is given up at the timeout, the body included', async (_name, path) => {
    const started = performance.now();
    const err = await createConnectorHttp()
      .fetch(`${base}${path}`, { timeoutMs: 500 })
      .then(
        () => null,
        (e: Error) => e,
      );
    const took = performance.now() - started;
    expect(err).toMatchObject({ name: 'TimeoutError' });
    expect(err!.message).toMatch(/within 500 ms/);
    expect(took).toBeGreaterThanOrEqual(450);
    expect(took).toBeLessThan(2_500); // well before the trickle's 3 s
  });
});
