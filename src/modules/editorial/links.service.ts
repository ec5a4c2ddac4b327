/**
 * Fetches the status of the links in a post, for the broken-link check. Only http(s); a short
 * timeout; results cached for ten minutes. In `public` mode (the default) hosts that resolve to
 * private, loopback or link-local addresses are not fetched (no probing of the Ente's internal
 * network from the server); `all` allows them (an intranet, tests); `off` fetches nothing.
 */
import dns from 'node:dns/promises';
import net from 'node:net';
import { extractLinks } from './text.fns.ts';

export type LinkCheckMode = 'off' | 'public' | 'all';
export type LinkStatus = number | 'error';

export interface LinkProber {
  probe(urls: string[]): Promise<Record<string, LinkStatus>>;
}

/** Whether an IP address is private, loopback, link-local or otherwise not public. */
export function isPrivateAddress(ip: string): boolean {
  if (net.isIPv4(ip)) {
    const [a = 0, b = 0] = ip.split('.').map(Number);
    return a === 10 || a === 127 || a === 0 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) || (a === 100 && b >= 64 && b <= 127) || a >= 224;
  }
  const v6 = ip.toLowerCase();
  if (v6.startsWith('::ffff:')) return isPrivateAddress(v6.slice(7));
  return v6 === '::1' || v6 === '::' || v6.startsWith('fc') || v6.startsWith('fd') || v6.startsWith('fe80');
}

export function createLinkProber(opts: { mode: LinkCheckMode; timeoutMs?: number; ttlMs?: number }): LinkProber {
  const cache = new Map<string, { status: LinkStatus; until: number }>();
  const timeoutMs = opts.timeoutMs ?? 3000;
  const ttlMs = opts.ttlMs ?? 10 * 60 * 1000;

  async function allowed(u: URL): Promise<boolean> {
    if (opts.mode === 'all') return true;
    const host = u.hostname.replace(/^\[|\]$/g, '');
    if (net.isIP(host)) return !isPrivateAddress(host);
    try {
      const addrs = await dns.lookup(host, { all: true });
      return addrs.length > 0 && addrs.every((a) => !isPrivateAddress(a.address));
    } catch {
      return true; // does not resolve: fetch will say 'error'
    }
  }

  async function probeOne(url: string): Promise<LinkStatus | null> {
    let u: URL;
    try {
      u = new URL(url);
    } catch {
      return 'error';
    }
    if (!/^https?:$/.test(u.protocol) || !(await allowed(u))) return null;
    const hit = cache.get(url);
    if (hit && hit.until > Date.now()) return hit.status;
    let status: LinkStatus;
    try {
      let res = await fetch(u, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
      if (res.status === 405 || res.status === 501) {
        res = await fetch(u, { method: 'GET', headers: { range: 'bytes=0-0' }, redirect: 'follow', signal: AbortSignal.timeout(timeoutMs) });
        await res.body?.cancel();
      }
      status = res.status;
    } catch {
      status = 'error';
    }
    cache.set(url, { status, until: Date.now() + ttlMs });
    return status;
  }

  return {
    async probe(urls) {
      if (opts.mode === 'off') return {};
      const unique = [...new Set(urls)].slice(0, 20);
      const results = await Promise.all(unique.map(async (u) => [u, await probeOne(u)] as const));
      return Object.fromEntries(results.filter((r): r is readonly [string, LinkStatus] => r[1] !== null));
    },
  };
}

/** The addresses to fetch for some variants: links in the text and the preview link. */
export function linksOf(variants: { text: string; link: string | null }[]): string[] {
  return [...new Set(variants.flatMap((v) => [...extractLinks(v.text).map((l) => l.url), ...(v.link ? [v.link] : [])]))];
}
