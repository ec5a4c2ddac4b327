/**
 * Calls to a Mastodon instance's client API, shared by publishing and the inbox's interactions
 * (https://docs.joinmastodon.org/client/intro/, errors: https://docs.joinmastodon.org/entities/Error/).
 */
import { ConnectorError, kindOfStatus, retryAfterMs, type ConnectorContext } from '../contract.ts';
import { networkFailure } from '../failures.ts';

export interface Status {
  id: string;
  url: string | null;
  uri: string;
  created_at: string;
  content: string;
}

function base(ctx: ConnectorContext): string {
  const b = ctx.apiBase ?? ctx.credentials?.account?.instance;
  if (!b) throw new ConnectorError('disconnected', { it: "Manca l'indirizzo dell'istanza Mastodon: ricollega il canale.", en: 'The Mastodon instance URL is missing: reconnect the channel.' });
  return b.replace(/\/$/, '');
}

function auth(ctx: ConnectorContext): Record<string, string> {
  const t = ctx.credentials?.accessToken;
  if (!t) throw new ConnectorError('disconnected', { it: 'Il canale Mastodon non ha un token: collegalo.', en: 'The Mastodon channel has no token: connect it.' });
  return { authorization: `Bearer ${t}` };
}


/** Mastodon's X-RateLimit-Reset is an ISO date; Retry-After when present wins. */
function waitMs(res: Response, now: Date): number | undefined {
  const reset = res.headers.get('x-ratelimit-reset');
  const fromReset = reset && !Number.isNaN(Date.parse(reset)) ? Math.max(0, Date.parse(reset) - now.getTime()) : undefined;
  return retryAfterMs(res.headers, now) ?? fromReset;
}

export async function request<T>(ctx: ConnectorContext, method: string, path: string, init: { body?: RequestInit['body']; headers?: Record<string, string> } = {}): Promise<{ data: T; status: number }> {
  let res: Response;
  try {
    res = await ctx.http.fetch(`${base(ctx)}${path}`, { method, headers: { ...auth(ctx), ...init.headers }, body: init.body });
  } catch (e) {
    throw networkFailure(e, { platform: 'Mastodon', mayHaveActed: true });
  }
  const text = await res.text().catch(() => '');
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    /* judged by status */
  }
  if (res.ok) return { data: json as T, status: res.status };
  const message = (json as { error?: string } | null)?.error ?? `HTTP ${res.status}`;
  const kind = kindOfStatus(res.status);
  const retry = kind === 'rate_limited' ? waitMs(res, ctx.now()) : undefined;
  throw new ConnectorError(kind, explain(kind, message), { status: res.status, ...(retry !== undefined ? { retryAfterMs: retry } : {}) });
}

function explain(kind: ConnectorError['kind'], message: string): { it: string; en: string } {
  switch (kind) {
    case 'auth_expired':
      return { it: `Il token Mastodon non è più valido (${message}): ricollega il canale.`, en: `The Mastodon token is no longer valid (${message}): reconnect the channel.` };
    case 'disconnected':
      return { it: `L'account Mastodon non è accessibile (${message}): ricollega il canale.`, en: `The Mastodon account is not accessible (${message}): reconnect the channel.` };
    case 'bad_request':
      return { it: `Mastodon ha rifiutato il post (${message}).`, en: `Mastodon refused the post (${message}).` };
    case 'media_rejected':
      return { it: `Mastodon ha rifiutato il file (${message}).`, en: `Mastodon refused the file (${message}).` };
    case 'rate_limited':
      return { it: `Mastodon chiede di rallentare (${message}).`, en: `Mastodon asks to slow down (${message}).` };
    default:
      return { it: `Errore dell'istanza Mastodon (${message}).`, en: `Mastodon instance error (${message}).` };
  }
}

/** Plain text of a status's HTML `content`, whitespace collapsed, for comparing with what we sent. */
export function plainText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/p>\s*<p>/gi, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim()
    .normalize('NFC');
}

