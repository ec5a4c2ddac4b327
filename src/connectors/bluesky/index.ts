/**
 * Bluesky (AT Protocol) connector, written against @atproto/api and the lexicons
 * com.atproto.server.createSession, com.atproto.repo.{createRecord,getRecord,listRecords,
 * deleteRecord,uploadBlob}, app.bsky.feed.post, app.bsky.embed.images, app.bsky.richtext.facet.
 *
 * Credentials: `account.identifier` (handle or DID) with `accessToken` = an app password, or a
 * session: `account.did` (+ `account.handle`), `accessToken` = accessJwt, `refreshToken` = refreshJwt
 * (renewed by `refresh()`, which returns the rotated tokens to store).
 * The PDS is `ctx.apiBase`, else `account.service`, else https://bsky.social.
 *
 * Idempotency: every attempt of a variant writes the record key `tidFromKey(idempotencyKey)`;
 * the PDS cannot hold two records under one key, so a retry finds the first one instead of
 * posting twice (a second createRecord on the same key answers 500, hence the getRecord check).
 */
import crypto from 'node:crypto';
import { AtpAgent, XRPCError, type AtpSessionData } from '@atproto/api';
import type { Connector, ConnectorContext, ConnectorErrorKind, PublishRequest, PublishResult } from '../contract.ts';
import { ConnectorError, retryAfterMs } from '../contract.ts';
import { composeText, graphemeCount, linkFacets, MAX_GRAPHEMES, MAX_IMAGE_BYTES, MAX_IMAGES, postUrl, tidFromKey } from './bluesky.fns.ts';

const COLLECTION = 'app.bsky.feed.post';
const DEFAULT_SERVICE = 'https://bsky.social';

const fail = (kind: ConnectorErrorKind, it: string, en: string, details: ConstructorParameters<typeof ConnectorError>[2] = {}) =>
  new ConnectorError(kind, { it, en }, details);

/** A fetch for the agent that goes through the connector's HTTP (timeouts, no redirects, guard). */
function agentFetch(ctx: ConnectorContext): typeof globalThis.fetch {
  return async (input, init) => {
    const req = input instanceof Request ? input : new Request(input, init);
    const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.from(await req.arrayBuffer());
    return ctx.http.fetch(req.url, { method: req.method, headers: req.headers, body });
  };
}

/** Translates an error of the agent into the taxonomy; `sent` = the write may have reached the PDS. */
function translate(e: unknown, ctx: ConnectorContext, sent: boolean, media = false): ConnectorError {
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
async function connect(ctx: ConnectorContext): Promise<{ agent: AtpAgent; did: string; handle: string }> {
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

interface PostRecord {
  text: string;
  createdAt: string;
}

async function getPost(agent: AtpAgent, did: string, rkey: string) {
  try {
    const { data } = await agent.com.atproto.repo.getRecord({ repo: did, collection: COLLECTION, rkey });
    return data;
  } catch (e) {
    if (e instanceof XRPCError && (e.error === 'RecordNotFound' || e.status === 404)) return null;
    throw e;
  }
}

function resultOf(uri: string, handle: string, record: unknown, fallback: Date): PublishResult {
  const createdAt = Date.parse((record as Partial<PostRecord>)?.createdAt ?? '');
  return { platformId: uri, url: postUrl(uri, handle), publishedAt: Number.isNaN(createdAt) ? fallback : new Date(createdAt) };
}

/** The images embed: uploads each image and carries its alt text. */
async function imagesEmbed(agent: AtpAgent, ctx: ConnectorContext, req: PublishRequest) {
  if (req.media.length === 0) return undefined;
  if (req.media.some((m) => m.kind !== 'image')) {
    throw fail('media_rejected', 'Questo connettore Bluesky pubblica solo immagini, non video.', 'This Bluesky connector publishes images only, not video.');
  }
  if (req.media.length > MAX_IMAGES) throw fail('media_rejected', `Bluesky accetta al massimo ${MAX_IMAGES} immagini.`, `Bluesky takes at most ${MAX_IMAGES} images.`);
  const images = [];
  for (const m of req.media) {
    const bytes = await m.bytes();
    if (bytes.length > MAX_IMAGE_BYTES) {
      throw fail('media_rejected', `L’immagine ${m.filename} supera 1 MB, il limite di Bluesky.`, `Image ${m.filename} exceeds Bluesky's 1 MB limit.`);
    }
    try {
      const { data } = await agent.uploadBlob(bytes, { encoding: m.mime });
      images.push({ image: data.blob, alt: m.altText ?? '' });
    } catch (e) {
      throw translate(e, ctx, false, true);
    }
  }
  return { $type: 'app.bsky.embed.images', images };
}

/** The `exp` of a JWT as an ISO date, or null. */
function jwtExpiry(jwt: string): string | null {
  try {
    const payload = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: number };
    return typeof payload.exp === 'number' ? new Date(payload.exp * 1000).toISOString() : null;
  } catch {
    return null;
  }
}

/** Matches a record's text to the text we would have sent (whitespace-insensitive). */
const sameText = (a: string, b: string) => a.replace(/\s+/g, ' ').trim() === b.replace(/\s+/g, ' ').trim();

export const blueskyConnector: Connector = {
  platform: 'bluesky',
  capabilities: { media: true, altText: true, delete: true, lookup: true, refresh: true },
  // PDS limits: 5,000 points per hour and 35,000 per day per account, a create costs 3 points.
  rateLimits: { perChannel: { requests: 1_666, perMs: 3_600_000 } },

  async identity(ctx) {
    const { agent, did, handle } = await connect(ctx);
    let name = handle;
    try {
      const { data } = await agent.com.atproto.repo.getRecord({ repo: did, collection: 'app.bsky.actor.profile', rkey: 'self' });
      name = (data.value as { displayName?: string }).displayName || handle;
    } catch {
      /* no profile record yet: the handle is the name */
    }
    return { id: did, handle, name, url: `https://bsky.app/profile/${handle}` };
  },

  async publish(ctx, req) {
    const text = composeText(req.text, req.link);
    if (graphemeCount(text) > MAX_GRAPHEMES) {
      throw fail('bad_request', `Il testo supera i ${MAX_GRAPHEMES} caratteri ammessi da Bluesky: accorciarlo.`, `The text exceeds Bluesky's ${MAX_GRAPHEMES} characters: shorten it.`);
    }
    const { agent, did, handle } = await connect(ctx);
    const rkey = tidFromKey(req.idempotencyKey);
    const existing = await getPost(agent, did, rkey).catch((e: unknown) => {
      throw translate(e, ctx, false);
    });
    if (existing) return resultOf(existing.uri, handle, existing.value, ctx.now());
    const embed = await imagesEmbed(agent, ctx, req);
    const facets = linkFacets(text);
    const record = {
      $type: COLLECTION,
      text,
      createdAt: ctx.now().toISOString(),
      langs: ['it'],
      ...(facets.length ? { facets } : {}),
      ...(embed ? { embed } : {}),
    };
    try {
      const { data } = await agent.com.atproto.repo.createRecord({ repo: did, collection: COLLECTION, rkey, record });
      return resultOf(data.uri, handle, record, ctx.now());
    } catch (e) {
      const err = translate(e, ctx, true);
      if (err.kind !== 'unknown_outcome' || !(e instanceof XRPCError) || e.status < 100) throw err;
      // A 5xx answer is final: the key tells whether the record exists (also when a lost earlier
      // attempt wrote it). Nothing under the key means nothing went out.
      const found = await getPost(agent, did, rkey).catch(() => {
        throw err;
      });
      if (found) return resultOf(found.uri, handle, found.value, ctx.now());
      throw fail('transient', 'Errore di Bluesky, nessun post creato: nuovo tentativo più tardi.', 'Bluesky error, no post created: retry later.', err.details);
    }
  },

  async lookup(ctx, req) {
    const { agent, did, handle } = await connect(ctx);
    try {
      const byKey = await getPost(agent, did, tidFromKey(req.idempotencyKey));
      if (byKey) return resultOf(byKey.uri, handle, byKey.value, ctx.now());
      // A post written by an older attempt under another key: same text, since the date.
      let cursor: string | undefined;
      for (let page = 0; page < 10; page++) {
        const { data } = await agent.com.atproto.repo.listRecords({ repo: did, collection: COLLECTION, limit: 100, cursor });
        for (const r of data.records) {
          const v = r.value as Partial<PostRecord>;
          const at = Date.parse(v.createdAt ?? '');
          if (typeof v.text === 'string' && at >= req.since.getTime() && (sameText(v.text, req.text) || v.text.startsWith(req.text.trim()))) {
            return resultOf(r.uri, handle, v, ctx.now());
          }
        }
        if (!data.cursor || data.records.length === 0) break;
        cursor = data.cursor;
      }
      return null;
    } catch (e) {
      throw translate(e, ctx, false);
    }
  },

  /** A stored session gets new tokens (the refresh token rotates); an app password needs none. */
  async refresh(ctx) {
    const c = ctx.credentials;
    if (c?.account?.identifier) {
      await connect(ctx);
      return c;
    }
    if (!c?.refreshToken || !c.account?.did) {
      throw fail('auth_expired', 'Sessione Bluesky scaduta e non rinnovabile: ricollegare il canale.', 'Bluesky session expired and cannot be renewed: reconnect the channel.');
    }
    const service = ctx.apiBase ?? c.account.service ?? DEFAULT_SERVICE;
    const agent = new AtpAgent({ service, fetch: agentFetch(ctx) });
    try {
      const { data } = await agent.com.atproto.server.refreshSession(undefined, { headers: { authorization: `Bearer ${c.refreshToken}` } });
      return { ...c, accessToken: data.accessJwt, refreshToken: data.refreshJwt, expiresAt: jwtExpiry(data.accessJwt), account: { ...c.account, did: data.did, handle: data.handle } };
    } catch (e) {
      const err = translate(e, ctx, false);
      throw err.kind === 'bad_request' ? fail('auth_expired', 'Sessione Bluesky revocata: ricollegare il canale.', 'Bluesky session revoked: reconnect the channel.', err.details) : err;
    }
  },

  async delete(ctx, platformId) {
    const m = /^at:\/\/([^/]+)\/app\.bsky\.feed\.post\/([^/]+)$/.exec(platformId);
    if (!m) throw fail('bad_request', 'Identificativo del post Bluesky non valido.', 'Invalid Bluesky post identifier.');
    const { agent, did } = await connect(ctx);
    if (m[1] !== did) throw fail('bad_request', 'Il post appartiene a un altro account Bluesky.', 'The post belongs to another Bluesky account.');
    try {
      await agent.com.atproto.repo.deleteRecord({ repo: did, collection: COLLECTION, rkey: m[2]! });
    } catch (e) {
      throw translate(e, ctx, false);
    }
  },
};
