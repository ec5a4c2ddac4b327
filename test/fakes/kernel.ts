/**
 * The small HTTP kernel every platform fake in this folder is built on (Meta's three and LinkedIn,
 * X, YouTube): a server on 127.0.0.1, port 0; a log of every request received; a guard that answers
 * the platform's own error when a required header or token is missing; and a queue of failures to
 * answer next — an error status with its body and headers, a connection dropped before or after the
 * request took effect, or a reply slower than the client's timeout.
 * (Generic despite its name: the brief limited file names under test/fakes/ to the platforms'.)
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChannelCredentials, ConnectorContext, ConnectorErrorKind, MediaForPublish } from '../../src/connectors/contract.ts';
import { ConnectorError } from '../../src/connectors/contract.ts';
import { createConnectorHttp } from '../../src/connectors/http.ts';
import type { Platform } from '../../src/modules/channels/index.ts';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
  /** Parsed when the body is JSON. */
  json?: unknown;
  /** Parsed when the body is multipart or urlencoded; files as `{ filename, type, size }`. */
  form?: Map<string, string | { filename: string; type: string; size: number }>;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Failure =
  | Reply
  /** `before`: the connection drops and nothing happens; `after`: the request takes effect, then the connection drops. */
  | { drop: 'before' | 'after' }
  /** The request takes effect, and the answer comes after `delayMs` (longer than the client waits). */
  | { delayMs: number };

export interface Route {
  method: string;
  path: RegExp;
  handle(req: FakeRequest, params: string[]): Reply | Promise<Reply>;
}

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  /** The next request whose `METHOD /path` matches (after letting `skip` of them through) gets this failure. */
  failNext(match: RegExp, failure: Failure, skip?: number): void;
  /** Requests matching `METHOD /path`. */
  received(match: RegExp): FakeRequest[];
  close(): Promise<void>;
}

export async function startFake(opts: { routes: Route[]; guard?: (req: FakeRequest) => Reply | undefined; notFound?: (req: FakeRequest) => Reply }): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const failures: Array<{ match: RegExp; failure: Failure; skip: number }> = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const fr: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body: Buffer.concat(chunks) };
        await parseBody(fr);
        requests.push(fr);
        const key = `${fr.method} ${fr.path}`;
        const i = failures.findIndex((f) => f.match.test(key));
        let failure: Failure | undefined;
        if (i >= 0 && failures[i]!.skip > 0) failures[i]!.skip--;
        else if (i >= 0) failure = failures.splice(i, 1)[0]!.failure;
        if (failure && 'drop' in failure && failure.drop === 'before') {
          res.socket?.destroy();
          return;
        }
        if (failure && 'status' in failure) {
          send(res, failure);
          return;
        }
        let reply: Reply;
        const denied = opts.guard?.(fr);
        if (denied) reply = denied;
        else {
          const route = opts.routes.find((r) => r.method === fr.method && r.path.test(fr.path));
          const params = route ? (route.path.exec(fr.path) ?? []).slice(1).map((p) => decodeURIComponent(p)) : [];
          reply = route ? await route.handle(fr, params) : (opts.notFound?.(fr) ?? { status: 404, body: { error: 'not found in fake' } });
        }
        if (failure && 'drop' in failure) {
          res.socket?.destroy();
          return;
        }
        if (failure && 'delayMs' in failure) {
          setTimeout(() => send(res, reply), failure.delayMs).unref();
          return;
        }
        send(res, reply);
      })().catch((err: unknown) => send(res, { status: 500, body: { fakeCrash: String(err) } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    failNext: (match, failure, skip = 0) => failures.push({ match, failure, skip }),
    received: (match) => requests.filter((r) => match.test(`${r.method} ${r.path}`)),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function send(res: http.ServerResponse, reply: Reply): void {
  if (res.destroyed || res.writableEnded) return;
  const headers: Record<string, string> = { ...reply.headers };
  let payload = '';
  if (reply.body !== undefined) {
    payload = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body);
    headers['content-type'] ??= 'application/json; charset=UTF-8';
  }
  res.writeHead(reply.status, headers);
  res.end(payload);
}

async function parseBody(fr: FakeRequest): Promise<void> {
  const ct = String(fr.headers['content-type'] ?? '');
  if (fr.body.length === 0) return;
  if (ct.includes('application/json')) {
    try {
      fr.json = JSON.parse(fr.body.toString('utf8'));
    } catch {
      fr.json = undefined;
    }
  } else if (ct.includes('multipart/form-data') || ct.includes('application/x-www-form-urlencoded')) {
    const fd = await new Request('http://fake/', { method: 'POST', headers: { 'content-type': ct }, body: fr.body }).formData();
    fr.form = new Map();
    for (const [k, v] of fd.entries()) {
      fr.form.set(k, typeof v === 'string' ? v : { filename: v.name, type: v.type, size: v.size });
    }
  }
}

/** The bearer token of a request, if any. */
export function bearer(req: FakeRequest): string | undefined {
  const h = String(req.headers.authorization ?? '');
  return h.startsWith('Bearer ') ? h.slice(7) : undefined;
}

// ---- helpers the connector tests share ----------------------------------------------------------


/** A context whose calls may only reach loopback: any other outbound call fails the test. */
export function loopbackContext(platform: Platform, apiBase: string, credentials: ChannelCredentials | null, timeoutMs = 1500): ConnectorContext {
  return {
    channel: { enteId: 'ente-1', id: `ch-${platform}`, platform, handle: 'comune.esempio', url: 'https://example.invalid' },
    credentials,
    http: createConnectorHttp({ defaultTimeoutMs: timeoutMs, allow: (u) => u.hostname === '127.0.0.1' }),
    apiBase,
    now: () => new Date(),
  };
}

/** A media item whose bytes are counted when read. */
export function fakeMedia(kind: 'image' | 'video', opts: { altText?: string | null; filename?: string; mime?: string; size?: number } = {}): MediaForPublish & { reads: number } {
  const m = {
    kind,
    filename: opts.filename ?? (kind === 'image' ? 'locandina.png' : 'intervista.mp4'),
    mime: opts.mime ?? (kind === 'image' ? 'image/png' : 'video/mp4'),
    altText: opts.altText === undefined ? (kind === 'image' ? 'Locandina della festa patronale in piazza' : null) : opts.altText,
    reads: 0,
    async bytes() {
      m.reads++;
      return Buffer.alloc(opts.size ?? 2048, kind === 'image' ? 0x89 : 0x00);
    },
  };
  return m;
}

/** Awaits a rejection and checks it is a ConnectorError of `kind` whose Italian text mentions `it`. */
export async function expectConnectorError(p: Promise<unknown>, kind: ConnectorErrorKind, it?: RegExp): Promise<ConnectorError> {
  let caught: unknown;
  try {
    await p;
  } catch (err) {
    caught = err;
  }
  if (!(caught instanceof ConnectorError)) throw new Error(`expected a ConnectorError(${kind}), got ${caught === undefined ? 'success' : String(caught)}`);
  if (caught.kind !== kind) throw new Error(`expected kind ${kind}, got ${caught.kind}: ${caught.explanation.en}`);
  if (it && !it.test(caught.explanation.it)) throw new Error(`Italian explanation ${JSON.stringify(caught.explanation.it)} does not match ${it}`);
  if (!caught.explanation.en) throw new Error('missing English explanation');
  return caught;
}

/** A loopback URL where nothing listens (connection refused). */
export async function refusedUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return `http://127.0.0.1:${port}`;
}
