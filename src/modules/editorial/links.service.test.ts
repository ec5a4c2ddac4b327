import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createLinkProber, isPrivateAddress } from './links.service.ts';

describe('isPrivateAddress', () => {
  test.each([
    ['127.0.0.1', true],
    ['10.1.2.3', true],
    ['172.20.0.1', true],
    ['192.168.1.10', true],
    ['169.254.169.254', true],
    ['::1', true],
    ['fd00::1', true],
    ['::ffff:192.168.0.1', true],
    ['93.184.216.34', false],
    ['2a00:1450:4002::1', false],
  ])('%s -> %s', (ip, expected) => expect(isPrivateAddress(ip)).toBe(expected));
});

describe('createLinkProber', () => {
  let server: http.Server;
  let base = '';
  let hits = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits++;
      if (req.url === '/ok') return res.writeHead(200).end();
      if (req.url === '/no-head') return res.writeHead(req.method === 'HEAD' ? 405 : 200).end();
      if (req.url === '/moved') return res.writeHead(301, { location: '/ok' }).end();
      res.writeHead(404).end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  test('reports each link status, follows redirects, falls back to GET, caches', async () => {
    const prober = createLinkProber({ mode: 'all' });
    const urls = [`${base}/ok`, `${base}/missing`, `${base}/no-head`, `${base}/moved`, 'http://127.0.0.1:1/closed'];
    const r = await prober.probe(urls);
    expect(r).toEqual({ [urls[0]!]: 200, [urls[1]!]: 404, [urls[2]!]: 200, [urls[3]!]: 200, [urls[4]!]: 'error' });
    const before = hits;
    await prober.probe([`${base}/missing`]);
    expect(hits).toBe(before);
  });

  test('public mode never fetches loopback or private addresses; off fetches nothing', async () => {
    const before = hits;
    expect(await createLinkProber({ mode: 'public' }).probe([`${base}/missing`, 'http://192.168.0.1/x'])).toEqual({});
    expect(await createLinkProber({ mode: 'off' }).probe([`${base}/missing`])).toEqual({});
    expect(hits).toBe(before);
  });
});
