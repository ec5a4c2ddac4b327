/**
 * Fedify refuses to FETCH documents on private addresses (unless allowPrivateAddress), but does
 * not check where it DELIVERS: a public actor document could name an inbox on 127.0.0.1 or on the
 * internal network, and we would POST signed activities there (SSRF). Inboxes are checked here
 * before a follower is stored.
 */
import dns from 'node:dns/promises';
import net from 'node:net';

const blocked = new net.BlockList();
for (const [addr, prefix] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const) {
  blocked.addSubnet(addr, prefix, 'ipv4');
}
for (const [addr, prefix] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
] as const) {
  blocked.addSubnet(addr, prefix, 'ipv6');
}

/** True when the address is loopback, private, link-local, multicast or otherwise not public. */
export function isPrivateAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return true;
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is judged as the IPv4 address it carries.
  if (family === 6 && /^::ffff:\d+\.\d+\.\d+\.\d+$/i.test(address)) return isPrivateAddress(address.slice(7));
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

/** True when the URL is http(s) and every address its host resolves to is public. */
export async function isPublicUrl(url: URL, lookup: (host: string) => Promise<string[]> = resolveAll): Promise<boolean> {
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return false;
  const host = url.hostname.replace(/^\[|\]$/g, '');
  try {
    const addresses = net.isIP(host) ? [host] : await lookup(host);
    return addresses.length > 0 && addresses.every((a) => !isPrivateAddress(a));
  } catch {
    return false;
  }
}

async function resolveAll(host: string): Promise<string[]> {
  return (await dns.lookup(host, { all: true })).map((r) => r.address);
}
