import { expect, test } from 'vitest';
import { isPrivateAddress, isPublicUrl } from './activitypub.net.ts';

test.each([
  ['127.0.0.1', true],
  ['10.1.2.3', true],
  ['172.20.0.1', true],
  ['192.168.1.1', true],
  ['169.254.169.254', true],
  ['100.64.0.1', true],
  ['0.0.0.0', true],
  ['::1', true],
  ['fd00::1', true],
  ['fe80::1', true],
  ['::ffff:127.0.0.1', true],
  ['not an ip', true],
  ['93.184.216.34', false],
  ['151.101.1.140', false],
  ['2a00:1450:4002:80a::200e', false],
])('isPrivateAddress(%s) = %s', (address, expected) => expect(isPrivateAddress(address)).toBe(expected));

test.each([
  ['https://mastodon.example/inbox', ['93.184.216.34'], true],
  ['https://rebind.example/inbox', ['93.184.216.34', '10.0.0.1'], false],
  ['http://[::1]:8080/inbox', [], false],
  ['http://127.0.0.1:5432/', [], false],
  ['ftp://mastodon.example/inbox', ['93.184.216.34'], false],
])('isPublicUrl(%s)', async (url, addresses, expected) => {
  expect(await isPublicUrl(new URL(url), async () => addresses)).toBe(expected);
});
