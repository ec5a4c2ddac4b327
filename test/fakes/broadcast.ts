/**
 * Fakes for broadcasts to subscribers, both enforcing a platform's documented rate limit and
 * counting what each recipient received:
 * - `fakeSender`: an in-process `Sender` (unit speed, for integration tests and the benchmark);
 * - `startFakeWhatsApp`: the WhatsApp Cloud API's `POST /{version}/{phone-number-id}/messages`
 *   over HTTP, for worker processes (Graph error 130429 past the rate, 190 for a revoked token).
 *   `holdNextAt(n)` holds the n-th request unanswered and uncounted (the platform has not
 *   accepted it yet) so a test can kill the worker while a send is in flight.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ConnectorError } from '../../src/connectors/contract.ts';
import type { Sender } from '../../src/modules/crisis/index.ts';

/** A token bucket: `rate` per second, burst of one second's worth. */
function bucket(rate: number) {
  let tokens = rate;
  let last = performance.now();
  return () => {
    const now = performance.now();
    tokens = Math.min(rate, tokens + ((now - last) / 1000) * rate);
    last = now;
    if (tokens < 1) return false;
    tokens -= 1;
    return true;
  };
}

export function fakeSender(opts: { platform: 'whatsapp' | 'telegram'; rate: number; latencyMs?: number }) {
  const received = new Map<string, number>();
  const take = bucket(opts.rate);
  let rejected = 0;
  let expired = false;
  const times: number[] = [];
  const sender: Sender = {
    platform: opts.platform,
    ratePerSecond: () => opts.rate,
    async send(_t, to) {
      if (opts.latencyMs) await new Promise((r) => setTimeout(r, opts.latencyMs));
      if (expired) throw new ConnectorError('auth_expired', { it: 'Il token di accesso è scaduto: ricollega il canale.', en: 'The access token expired: reconnect the channel.' }, { status: 401 });
      if (!take()) {
        rejected++;
        throw new ConnectorError('rate_limited', { it: 'Troppi messaggi.', en: 'Too many messages.' }, { status: 429, retryAfterMs: 1000 });
      }
      received.set(to, (received.get(to) ?? 0) + 1);
      times.push(performance.now());
      return { messageId: `m-${to}-${received.get(to)}` };
    },
  };
  return {
    sender,
    received,
    times,
    rejected: () => rejected,
    expire: (v = true) => void (expired = v),
    duplicates: () => [...received.values()].filter((n) => n > 1).length,
    total: () => [...received.values()].reduce((a, b) => a + b, 0),
  };
}

export async function startFakeWhatsApp(opts: { rate: number; token: string }) {
  const received = new Map<string, number>();
  const take = bucket(opts.rate);
  let requests = 0;
  let rejected = 0;
  let holdAt: number | null = null;
  let onHeld: (() => void) | null = null;
  const held: http.ServerResponse[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      if (req.method !== 'POST' || !/^\/v[\d.]+\/[^/]+\/messages$/.test(req.url ?? '')) return json(404, { error: { code: 100, message: 'Unknown path' } });
      if (req.headers.authorization !== `Bearer ${opts.token}`) return json(401, { error: { code: 190, type: 'OAuthException', message: 'Error validating access token' } });
      requests++;
      if (holdAt !== null && requests === holdAt) {
        // Held: not accepted, not counted; answered never (the client is expected to die).
        held.push(res);
        onHeld?.();
        return;
      }
      if (!take()) {
        rejected++;
        return json(400, { error: { code: 130429, message: 'Rate limit hit' } });
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { to: string };
      received.set(body.to, (received.get(body.to) ?? 0) + 1);
      json(200, { messaging_product: 'whatsapp', contacts: [{ input: body.to, wa_id: body.to }], messages: [{ id: `wamid.${body.to}.${received.get(body.to)}` }] });
    });
  });
  await new Promise<void>((r) => server.listen({ port: 0, host: '127.0.0.1' }, r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    requests: () => requests,
    rejected: () => rejected,
    /** Resolves when the n-th request arrives and is being held. */
    holdNextAt(n: number) {
      holdAt = n;
      return new Promise<void>((r) => (onHeld = r));
    },
    close: () =>
      new Promise<void>((r) => {
        for (const res of held) res.destroy();
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
