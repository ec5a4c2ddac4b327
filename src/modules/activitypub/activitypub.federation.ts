/**
 * The Ente's ActivityPub actor with Fedify 1.5: WebFinger, the actor (an Organization), its
 * outbox, followers, and an inbox that accepts Follow automatically and honours Undo(Follow).
 * Fedify checks the HTTP signature of every inbox POST and answers 401 when it cannot verify it.
 *
 * Queue: DbMessageQueue on our database (deliveries, Fedify's retries of them and inbox work
 * survive a restart and are shared by every process). Key–value store: DbKvStore on our
 * database, so several processes share inbox idempotence and the key cache.
 */
import type { webcrypto } from 'node:crypto';
import {
  Accept,
  Create,
  createFederation,
  Endpoints,
  exportJwk,
  Follow,
  generateCryptoKeyPair,
  importJwk,
  isActor,
  Note,
  Organization,
  Undo,
  type Federation,
  type Recipient,
} from '@fedify/fedify';
import type { Db } from '../../platform/db/index.ts';
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import type { OrganisationService } from '../organisation/index.ts';
import * as repo from './activitypub.repo.ts';
import { escapeHtml } from './activitypub.fns.ts';
import { DbKvStore } from './activitypub.kv.ts';
import type { DbMessageQueue } from './activitypub.queue.ts';
import { isPublicUrl } from './activitypub.net.ts';

export const ACTOR_PATH = '/ap/enti/{identifier}';
const OUTBOX_PAGE = 20;

export interface FederationDeps {
  db: Db;
  secrets: SecretBox;
  organisation: Pick<OrganisationService, 'findEnteBySlug'>;
  /** Canonical origin (REDAZIONE_PUBLIC_URL); without it, the request's origin. */
  publicUrl: string | null;
  /** Fetch actors on private and loopback addresses: only for local tests (REDAZIONE_AP_ALLOW_PRIVATE=1). */
  allowPrivateAddress: boolean;
  log?: { warn(obj: unknown, msg: string): void };
}

const policyUrl = (actor: URL, slug: string) => new URL(`/enti/${encodeURIComponent(slug)}/social-media-policy`, actor);

/** The Ente's RSA key pair, created and sealed on first use; cached (keys never change). */
export function createKeyring(deps: Pick<FederationDeps, 'db' | 'secrets'>) {
  const cache = new Map<string, Promise<webcrypto.CryptoKeyPair>>();
  async function load(enteId: string): Promise<webcrypto.CryptoKeyPair> {
    let row = await repo.findKeys(deps.db, enteId);
    if (!row) {
      const pair = await generateCryptoKeyPair('RSASSA-PKCS1-v1_5');
      const sealed = deps.secrets.seal(JSON.stringify(await exportJwk(pair.privateKey)), `activitypub:${enteId}`);
      row = await repo.insertKeysOnce(deps.db, enteId, await exportJwk(pair.publicKey), sealed);
    }
    const privateJwk = JSON.parse(deps.secrets.open(row.privateKeySealed, `activitypub:${enteId}`)) as webcrypto.JsonWebKey;
    return { publicKey: await importJwk(row.publicKeyJwk, 'public'), privateKey: await importJwk(privateJwk, 'private') };
  }
  return (enteId: string) => {
    let p = cache.get(enteId);
    if (!p) {
      p = load(enteId);
      p.catch(() => cache.delete(enteId));
      cache.set(enteId, p);
    }
    return p;
  };
}

export function buildFederation(deps: FederationDeps & { queue: DbMessageQueue }): Federation<void> {
  const { db, organisation } = deps;
  const keyPair = createKeyring(deps);
  const federation = createFederation<void>({
    kv: new DbKvStore(db),
    queue: deps.queue,
    manuallyStartQueue: true,
    allowPrivateAddress: deps.allowPrivateAddress,
    ...(deps.publicUrl ? { origin: deps.publicUrl } : {}),
  });

  federation
    .setActorDispatcher(ACTOR_PATH, async (ctx, identifier) => {
      const ente = await organisation.findEnteBySlug(identifier);
      if (!ente) return null;
      const keys = await ctx.getActorKeyPairs(identifier);
      const id = ctx.getActorUri(identifier);
      const policy = policyUrl(id, identifier);
      return new Organization({
        id,
        preferredUsername: identifier,
        name: ente.name,
        summary:
          `<p>Account ufficiale di ${escapeHtml(ente.name)}. Le regole di questo spazio sono nella ` +
          `<a href="${escapeHtml(policy.href)}">social media policy dell'Ente</a>.</p>`,
        url: policy,
        inbox: ctx.getInboxUri(identifier),
        outbox: ctx.getOutboxUri(identifier),
        followers: ctx.getFollowersUri(identifier),
        endpoints: new Endpoints({ sharedInbox: ctx.getInboxUri() }),
        publicKey: keys[0]?.cryptographicKey,
        assertionMethods: keys.map((k) => k.multikey),
        manuallyApprovesFollowers: false,
        discoverable: true,
      });
    })
    .setKeyPairsDispatcher(async (_ctx, identifier) => {
      const ente = await organisation.findEnteBySlug(identifier);
      return ente ? [await keyPair(ente.id)] : [];
    });

  federation
    .setOutboxDispatcher(`${ACTOR_PATH}/outbox`, async (ctx, identifier, cursor) => {
      const ente = await organisation.findEnteBySlug(identifier);
      if (!ente) return null;
      const rows = await repo.listOutbox(db, ente.id, OUTBOX_PAGE + 1, cursor ? new Date(cursor) : undefined);
      const page = rows.slice(0, OUTBOX_PAGE);
      const items = await Promise.all(page.map((r) => Create.fromJsonLd(r.activity, { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader })));
      return { items, nextCursor: rows.length > OUTBOX_PAGE ? page.at(-1)!.publishedAt.toISOString() : null };
    })
    .setCounter(async (_ctx, identifier) => {
      const ente = await organisation.findEnteBySlug(identifier);
      return ente ? repo.countOutbox(db, ente.id) : null;
    })
    .setFirstCursor(() => '');

  federation
    .setFollowersDispatcher(`${ACTOR_PATH}/followers`, async (_ctx, identifier) => {
      const ente = await organisation.findEnteBySlug(identifier);
      if (!ente) return null;
      const rows = await repo.listFollowers(db, ente.id);
      const items: Recipient[] = rows.map((r) => ({
        id: new URL(r.actorUri),
        inboxId: new URL(r.inboxUrl),
        endpoints: r.sharedInboxUrl ? { sharedInbox: new URL(r.sharedInboxUrl) } : null,
      }));
      return { items };
    })
    .setCounter(async (_ctx, identifier) => {
      const ente = await organisation.findEnteBySlug(identifier);
      return ente ? repo.countFollowers(db, ente.id) : null;
    });

  federation.setObjectDispatcher(Note, `${ACTOR_PATH}/notes/{key}`, async (ctx, { identifier, key }) => {
    const ente = await organisation.findEnteBySlug(identifier);
    const row = ente ? await repo.findNote(db, ente.id, key) : undefined;
    if (!row || row.deletedAt) return null;
    const create = await Create.fromJsonLd(row.activity, { documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
    const note = await create.getObject({ documentLoader: ctx.documentLoader, contextLoader: ctx.contextLoader });
    return note instanceof Note ? note : null;
  });

  /** The Ente a Follow or Undo is addressed to, from the object's URI. */
  async function addressee(ctx: { parseUri(uri: URL | null): { type: string; identifier?: string } | null }, object: URL | null) {
    const parsed = ctx.parseUri(object);
    if (parsed?.type !== 'actor' || !parsed.identifier) return null;
    const ente = await organisation.findEnteBySlug(parsed.identifier);
    return ente ? { ente, slug: parsed.identifier } : null;
  }

  federation
    .setInboxListeners(`${ACTOR_PATH}/inbox`, '/ap/inbox')
    .on(Follow, async (ctx, follow) => {
      if (!follow.id || !follow.actorId || !follow.objectId) return;
      const to = await addressee(ctx, follow.objectId);
      if (!to) return;
      const follower = await follow.getActor(ctx);
      if (!isActor(follower) || !follower.id || !follower.inboxId || follower.id.href !== follow.actorId.href) return;
      const inboxes = [follower.inboxId, follower.endpoints?.sharedInbox].filter((u): u is URL => u instanceof URL);
      if (!deps.allowPrivateAddress) {
        for (const u of inboxes) {
          if (!(await isPublicUrl(u))) {
            deps.log?.warn({ inbox: u.href }, 'activitypub: follower inbox on a private address refused');
            return;
          }
        }
      }
      await repo.upsertFollower(db, {
        enteId: to.ente.id,
        actorUri: follower.id.href,
        inboxUrl: follower.inboxId.href,
        sharedInboxUrl: follower.endpoints?.sharedInbox?.href ?? null,
        followId: follow.id.href,
      });
      const accept = new Accept({
        id: new URL(`#accept/${encodeURIComponent(follow.id.href)}`, ctx.getActorUri(to.slug)),
        actor: ctx.getActorUri(to.slug),
        object: follow,
      });
      await ctx.sendActivity({ identifier: to.slug }, follower, accept);
    })
    .on(Undo, async (ctx, undo) => {
      const object = await undo.getObject(ctx);
      if (!(object instanceof Follow) || !undo.actorId || object.actorId?.href !== undo.actorId.href) return;
      const to = await addressee(ctx, object.objectId);
      if (to) await repo.deleteFollower(db, to.ente.id, undo.actorId.href);
    })
    .onError((_ctx, error) => deps.log?.warn({ err: error }, 'activitypub inbox error'));

  return federation;
}
