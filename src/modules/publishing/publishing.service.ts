/**
 * Publishing use cases: what the editorial transaction enqueues, "publish now", connecting a
 * channel with its credentials, the publications of a post with every attempt, the queue view,
 * and a person's decision on a publication whose outcome is unknown.
 */
import crypto from 'node:crypto';
import { can } from '../../platform/auth/roles.ts';
import type { Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import type { ChannelsService, Platform } from '../channels/index.ts';
import { ConnectorError, type ChannelCredentials, type ConnectorContext, type ConnectorHttp } from '../../connectors/contract.ts';
import type { Interactions } from '../../connectors/interactions.ts';
import type { ConnectorRegistry } from '../../connectors/index.ts';
import * as editorialRepo from '../editorial/editorial.repo.ts';
import { transition, type OnVariantsScheduled, type PostStatus } from '../editorial/index.ts';
import { isLate, nextState, STATE_LABELS, type PublicationState } from './publishing.fns.ts';
import * as repo from './publishing.repo.ts';

/** Who acts: the same shape as the editorial Editor. */
export interface Publisher {
  userId: string;
  roles: readonly string[];
  audit: AuditActor;
}

/** The editorial hook: the variants that became due get their publication in the same transaction. */
export const enqueueScheduled: OnVariantsScheduled = (tx, enteId, postId, variants) =>
  repo.upsertPublications(
    tx,
    enteId,
    postId,
    variants.map((v) => ({ channelId: v.channelId, dueAt: v.scheduledAt, contentHash: v.contentHash })),
  );

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

export function createPublishingService(deps: {
  db: Db;
  channels: Pick<ChannelsService, 'get' | 'update' | 'setCredentials'>;
  connectors: ConnectorRegistry;
  http: ConnectorHttp;
  apiBases?: Partial<Record<Platform, string>>;
  /** Where platforms reach Redazione's webhooks (`REDAZIONE_PUBLIC_URL`); null: webhooks are not registered. */
  publicUrl?: string | null;
}) {
  const { db } = deps;

  /**
   * Registers the inbox's webhook with the platform where it is registered per account (Telegram):
   * a fresh secret unless one was given, the URL of `receiveWebhook` for this channel. Platforms
   * only deliver to HTTPS addresses; without a public HTTPS URL the office is told what to do.
   */
  async function registerWebhook(connector: ConnectorRegistry[Platform], ctx: ConnectorContext, credentials: ChannelCredentials): Promise<{ registered: boolean; secret?: string; reason?: { it: string; en: string } }> {
    const subscribe = (connector as Partial<Interactions> | undefined)?.subscribe;
    if (!subscribe) return { registered: false };
    const base = deps.publicUrl ?? null;
    if (!base || !/^https:\/\//.test(base)) {
      return {
        registered: false,
        reason: {
          it: 'Redazione non ha un indirizzo pubblico HTTPS (REDAZIONE_PUBLIC_URL): i commenti e i messaggi di questo canale non arriveranno nella posta finché non lo si configura e si ricollega il canale.',
          en: 'Redazione has no public HTTPS address (REDAZIONE_PUBLIC_URL): comments and messages of this channel will not reach the inbox until it is set and the channel reconnected.',
        },
      };
    }
    const given = credentials.account?.webhookSecret;
    const secret = typeof given === 'string' && given ? given : crypto.randomBytes(24).toString('base64url');
    try {
      await subscribe(ctx, { url: `${base.replace(/\/$/, '')}/api/v1/webhooks/${ctx.channel.platform}/${ctx.channel.id}`, secret });
      return { registered: true, secret };
    } catch (e) {
      if (e instanceof ConnectorError) return { registered: false, reason: e.explanation };
      throw e;
    }
  }

  async function visiblePost(who: Publisher, enteId: string, postId: string, lock = false) {
    const post = await editorialRepo.findPost(db, enteId, postId, lock);
    if (!post || (!can(who.roles, 'posts.read') && post.authorId !== who.userId)) throw new DomainError('not_found', { what: 'post' });
    return post;
  }

  function present(p: repo.PublicationRow, attempts: repo.AttemptRow[], channel: { name: string; platform: string } | undefined, now: Date) {
    const state = p.state as PublicationState;
    return {
      id: p.id,
      channelId: p.channelId,
      channelName: channel?.name ?? '',
      platform: channel?.platform ?? '',
      state,
      stateLabel: STATE_LABELS[state],
      dueAt: p.dueAt.toISOString(),
      nextAttemptAt: ['programmato', 'da_riprovare'].includes(state) ? p.nextAttemptAt.toISOString() : null,
      late: isLate({ state, dueAt: p.dueAt }, now),
      urgent: p.urgent,
      platformId: p.platformId,
      url: p.platformUrl,
      publishedAt: iso(p.publishedAt),
      reason: p.reasonIt ? { code: p.reasonCode ?? '', it: p.reasonIt, en: p.reasonEn ?? '' } : null,
      attempts: attempts.map((a) => ({
        n: a.n,
        worker: a.worker,
        startedAt: a.startedAt.toISOString(),
        finishedAt: iso(a.finishedAt),
        outcome: a.outcome,
        errorKind: a.errorKind,
        httpStatus: a.httpStatus,
        detail: a.detailIt ? { it: a.detailIt, en: a.detailEn ?? '' } : null,
      })),
    };
  }

  async function publicationsOf(enteId: string, postId: string, now = new Date()) {
    const rows = await repo.publicationsOfPost(db, enteId, postId);
    const attempts = await repo.attemptsOf(db, enteId, rows.map((r) => r.id));
    const channels = new Map((await editorialRepo.channelsOf(db, enteId)).map((c) => [c.id, c]));
    return rows.map((r) => present(r, attempts.filter((a) => a.publicationId === r.id), channels.get(r.channelId), now));
  }

  return {
    /** Per channel: state, link, reason and every attempt. */
    async listPublications(who: Publisher, enteId: string, postId: string) {
      await visiblePost(who, enteId, postId);
      return { publications: await publicationsOf(enteId, postId) };
    },

    /** Publishes approved variants now (urgent): due immediately, ahead of the queue. */
    async publishNow(who: Publisher, enteId: string, postId: string, input: { channelIds?: string[] }, now = new Date()) {
      await db.transaction(async (tx) => {
        const post = await editorialRepo.findPost(tx, enteId, postId, true);
        if (!post || (!can(who.roles, 'posts.read') && post.authorId !== who.userId)) throw new DomainError('not_found', { what: 'post' });
        if (!transition(post.status as PostStatus, { type: 'schedule', complete: true })) {
          throw new DomainError('invalid_transition', { status: post.status, action: 'pubblicarlo ora', actionEn: 'publish it now' });
        }
        const variants = await editorialRepo.variantsOf(tx, enteId, [postId]);
        const targets = input.channelIds ?? variants.map((v) => v.channelId);
        const existing = new Map((await repo.publicationsOfPost(tx, enteId, postId)).map((p) => [p.channelId, p]));
        const channels = new Map((await editorialRepo.channelsOf(tx, enteId)).map((c) => [c.id, c]));
        const due = [];
        for (const channelId of targets) {
          const v = variants.find((x) => x.channelId === channelId);
          if (!v) throw new DomainError('validation_failed', {}, [{ field: 'channelIds', code: 'unknown_channel' }]);
          const p = existing.get(channelId);
          if (p && !nextState(p.state as PublicationState, { type: 'requeue' })) {
            const label = STATE_LABELS[p.state as PublicationState];
            throw new DomainError('not_publishable', { channel: channels.get(channelId)?.name ?? channelId, state: label.it, action: 'pubblicare ora', actionEn: 'publish now' });
          }
          await editorialRepo.scheduleVariant(tx, enteId, postId, channelId, now, 'programmato');
          due.push({ channelId, dueAt: now, contentHash: v.contentHash });
        }
        const scheduled = new Set([...variants.filter((v) => v.scheduledAt).map((v) => v.channelId), ...targets]);
        const next = transition(post.status as PostStatus, { type: 'schedule', complete: variants.every((v) => scheduled.has(v.channelId)) })!;
        if (next !== post.status) await editorialRepo.updatePost(tx, enteId, postId, post.version, { status: next });
        await repo.upsertPublications(tx, enteId, postId, due, true);
        await appendAudit(tx, enteId, who.audit, { action: 'post.publish_now', entityType: 'post', entityId: postId, before: { status: post.status }, after: { status: next, channelIds: targets } });
      });
      return { publications: await publicationsOf(enteId, postId, now) };
    },

    /**
     * Checks the credentials with the platform, stores them sealed and makes the channel active.
     * A connector that needs none (the Ente's own ActivityPub actor) takes no token: its identity
     * is checked and the channel made active, with nothing stored.
     */
    async connectChannel(actor: AuditActor, enteId: string, channelId: string, input: Omit<ChannelCredentials, 'accessToken'> & { accessToken?: string }) {
      const channel = await deps.channels.get(enteId, channelId);
      const connector = deps.connectors[channel.platform];
      if (!connector) throw new DomainError('no_connector', { platform: channel.platform });
      const needsCredentials = connector.needsCredentials !== false;
      if (needsCredentials && !input.accessToken) throw new DomainError('validation_failed', {}, [{ field: 'accessToken', code: 'required' }]);
      const credentials: ChannelCredentials | null = needsCredentials ? { ...input, accessToken: input.accessToken! } : null;
      let account;
      try {
        account = await connector.identity({
          channel: { enteId, id: channelId, platform: channel.platform, handle: channel.handle, url: channel.url },
          credentials,
          http: deps.http,
          apiBase: deps.apiBases?.[channel.platform],
          now: () => new Date(),
        });
      } catch (e) {
        if (e instanceof ConnectorError) throw new DomainError('connection_failed', { reason: e.explanation.it, reasonEn: e.explanation.en });
        throw e;
      }
      let webhook: { registered: boolean; reason?: { it: string; en: string } } = { registered: false };
      if (credentials) {
        const stored: ChannelCredentials = { ...credentials, account: { ...credentials.account, ...(credentials.account?.id ? {} : { id: account.id }) } };
        const ctx: ConnectorContext = { channel: { enteId, id: channelId, platform: channel.platform, handle: channel.handle, url: channel.url }, credentials: stored, http: deps.http, apiBase: deps.apiBases?.[channel.platform], now: () => new Date() };
        const w = await registerWebhook(connector, ctx, stored);
        if (w.secret) stored.account = { ...stored.account, webhookSecret: w.secret };
        webhook = { registered: w.registered, ...(w.reason ? { reason: w.reason } : {}) };
        await deps.channels.setCredentials(actor, enteId, channelId, JSON.stringify(stored));
      }
      const current = await deps.channels.get(enteId, channelId);
      const after = current.status === 'attivo' ? current : await deps.channels.update(actor, enteId, channelId, { status: 'attivo', version: current.version });
      await db.transaction((tx) => appendAudit(tx, enteId, actor, { action: 'channel.connect', entityType: 'channel', entityId: channelId, after: { account: { id: account.id, handle: account.handle }, webhook: webhook.registered } }));
      return { channel: after, account, webhook };
    },

    /** Due, late, failed and to-be-checked publications of the Ente, per channel. */
    async getQueueStatus(enteId: string, now = new Date()) {
      const rows = await repo.queueOf(db, enteId);
      const perChannel = new Map<string, { channelId: string; channelName: string; platform: string; due: number; late: number; publishing: number; failed: number; toVerify: number; nextDueAt: string | null }>();
      const totals = { due: 0, late: 0, publishing: 0, failed: 0, toVerify: 0 };
      const items = rows.map(({ p, channelName, platform, title }) => {
        const state = p.state as PublicationState;
        const late = isLate({ state, dueAt: p.dueAt }, now);
        const c = perChannel.get(p.channelId) ?? { channelId: p.channelId, channelName, platform, due: 0, late: 0, publishing: 0, failed: 0, toVerify: 0, nextDueAt: null };
        const bump = (k: keyof typeof totals) => {
          totals[k]++;
          c[k]++;
        };
        if (state === 'in_pubblicazione') bump('publishing');
        else if (state === 'fallito') bump('failed');
        else if (state === 'da_verificare') bump('toVerify');
        else bump('due');
        if (late) bump('late');
        if ((state === 'programmato' || state === 'da_riprovare') && (!c.nextDueAt || c.nextDueAt > p.dueAt.toISOString())) c.nextDueAt = p.dueAt.toISOString();
        perChannel.set(p.channelId, c);
        return {
          publicationId: p.id,
          postId: p.postId,
          title,
          channelId: p.channelId,
          channelName,
          state,
          dueAt: p.dueAt.toISOString(),
          nextAttemptAt: p.nextAttemptAt.toISOString(),
          attempts: p.attempts,
          late,
          reason: p.reasonIt ? { code: p.reasonCode ?? '', it: p.reasonIt, en: p.reasonEn ?? '' } : null,
        };
      });
      return { now: now.toISOString(), totals, channels: [...perChannel.values()], items: items.slice(0, 500) };
    },

    /** A person's answer for a publication "da verificare": it went out (with its link) or it did not. */
    async resolvePublication(who: Publisher, enteId: string, publicationId: string, input: { published: boolean; url?: string | null; platformId?: string | null }, now = new Date()) {
      const postId = await db.transaction(async (tx) => {
        const p = await repo.findPublication(tx, enteId, publicationId, true);
        if (!p) throw new DomainError('not_found', { what: 'publication' });
        const next = nextState(p.state as PublicationState, { type: 'resolve', published: input.published });
        if (!next) throw new DomainError('not_publishable', { channel: p.channelId, state: STATE_LABELS[p.state as PublicationState].it, action: 'decidere', actionEn: 'decide' });
        if (input.published) {
          await repo.updatePublication(tx, enteId, p.id, { state: next, platformUrl: input.url ?? null, platformId: input.platformId ?? null, publishedAt: now, needsLookup: false, reasonCode: null, reasonIt: null, reasonEn: null });
          await repo.markVariantPublished(tx, enteId, p.postId, p.channelId);
        } else {
          await repo.updatePublication(tx, enteId, p.id, { state: next, nextAttemptAt: now, needsLookup: false, failures: 0, reasonCode: null, reasonIt: null, reasonEn: null });
          await repo.notifyDue(tx, now);
        }
        await appendAudit(tx, enteId, who.audit, { action: 'publication.resolve', entityType: 'post', entityId: p.postId, before: { state: p.state }, after: { state: next, channelId: p.channelId, url: input.url ?? null } });
        return p.postId;
      });
      return { publications: await publicationsOf(enteId, postId, now) };
    },

    /** Messages for the desks (e.g. a channel to reconnect). */
    listNotifications: async (enteId: string) =>
      (await repo.listNotifications(db, enteId)).map((n) => ({
        id: n.id,
        deskId: n.deskId,
        channelId: n.channelId,
        kind: n.kind,
        message: { it: n.messageIt, en: n.messageEn },
        createdAt: n.createdAt.toISOString(),
      })),
  };
}

export type PublishingService = ReturnType<typeof createPublishingService>;
