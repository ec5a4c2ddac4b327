import type { ConnectorHttp } from './contract.ts';

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
      return fetch(u, { ...rest, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs ?? opts.defaultTimeoutMs ?? 15_000) });
    },
  };
}
