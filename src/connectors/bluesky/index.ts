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
 * The session and error handling are in `session.ts`; the community inbox's polling, replies and
 * hiding are in `interactions.ts`.
 */
import { AtpAgent, XRPCError } from '@atproto/api';
import type { Connector, ConnectorContext, PublishRequest, PublishResult } from '../contract.ts';
import type { Interactions } from '../interactions.ts';
import { composeText, graphemeCount, linkFacets, MAX_GRAPHEMES, MAX_IMAGE_BYTES, MAX_IMAGES, postUrl, tidFromKey } from './bluesky.fns.ts';
import { blueskyInteractions } from './interactions.ts';
import { agentFetch, COLLECTION, connect, DEFAULT_SERVICE, fail, getPost, translate } from './session.ts';

interface PostRecord {
  text: string;
  createdAt: string;
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

export const blueskyConnector: Connector & Interactions = {
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

  ...blueskyInteractions,
};
