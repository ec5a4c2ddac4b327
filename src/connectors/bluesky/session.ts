/**
 * The Bluesky connector's session and errors, shared by publishing and the inbox's interactions:
 * an agent on the channel's PDS (com.atproto.server.createSession with an app password, or a
 * stored session), whose calls go through the connector's HTTP, and the translation of XRPC
 * errors into the connector taxonomy.
 */
import crypto from 'node:crypto';
import { AtpAgent, XRPCError, type AtpSessionData } from '@atproto/api';
import type { ConnectorContext, ConnectorErrorKind } from '../contract.ts';
import { ConnectorError, retryAfterMs } from '../contract.ts';

export const COLLECTION = 'app.bsky.feed.post';
export const DEFAULT_SERVICE = 'https://bsky.social';

export const fail = (kind: ConnectorErrorKind, it: string, en: string, details: ConstructorParameters<typeof ConnectorError>[2] = {}) =>
  new ConnectorError(kind, { it, en }, details);

/** A fetch for the agent that goes through the connector's HTTP (timeouts, no redirects, guard). */
export function agentFetch(ctx: ConnectorContext): typeof globalThis.fetch {
  return async (input, init) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.from(await req.arrayBuffer());
    return ctx.http.fetch(req.url, { method: req.method, headers: req.headers, body });
  };
}

/** Translates an error of the agent into the taxonomy; `sent` = the write may have reached the PDS. */
export function translate(e: unknown, ctx: ConnectorContext, sent: boolean, media = false): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (!(e instanceof XRPCError) || e.status < 100) {
    return sent
      ? fail('unknown_outcome', 'Bluesky non ha risposto dopo l’invio: verificare prima di riprovare.', 'Bluesky did not answer after sending: look up before retrying.')
      : fail('transient', 'Bluesky non è raggiungibile: nuovo tentativo più tardi.', 'Bluesky is unreachable: retry later.');
  }
  const status = e.status;
  const details = { status, platformCode: e.error };
  if (status === 429) {
    const h = new Headers(Object.entries(e.headers ?? {}).filter((kv): kv is [string, string] => typeof kv[1] === 'string'));
    return fail('rate_limited', 'Limite di richieste di Bluesky raggiunto.', 'Bluesky rate limit reached.', { ...details, retryAfterMs: retryAfterMs(h, ctx.now()) });
  }
  if (['AccountTakedown', 'AccountDeactivated', 'AccountNotFound', 'RepoNotFound'].includes(e.error)) {
    return fail('disconnected', 'L’account Bluesky non è più disponibile: ricollegare il canale.', 'The Bluesky account is no longer available: reconnect the channel.', details);
  }
  if (status === 401 || e.error === 'ExpiredToken' || e.error === 'InvalidToken' || e.error === 'AuthenticationRequired') {
    return fail('auth_expired', 'Credenziali Bluesky scadute o revocate: ricollegare il canale con una nuova password per app.', 'Bluesky credentials expired or revoked: reconnect with a new app password.', details);
  }
  if (status === 403) return fail('disconnected', 'Bluesky rifiuta l’accesso: ricollegare il canale.', 'Bluesky refuses access: reconnect the channel.', details);
  if (status === 413 || (media && status >= 400 && status < 500)) {
    return fail('media_rejected', `Bluesky rifiuta l’immagine: ${e.message}`, `Bluesky refuses the image: ${e.message}`, details);
  }
  if (status >= 400 && status < 500) return fail('bad_request', `Bluesky rifiuta il contenuto: ${e.message}`, `Bluesky refuses the content: ${e.message}`, details);
  if (!sent || status === 502 || status === 503) return fail('transient', 'Errore temporaneo di Bluesky.', 'Temporary Bluesky error.', details);
  return fail('unknown_outcome', 'Errore di Bluesky dopo l’invio: verificare prima di riprovare.', 'Bluesky error after sending: look up before retrying.', details);
}

/**
 * Sessions made from app passwords, per PDS, account and password (hashed), reused across calls:
 * the PDS allows only 30 createSession per 5 minutes and 300 per day per account. The agent
 * refreshes an expired access token by itself and the cache follows (persistSession).
 */
const sessions = new Map<string, AtpSessionData>();

/** An agent logged in with the channel's credentials. */
export async function connect(ctx: ConnectorContext): Promise<{ agent: AtpAgent; did: string; handle: string }> {
  const c = ctx.credentials;
  if (!c?.accessToken) throw fail('disconnected', 'Il canale Bluesky non ha credenziali: collegarlo.', 'The Bluesky channel has no credentials: connect it.');
  const service = ctx.apiBase ?? c.account?.service ?? DEFAULT_SERVICE;
  const cacheKey = c.account?.identifier
    ? [service, c.account.identifier, crypto.createHash('sha256').update(c.accessToken).digest('hex')].join('\n')
    : null;
  const agent = new AtpAgent({
    service,
    fetch: agentFetch(ctx),
    persistSession: (_evt, session) => {
      if (!cacheKey) return;
      if (session) sessions.set(cacheKey, session);
      else sessions.delete(cacheKey);
    },
  });
  try {
    const cached = cacheKey ? sessions.get(cacheKey) : undefined;
    if (cached) {
      agent.sessionManager.session = cached;
      try {
        await agent.com.atproto.server.getSession(); // refreshes an expired token, fails if revoked
      } catch {
        sessions.delete(cacheKey!);
        agent.sessionManager.session = undefined;
      }
    }
    if (!agent.session && c.account?.identifier) {
      await agent.login({ identifier: c.account.identifier, password: c.accessToken });
    } else if (!agent.session && c.account?.did) {
      // A stored session: used as it is. No refresh token is handed to the agent, because a
      // refresh rotates it and the new one must be stored: that is `refresh()`, called by the queue.
      agent.sessionManager.session = { did: c.account.did, handle: c.account.handle ?? ctx.channel.handle, accessJwt: c.accessToken, refreshJwt: '', active: true };
      await agent.com.atproto.server.getSession(); // public reads ignore a bad token: check it here
    } else if (!agent.session) {
      throw fail('disconnected', 'Credenziali Bluesky incomplete: manca l’identificativo dell’account.', 'Incomplete Bluesky credentials: the account identifier is missing.');
    }
  } catch (e) {
    throw translate(e, ctx, false);
  }
  const s = agent.session!;
  return { agent, did: s.did, handle: s.handle };
}


/** A record of the account's repository, or null when there is none under the key. */
export async function getPost(agent: AtpAgent, did: string, rkey: string, collection = COLLECTION) {
  try {
    const { data } = await agent.com.atproto.repo.getRecord({ repo: did, collection, rkey });
    return data;
  } catch (e) {
    if (e instanceof XRPCError && (e.error === 'RecordNotFound' || e.status === 404)) return null;
    throw e;
  }
}
