/**
 * ActivityPub connector: publishes to the Ente's OWN fediverse actor (src/modules/activitypub),
 * which delivers a Create(Note) to every follower's inbox with HTTP Signatures (draft-cavage,
 * by Fedify). Follows ActivityPub (W3C REC 2018) and ActivityStreams 2.0.
 *
 * No credentials: the Ente's key pair lives in our database. The base URL is REDAZIONE_PUBLIC_URL,
 * else `ctx.apiBase`, else the origin of the channel's URL (the actor's URL). Outgoing calls are
 * Fedify's own (its document loader and delivery queue), not `ctx.http`.
 * Idempotency: the Note's id is derived from the idempotency key and written once to our outbox;
 * lookup reads our outbox.
 */
import type { Connector, ConnectorContext } from '../contract.ts';
import { ConnectorError } from '../contract.ts';
import { ActivityPubError, type ActivityPubService } from '../../modules/activitypub/index.ts';

type Presence = Pick<ActivityPubService, 'publish' | 'lookup' | 'delete' | 'identity'>;

const originOf = (ctx: ConnectorContext): string | null => {
  if (ctx.apiBase) return ctx.apiBase;
  try {
    return new URL(ctx.channel.url).origin;
  } catch {
    return null;
  }
};

function translate(e: unknown): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (e instanceof ActivityPubError) {
    switch (e.code) {
      case 'unknown_ente':
        return new ConnectorError('disconnected', {
          it: 'Presenza ActivityPub non configurata: manca l’Ente o REDAZIONE_PUBLIC_URL.',
          en: 'ActivityPub presence not configured: the Ente or REDAZIONE_PUBLIC_URL is missing.',
        });
      case 'not_ours':
        return new ConnectorError('bad_request', { it: 'Il contenuto non appartiene a questo Ente.', en: 'The item does not belong to this Ente.' });
      case 'delivery_failed':
        return new ConnectorError('transient', {
          it: 'La consegna ai follower non è partita: nuovo tentativo (stesso contenuto, nessun doppione).',
          en: 'Delivery to followers did not start: retry (same Note id, no duplicate).',
        });
    }
  }
  // The database or the process failed midway: the outbox tells what happened.
  return new ConnectorError('unknown_outcome', { it: 'Esito incerto: verificare prima di riprovare.', en: 'Uncertain outcome: look up before retrying.' });
}

/** The connector over the Ente's ActivityPub presence. */
export function createActivityPubConnector(ap: Presence): Connector {
  return {
    platform: 'activitypub',
    needsCredentials: false,
    capabilities: { media: true, altText: true, delete: true, lookup: true, refresh: false },
    // Our own server: the limit protects followers' servers from bursts.
    rateLimits: { perChannel: { requests: 60, perMs: 60_000 } },

    async identity(ctx) {
      try {
        return await ap.identity(ctx.channel.enteId, originOf(ctx));
      } catch (e) {
        throw translate(e);
      }
    },

    async publish(ctx, req) {
      if (req.media.some((m) => m.kind !== 'image')) {
        throw new ConnectorError('media_rejected', { it: 'Per ora il canale ActivityPub pubblica solo immagini.', en: 'The ActivityPub channel publishes images only for now.' });
      }
      const media = [];
      for (const m of req.media) media.push({ mime: m.mime, altText: m.altText, bytes: await m.bytes() });
      try {
        const r = await ap.publish(ctx.channel.enteId, originOf(ctx), { idempotencyKey: req.idempotencyKey, text: req.text, link: req.link, media }, ctx.now());
        return { platformId: r.noteId, url: r.noteId, publishedAt: r.publishedAt };
      } catch (e) {
        throw translate(e);
      }
    },

    async lookup(ctx, req) {
      const r = await ap.lookup(ctx.channel.enteId, req).catch((e: unknown) => {
        throw translate(e);
      });
      return r ? { platformId: r.noteId, url: r.noteId, publishedAt: r.publishedAt } : null;
    },

    async delete(ctx, platformId) {
      try {
        await ap.delete(ctx.channel.enteId, originOf(ctx), platformId, ctx.now());
      } catch (e) {
        throw translate(e);
      }
    },
  };
}
