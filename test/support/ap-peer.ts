/**
 * A second, independent ActivityPub server for tests, on node:http and node:crypto only (not
 * Fedify, not Redazione's code): one actor with an RSA key pair, an inbox that verifies
 * draft-cavage HTTP Signatures against the sender's published key, and a signing client.
 */
import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  activity: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  verified: boolean;
  /** The key the signature was checked with, when it was. */
  keyId: string | null;
  why?: string;
}

const AS_CONTEXT = ['https://www.w3.org/ns/activitystreams', 'https://w3id.org/security/v1'];

/** Parses `keyId="…",algorithm="…",headers="…",signature="…"`. */
export function parseSignatureHeader(value: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of value.matchAll(/([a-zA-Z]+)="([^"]*)"/g)) out[m[1]!] = m[2]!;
  return out;
}

/** The draft-cavage signing string for a request. */
function signingString(names: string[], method: string, path: string, headers: Record<string, string | string[] | undefined>): string {
  return names
    .map((n) => {
      if (n === '(request-target)') return `(request-target): ${method.toLowerCase()} ${path}`;
      const v = headers[n];
      if (v === undefined) throw new Error(`missing signed header ${n}`);
      return `${n}: ${Array.isArray(v) ? v.join(', ') : v}`;
    })
    .join('\n');
}

const digestOf = (body: Buffer | string) => `SHA-256=${crypto.createHash('sha256').update(body).digest('base64')}`;

export async function startPeer(username = 'cittadina') {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const inbox: Received[] = [];
  const keyCache = new Map<string, string>();
  let base = '';

  /** Fetches a remote actor's public key PEM by its key id (the actor document, fragment removed). */
  async function fetchKey(keyId: string): Promise<string> {
    const cached = keyCache.get(keyId);
    if (cached) return cached;
    const res = await fetch(keyId.split('#')[0]!, { headers: { accept: 'application/activity+json' } });
    if (!res.ok) throw new Error(`key fetch ${res.status}`);
    const doc = (await res.json()) as { publicKey?: { id: string; publicKeyPem: string } | { id: string; publicKeyPem: string }[] };
    const keys = Array.isArray(doc.publicKey) ? doc.publicKey : doc.publicKey ? [doc.publicKey] : [];
    const key = keys.find((k) => k.id === keyId);
    if (!key) throw new Error(`no key ${keyId} in the actor`);
    keyCache.set(keyId, key.publicKeyPem);
    return key.publicKeyPem;
  }

  async function verify(req: http.IncomingMessage, body: Buffer): Promise<{ ok: boolean; keyId: string | null; why?: string }> {
    const sigHeader = req.headers.signature;
    if (typeof sigHeader !== 'string') return { ok: false, keyId: null, why: 'unsigned' };
    const p = parseSignatureHeader(sigHeader);
    if (!p.keyId || !p.signature || !p.headers) return { ok: false, keyId: null, why: 'incomplete signature' };
    const names = p.headers.toLowerCase().split(/\s+/);
    for (const required of ['(request-target)', 'host', 'date', 'digest']) {
      if (!names.includes(required)) return { ok: false, keyId: p.keyId, why: `${required} not signed` };
    }
    if (req.headers.digest !== digestOf(body)) return { ok: false, keyId: p.keyId, why: 'digest mismatch' };
    const date = Date.parse(String(req.headers.date));
    if (!(Math.abs(Date.now() - date) < 5 * 60_000)) return { ok: false, keyId: p.keyId, why: 'date out of window' };
    const pem = await fetchKey(p.keyId);
    const data = signingString(names, req.method!, req.url!, req.headers);
    const ok = crypto.verify('sha256', Buffer.from(data), pem, Buffer.from(p.signature, 'base64'));
    return { ok, keyId: p.keyId, ...(ok ? {} : { why: 'bad signature' }) };
  }

  const actorDoc = () => ({
    '@context': AS_CONTEXT,
    id: `${base}/users/${username}`,
    type: 'Person',
    preferredUsername: username,
    name: 'Una cittadina',
    inbox: `${base}/users/${username}/inbox`,
    outbox: `${base}/users/${username}/outbox`,
    publicKey: { id: `${base}/users/${username}#main-key`, owner: `${base}/users/${username}`, publicKeyPem: publicPem },
  });

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const path = (req.url ?? '').split('?')[0];
      if (req.method === 'GET' && path === `/users/${username}`) {
        res.writeHead(200, { 'content-type': 'application/activity+json' }).end(JSON.stringify(actorDoc()));
        return;
      }
      if (req.method === 'POST' && path === `/users/${username}/inbox`) {
        verify(req, body).then(
          (v) => {
            let activity: Record<string, unknown> = {};
            try {
              activity = JSON.parse(body.toString('utf8')) as Record<string, unknown>;
            } catch {
              /* recorded as empty */
            }
            inbox.push({ activity, headers: req.headers, verified: v.ok, keyId: v.keyId, why: v.why });
            // A peer answers 401, not 500, to a signature it cannot verify.
            res.writeHead(v.ok ? 202 : 401).end();
          },
          (e: unknown) => {
            inbox.push({ activity: {}, headers: req.headers, verified: false, keyId: null, why: String(e) });
            res.writeHead(401).end();
          },
        );
        return;
      }
      res.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen({ port: 0, host: '127.0.0.1' }, resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const actorId = `${base}/users/${username}`;

  /** POSTs an activity signed with draft-cavage HTTP Signatures; `key` overrides the signing key. */
  async function post(url: string, activity: unknown, opts: { key?: crypto.KeyObject; tamperBody?: boolean; unsigned?: boolean } = {}) {
    const body = JSON.stringify(activity);
    const u = new URL(url);
    const headers: Record<string, string> = {
      host: u.host,
      date: new Date().toUTCString(),
      digest: digestOf(body),
      'content-type': 'application/activity+json',
      accept: 'application/activity+json',
    };
    if (!opts.unsigned) {
      const names = ['(request-target)', 'host', 'date', 'digest', 'content-type'];
      const signed = crypto.sign('sha256', Buffer.from(signingString(names, 'POST', u.pathname + u.search, headers)), opts.key ?? privateKey).toString('base64');
      headers.signature = `keyId="${actorId}#main-key",algorithm="rsa-sha256",headers="${names.join(' ')}",signature="${signed}"`;
    }
    const sent = opts.tamperBody ? body.replace('Follow', 'Follow ') : body;
    return fetch(url, { method: 'POST', headers, body: sent });
  }

  return {
    actorId,
    base,
    inbox,
    post,
    /** Waits until an activity of the type has arrived, or fails after `ms`. */
    async waitFor(type: string, ms = 15_000, count = 1): Promise<Received[]> {
      const until = Date.now() + ms;
      for (;;) {
        const got = inbox.filter((r) => r.activity.type === type);
        if (got.length >= count) return got;
        if (Date.now() > until) throw new Error(`no ${type} within ${ms} ms; inbox: ${JSON.stringify(inbox.map((r) => [r.activity.type, r.verified, r.why]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
