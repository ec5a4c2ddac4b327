import http from 'node:http';
import https from 'node:https';
import type { ConnectorHttp } from './contract.ts';

type Init = RequestInit & { timeoutMs?: number };

/** Connections kept open between calls to the same platform (publishing bursts, the inbox's hides). */
const agents = {
  'http:': new http.Agent({ keepAlive: true, maxSockets: 32 }),
  'https:': new https.Agent({ keepAlive: true, maxSockets: 32 }),
};

/** Headers of a request as a plain record (node:http's form). */
function headerRecord(h: RequestInit['headers']): Record<string, string> {
  if (!h) return {};
  if (h instanceof Headers || Array.isArray(h)) return Object.fromEntries(new Headers(h).entries());
  return { ...(h as Record<string, string>) };
}

const hasHeader = (h: Record<string, string>, name: string) => Object.keys(h).some((k) => k.toLowerCase() === name);

/**
 * The body as bytes when it is a simple one (text, bytes, form fields), else undefined: multipart
 * forms, blobs and streams go through `fetch`, which knows how to encode them.
 */
function simpleBody(body: RequestInit['body'], headers: Record<string, string>): { bytes: Buffer | null } | undefined {
  if (body === undefined || body === null) return { bytes: null };
  if (typeof body === 'string') {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'text/plain;charset=UTF-8';
    return { bytes: Buffer.from(body) };
  }
  if (body instanceof URLSearchParams) {
    if (!hasHeader(headers, 'content-type')) headers['content-type'] = 'application/x-www-form-urlencoded;charset=UTF-8';
    return { bytes: Buffer.from(body.toString()) };
  }
  if (body instanceof ArrayBuffer) return { bytes: Buffer.from(body) };
  if (ArrayBuffer.isView(body)) return { bytes: Buffer.from(body.buffer, body.byteOffset, body.byteLength) };
  return undefined;
}

/**
 * One call with node:http(s) on a kept-alive connection, answered as a standard `Response`. It costs
 * about half of `fetch` in CPU, which counts when the inbox hides hundreds of comments a minute or a
 * burst of publications goes out. No redirect is followed, as with `fetch(…, { redirect: 'manual' })`.
 * `timeoutMs` bounds the whole call, the answer's body included: a platform that sends a byte now
 * and then never holds a worker longer than that.
 */
function request(u: URL, init: Init, headers: Record<string, string>, bytes: Buffer | null, timeoutMs: number): Promise<Response> {
  const client = u.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const deadline = setTimeout(() => {
      const e = new Error(`no complete answer from ${u.origin} within ${timeoutMs} ms`);
      e.name = 'TimeoutError';
      req.destroy(e);
    }, timeoutMs);
    const fail = (e: unknown) => {
      clearTimeout(deadline);
      reject(e);
    };
    const req = client.request(u, { method: init.method ?? 'GET', headers, agent: agents[u.protocol as 'http:' | 'https:'] }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', fail);
      res.on('end', () => {
        clearTimeout(deadline);
        const h = new Headers();
        for (let i = 0; i < res.rawHeaders.length; i += 2) h.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!);
        const status = res.statusCode ?? 502;
        const empty = status === 204 || status === 205 || status === 304 || init.method === 'HEAD';
        resolve(new Response(empty ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage ?? '', headers: h }));
      });
    });
    req.on('error', fail);
    req.end(bytes ?? undefined);
  });
}

/**
 * Outgoing calls of connectors: a short timeout, no redirects followed (a redirect to another
 * host must not receive the token), and an optional guard that fails a test on any call to an
 * address it did not expect.
 */
export function createConnectorHttp(opts: { defaultTimeoutMs?: number; allow?: (url: URL) => boolean } = {}): ConnectorHttp {
  return {
    async fetch(url, init = {}) {
      const u = new URL(url);
      if (opts.allow && !opts.allow(u)) throw new Error(`unexpected outbound call to ${u.origin}`);
      const { timeoutMs, ...rest } = init;
      const ms = timeoutMs ?? opts.defaultTimeoutMs ?? 15_000;
      if ((u.protocol === 'http:' || u.protocol === 'https:') && !rest.signal) {
        const headers = headerRecord(rest.headers);
        const simple = simpleBody(rest.body, headers);
        if (simple) return request(u, rest, headers, simple.bytes, ms);
      }
      return fetch(u, { ...rest, redirect: 'manual', signal: AbortSignal.timeout(ms) });
    },
  };
}
