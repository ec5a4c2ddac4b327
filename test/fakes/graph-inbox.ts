/**
 * A fake of the Graph API's comment endpoints the inbox uses, recording every call:
 *   POST /{comment-id}/comments  {message}      → {id}           (reply to a comment)
 *   POST /{comment-id}           {is_hidden}    → {success:true} (hide / unhide)
 *   DELETE /{comment-id}                        → {success:true}
 * and a Facebook Page connector with the inbox's `Interactions` written against those documented
 * endpoints ("Graph API Reference – Comment", /{object-id}/comments and is_hidden).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Connector } from '../../src/connectors/contract.ts';
import type { Interactions } from '../../src/connectors/interactions.ts';

export interface GraphCall {
  method: string;
  path: string;
  body: Record<string, unknown>;
  token: string | null;
}

export interface FakeGraph {
  url: string;
  calls: GraphCall[];
  close(): Promise<void>;
}

export async function startFakeGraph(): Promise<FakeGraph> {
  const calls: GraphCall[] = [];
  let n = 0;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      const u = new URL(req.url ?? '/', 'http://x');
      let body: Record<string, unknown> = {};
      try {
        body = raw ? (JSON.parse(raw) as Record<string, unknown>) : {};
      } catch {
        body = Object.fromEntries(new URLSearchParams(raw));
      }
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '') || u.searchParams.get('access_token');
      calls.push({ method: req.method ?? 'GET', path: u.pathname, body, token });
      res.setHeader('content-type', 'application/json');
      if (!token) return res.writeHead(401).end(JSON.stringify({ error: { message: 'no token', code: 190 } }));
      if (req.method === 'POST' && u.pathname.endsWith('/comments')) return res.end(JSON.stringify({ id: `reply_${++n}` }));
      return res.end(JSON.stringify({ success: true }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** A Page connector with replies and hiding, on top of any publishing connector. */
export function withGraphInteractions(base: Connector): Connector & Interactions {
  return {
    ...base,
    interactionCapabilities: { reply: true, hide: true, unhide: true, delete: true, poll: false },
    async reply(ctx, req) {
      const res = await ctx.http.fetch(`${ctx.apiBase}/${encodeURIComponent(req.inReplyTo.platformId)}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ctx.credentials?.accessToken ?? ''}` },
        body: JSON.stringify({ message: req.text }),
      });
      const j = (await res.json()) as { id: string };
      return { platformId: j.id, url: null };
    },
    async moderate(ctx, req) {
      const url = `${ctx.apiBase}/${encodeURIComponent(req.item.platformId)}`;
      const headers = { 'content-type': 'application/json', authorization: `Bearer ${ctx.credentials?.accessToken ?? ''}` };
      if (req.action === 'delete') await ctx.http.fetch(url, { method: 'DELETE', headers });
      else await ctx.http.fetch(url, { method: 'POST', headers, body: JSON.stringify({ is_hidden: req.action === 'hide' }) });
    },
  };
}
