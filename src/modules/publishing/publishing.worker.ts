/**
 * The publishing worker: claims due publications from the `publications` table (FOR UPDATE SKIP
 * LOCKED, so several processes share the queue), takes rate-limit tokens, and calls the
 * connector. Exactly once: a claim is committed (state in_pubblicazione, lease, attempt row)
 * before the platform is called; a claim whose lease ran out (the worker died) is taken again
 * with `needsLookup`, and `lookup` must answer "nothing went out" before anyone publishes again.
 *
 * Fast path (ADR 0007): a batch of rows is claimed in one transaction (one UPDATE … FOR UPDATE
 * SKIP LOCKED … RETURNING with the variant and channel, one read and one write of the token
 * buckets, one multi-row INSERT of attempts); finished attempts are recorded in batches (one
 * statement for publications, attempts and variants, one for posts, and the audit events, all in
 * one transaction); idle workers sleep until the next due time (capped) and are woken by
 * LISTEN/NOTIFY when something becomes due now.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import pg from 'pg';
import type { Db } from '../../platform/db/index.ts';
import { appendAudit, appendAuditMany, type AuditActor } from '../audit/index.ts';
import type { ChannelsService, Platform } from '../channels/index.ts';
import { ConnectorError, type ChannelCredentials, type Connector, type ConnectorContext, type ConnectorHttp, type MediaForPublish } from '../../connectors/contract.ts';
import type { ConnectorRegistry } from '../../connectors/index.ts';
import * as editorialRepo from '../editorial/editorial.repo.ts';
import { allocateTokens, claimSize, decide, DEFAULT_RETRY, FAILURE_ADVICE, idleSleepMs, needsRefresh, type RetryPolicy, type TokenNeed } from './publishing.fns.ts';
import * as repo from './publishing.repo.ts';

export const WORKER_ACTOR: AuditActor = { id: null, label: 'redazione worker' };

export interface WorkerOptions {
  /** The longest an idle worker sleeps before looking at the queue again (LISTEN/NOTIFY wakes it earlier). */
  pollMs: number;
  concurrency: number;
  leaseMs: number;
  retry: RetryPolicy;
  /** How often the worker checks tokens of channels with something due soon. */
  tokenCheckMs: number;
  refreshHorizonMs: number;
  workerId: string;
  /** Rows claimed per transaction (default: concurrency). */
  batchSize?: number;
  /** Finished attempts are recorded together: after at most this many ms (default 5)… */
  flushMs?: number;
  /** …or as soon as this many are waiting (default 100). */
  flushMax?: number;
  /** Listen for "due now" notifications (default true). */
  listen?: boolean;
}

function int(v: string | undefined, fallback: number): number {
  const n = Number(v);
  return v && Number.isFinite(n) && n >= 0 ? n : fallback;
}

/** Worker settings from REDAZIONE_PUBLISH_* variables (documented in the README). */
export function workerOptionsFromEnv(env: NodeJS.ProcessEnv): WorkerOptions & { timeoutMs: number; apiBases: Partial<Record<Platform, string>>; enabled: boolean } {
  const timeoutMs = int(env.REDAZIONE_CONNECTOR_TIMEOUT_MS, 30_000);
  const apiBases: Partial<Record<Platform, string>> = {};
  for (const [k, v] of Object.entries(env)) {
    const m = /^REDAZIONE_API_BASE_([A-Z_]+)$/.exec(k);
    if (m && v) apiBases[m[1]!.toLowerCase() as Platform] = v.replace(/\/$/, '');
  }
  return {
    enabled: env.REDAZIONE_WORKER !== '0',
    pollMs: int(env.REDAZIONE_PUBLISH_POLL_MS, 1_000),
    concurrency: Math.max(1, int(env.REDAZIONE_PUBLISH_CONCURRENCY, 10)),
    // The lease must outlive one call to the platform, or a slow call would be taken over.
    leaseMs: Math.max(int(env.REDAZIONE_PUBLISH_LEASE_MS, 120_000), 2 * timeoutMs),
    retry: {
      baseMs: int(env.REDAZIONE_PUBLISH_BACKOFF_MS, DEFAULT_RETRY.baseMs),
      capMs: int(env.REDAZIONE_PUBLISH_BACKOFF_CAP_MS, DEFAULT_RETRY.capMs),
      maxFailures: Math.max(1, int(env.REDAZIONE_PUBLISH_MAX_FAILURES, DEFAULT_RETRY.maxFailures)),
    },
    tokenCheckMs: int(env.REDAZIONE_PUBLISH_TOKEN_CHECK_MS, 60_000),
    refreshHorizonMs: int(env.REDAZIONE_PUBLISH_REFRESH_HORIZON_MS, 3_600_000),
    workerId: `${os.hostname()}:${process.pid}`,
    batchSize: Math.max(1, int(env.REDAZIONE_PUBLISH_BATCH, 50)),
    flushMs: int(env.REDAZIONE_PUBLISH_FLUSH_MS, 5),
    flushMax: Math.max(1, int(env.REDAZIONE_PUBLISH_FLUSH_MAX, 100)),
    listen: env.REDAZIONE_PUBLISH_LISTEN !== '0',
    timeoutMs,
    apiBases,
  };
}

/**
 * Crisis mode, seen from the queue (the crisis module implements it; publishing does not import
 * crisis, which depends on publishing). A claimed variant of an Ente in crisis goes out only if
 * the crisis lets it (crisis message, allow-listed author, channel not in crisis); otherwise it is
 * paused the crisis module's way and left for a person to reschedule or drop after the crisis.
 */
export interface CrisisGate {
  /** The Enti among these with a crisis in force: asked once per claimed batch. */
  openCrisisEnti(tx: Db, enteIds: readonly string[]): Promise<Set<string>>;
  /** Only for rows of Enti in crisis: true when the crisis holds the variant (already paused inside `tx`). */
  pauseForCrisis(tx: Db, enteId: string, postId: string, channelId: string): Promise<boolean>;
}

/** Why a held publication did not go out (its reason in the post's publications). */
const CRISIS_HOLD = {
  code: 'crisis_paused',
  it: 'Sospesa dalla modalità crisi: durante la crisi escono solo i messaggi di crisi. Dopo la crisi riprogrammala o scartala dai post sospesi.',
  en: 'Paused by crisis mode: only crisis messages go out during the crisis. After it, reschedule or drop it from the paused posts.',
};

export interface WorkerDeps {
  db: Db;
  /** Crisis mode: claimed rows of Enti in crisis are held back and paused (absent: no crisis check). */
  crisis?: CrisisGate;
  channels: Pick<ChannelsService, 'readCredentials' | 'setCredentials'>;
  connectors: ConnectorRegistry;
  http: ConnectorHttp;
  apiBases?: Partial<Record<Platform, string>>;
  options: WorkerOptions;
  log?: { info(o: object, m?: string): void; warn(o: object, m?: string): void; error(o: object, m?: string): void };
}

interface Claimed {
  pub: repo.PublicationRow;
  variant: NonNullable<repo.ClaimedRow['variant']>;
  channel: NonNullable<repo.ClaimedRow['channel']>;
  connector: Connector;
  token: string;
  n: number;
  secretUpdatedAt: number | null;
  /** Claimed while its Ente was in crisis after a possible earlier attempt: once the lookup says nothing went out, ask the gate. */
  crisisRecheck: boolean;
  /** Frees the row's slot: called once its outcome is queued for recording (or it ended otherwise). */
  release?: () => void;
}

interface Pending {
  finish: repo.Finish;
  cl: Claimed;
  audit?: { action: string; after: Record<string, unknown> };
  done: () => void;
  failed: (e: unknown) => void;
}

type Explanation = { it: string; en: string };

export function createPublishingWorker(deps: WorkerDeps) {
  const { db, options: o } = deps;
  const log = deps.log ?? { info() {}, warn() {}, error() {} };
  const inflight = new Set<Promise<void>>();
  let running = false;
  let loopDone: Promise<void> | null = null;
  let wake: (() => void) | null = null;
  let lastTokenCheck = 0;
  let tokenCheck: Promise<void> | null = null;

  const bucketKeys = (platform: string, enteId: string, channelId: string) => ({ channel: `ch:${platform}:${enteId}:${channelId}`, app: `app:${platform}` });

  /**
   * Claims up to `n` due publications in one transaction: one claim statement (two when a backlog
   * may hide "publish now" rows), one for attempts interrupted by a dead worker (rare), three for
   * the token buckets, one multi-row INSERT of the attempts; rows that must not go out now are
   * given back one by one (rare: edited variant, no connector, no token).
   */
  async function claim(n: number, urgentFirst: boolean): Promise<Claimed[]> {
    const now = new Date();
    const lease = new Date(now.getTime() + o.leaseMs);
    return db.transaction(async (tx) => {
      const args = { now, leaseUntil: lease, workerId: o.workerId };
      const rows = urgentFirst ? await repo.claimDue(tx, { ...args, limit: n, urgentOnly: true }) : [];
      if (rows.length < n) rows.push(...(await repo.claimDue(tx, { ...args, limit: n - rows.length, urgentOnly: false })));
      if (rows.length === 0) return [];
      await repo.closeOpenAttemptsOf(tx, rows.filter((r) => r.prev.state === 'in_pubblicazione').map((r) => r.pub), now);

      /** Gives a claimed row back as it was, with the changes of `patch`. */
      const giveBack = (r: repo.ClaimedRow, patch: Partial<typeof r.pub>) =>
        repo.updatePublication(tx, r.pub.enteId, r.pub.id, {
          attempts: r.prev.attempts,
          needsLookup: r.prev.needsLookup,
          nextAttemptAt: r.prev.nextAttemptAt,
          firstAttemptAt: r.prev.firstAttemptAt,
          claimedBy: r.prev.claimedBy,
          claimToken: null,
          leaseUntil: null,
          ...patch,
        });

      // Crisis mode: one query for the whole batch; the gate is asked only for rows of Enti in crisis.
      const inCrisis = deps.crisis ? await deps.crisis.openCrisisEnti(tx, [...new Set(rows.map((r) => r.pub.enteId))]) : new Set<string>();
      const held: repo.ClaimedRow[] = [];

      const candidates: { r: repo.ClaimedRow; connector: Connector; need: TokenNeed; mayHaveGoneOut: boolean }[] = [];
      for (const r of rows) {
        const stale = r.prev.state === 'in_pubblicazione';
        const mayHaveGoneOut = stale || r.prev.needsLookup;
        const { variant: v, channel: c } = r;
        const connector = c ? deps.connectors[c.platform as Platform] : undefined;
        const changed = !v || v.status !== 'programmato' || v.contentHash !== r.pub.contentHash;
        if (changed && !mayHaveGoneOut) {
          await giveBack(r, { state: 'annullato', reasonCode: 'variant_changed', reasonIt: 'La variante è stata modificata o tolta dalla programmazione.', reasonEn: 'The variant was changed or unscheduled.' });
          continue;
        }
        if (!c || !connector || !v) {
          const advice = mayHaveGoneOut ? FAILURE_ADVICE.unknown_outcome : FAILURE_ADVICE.no_connector;
          await giveBack(r, { state: mayHaveGoneOut ? 'da_verificare' : 'fallito', reasonCode: mayHaveGoneOut ? 'unknown_outcome' : 'no_connector', reasonIt: advice.it, reasonEn: advice.en });
          continue;
        }
        // A row that may have gone out is looked up first; the gate is asked after the lookup (process).
        if (inCrisis.has(r.pub.enteId) && !mayHaveGoneOut && (await deps.crisis!.pauseForCrisis(tx, r.pub.enteId, r.pub.postId, r.pub.channelId))) {
          await giveBack(r, { state: 'annullato', reasonCode: CRISIS_HOLD.code, reasonIt: CRISIS_HOLD.it, reasonEn: CRISIS_HOLD.en });
          held.push(r);
          continue;
        }
        const k = bucketKeys(c.platform, r.pub.enteId, r.pub.channelId);
        const keys = [{ key: k.channel, limit: connector.rateLimits.perChannel }];
        if (connector.rateLimits.perApp) keys.push({ key: k.app, limit: connector.rateLimits.perApp });
        candidates.push({ r, connector, need: { keys }, mayHaveGoneOut });
      }

      // Rate limits: a token per channel and per app for the whole batch, or wait for one (not an attempt).
      const capacities = new Map<string, number>();
      for (const { need } of candidates) for (const { key, limit } of need.keys) capacities.set(key, limit.requests);
      const stored = await repo.lockBucketsFor(tx, capacities, now);
      const alloc = allocateTokens(candidates.map((x) => x.need), stored, now.getTime());
      const claimed: Claimed[] = [];
      for (const [i, { r, connector, mayHaveGoneOut }] of candidates.entries()) {
        const a = alloc.results[i]!;
        if (!a.ok) {
          await giveBack(r, { state: r.prev.state === 'in_pubblicazione' ? 'da_riprovare' : r.prev.state, needsLookup: mayHaveGoneOut, nextAttemptAt: new Date(now.getTime() + a.waitMs) });
          continue;
        }
        claimed.push({ pub: r.pub, variant: r.variant!, channel: r.channel!, connector, token: r.pub.claimToken!, n: r.pub.attempts, secretUpdatedAt: r.secretUpdatedAt, crisisRecheck: mayHaveGoneOut && inCrisis.has(r.pub.enteId) });
      }
      await appendAuditMany(tx, held.map((r) => ({ enteId: r.pub.enteId, actor: WORKER_ACTOR, input: { action: 'publication.held_crisis', entityType: 'post', entityId: r.pub.postId, after: { channelId: r.pub.channelId, publicationId: r.pub.id } } })));
      await repo.saveBuckets(tx, alloc.touched.map((k) => [k, alloc.buckets.get(k)!]));
      await repo.insertAttempts(tx, claimed.map((cl) => ({ enteId: cl.pub.enteId, publicationId: cl.pub.id, n: cl.n, worker: o.workerId, startedAt: now })));
      return claimed;
    });
  }

  /**
   * Decrypted credentials per channel, keyed by the version (channel_secrets.updated_at) the claim
   * statement read: a reconnection or a refresh changes the version, so a stale entry is never used.
   */
  const credentialCache = new Map<string, { version: number; credentials: ChannelCredentials | null }>();

  async function credentialsOf(enteId: string, channelId: string, version?: number | null): Promise<ChannelCredentials | null> {
    if (version === null) return null; // the claim saw no sealed credentials for the channel
    const key = `${enteId}:${channelId}`;
    if (version != null) {
      const hit = credentialCache.get(key);
      if (hit && hit.version === version) return hit.credentials;
    }
    const credentials = await readCredentials(enteId, channelId);
    if (version != null) credentialCache.set(key, { version, credentials });
    return credentials;
  }

  async function readCredentials(enteId: string, channelId: string): Promise<ChannelCredentials | null> {
    const raw = await deps.channels.readCredentials(enteId, channelId);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as ChannelCredentials;
    } catch {
      return { accessToken: raw }; // a bare token stored before connectChannel existed
    }
  }

  function contextFor(c: Claimed['channel'], credentials: ChannelCredentials | null): ConnectorContext {
    return {
      channel: { enteId: c.enteId, id: c.id, platform: c.platform as Platform, handle: c.handle, url: c.url },
      credentials,
      http: deps.http,
      apiBase: deps.apiBases?.[c.platform as Platform],
      now: () => new Date(),
    };
  }

  /** Marks the channel "da_ricollegare" and tells its owner desk, once. */
  async function disconnect(c: Claimed['channel'], why: Explanation) {
    await db.transaction(async (tx) => {
      const changed = await repo.disconnectChannel(tx, c.enteId, c.id);
      if (!changed) return;
      await repo.insertNotification(tx, {
        enteId: c.enteId,
        deskId: c.ownerDeskId,
        channelId: c.id,
        kind: 'channel_reconnect',
        messageIt: `Il canale «${c.name}» va ricollegato prima delle prossime pubblicazioni. ${why.it}`,
        messageEn: `The channel "${c.name}" must be reconnected before the next publications. ${why.en}`,
      });
      await appendAudit(tx, c.enteId, WORKER_ACTOR, { action: 'channel.needs_reconnect', entityType: 'channel', entityId: c.id, before: { status: 'attivo' }, after: { status: 'da_ricollegare', reason: why.it } });
    });
  }

  /** Refreshes in flight per channel: the token check and a publication never refresh the same channel twice at once. */
  const refreshing = new Map<string, Promise<ChannelCredentials | null>>();

  /** Refreshes the token and stores it sealed; null when it cannot be refreshed. */
  function refresh(connector: Connector, ctx: ConnectorContext): Promise<ChannelCredentials | null> {
    const key = `${ctx.channel.enteId}:${ctx.channel.id}`;
    const running = refreshing.get(key);
    if (running) return running;
    const p = refreshOnce(connector, ctx).finally(() => refreshing.delete(key));
    refreshing.set(key, p);
    return p;
  }

  async function refreshOnce(connector: Connector, ctx: ConnectorContext): Promise<ChannelCredentials | null> {
    if (!connector.capabilities.refresh || !connector.refresh || !ctx.credentials?.refreshToken) return null;
    try {
      const fresh = await connector.refresh(ctx);
      credentialCache.delete(`${ctx.channel.enteId}:${ctx.channel.id}`);
      await deps.channels.setCredentials(WORKER_ACTOR, ctx.channel.enteId, ctx.channel.id, JSON.stringify(fresh));
      return fresh;
    } catch (e) {
      log.warn({ err: e, channel: ctx.channel.id }, 'token refresh failed');
      return null;
    }
  }

  /**
   * Records an attempt's outcome. Outcomes are written in batches (see `flush`); the promise
   * resolves once the batch is committed. Until then the row is still in_pubblicazione under our
   * claim: if the process dies now, the lease runs out and the next worker looks up first.
   */
  function settle(cl: Claimed, patch: repo.Finish['patch'], attempt: repo.Finish['attempt'], audit?: { action: string; after: Record<string, unknown> }, _published = false): Promise<void> {
    return new Promise<void>((done, failed) => {
      pending.push({ finish: { enteId: cl.pub.enteId, id: cl.pub.id, claimToken: cl.token, n: cl.n, patch, attempt }, cl, audit, done, failed });
      scheduleFlush();
      // The platform has answered: the slot can take a new row while the outcome is being recorded.
      cl.release?.();
    });
  }

  const pending: Pending[] = [];
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let flushing: Promise<void> | null = null;
  const flushMs = o.flushMs ?? 5;
  const flushMax = o.flushMax ?? 100;

  function scheduleFlush() {
    if (flushing) return; // the running flush takes the next batch when it ends
    if (pending.length >= flushMax) {
      if (flushTimer) clearTimeout(flushTimer);
      flushTimer = null;
      flushing = flushLoop();
      return;
    }
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      if (!flushing) flushing = flushLoop();
    }, flushMs);
  }

  async function flushLoop() {
    try {
      while (pending.length > 0) await flush(pending.splice(0, flushMax));
    } finally {
      flushing = null;
    }
  }

  /**
   * One transaction for a batch of finished attempts: publications (fenced by claim token),
   * attempts and variants in one statement, the posts in one, and one audit event per
   * publication appended with `appendAuditMany` (four statements for the whole batch; the chain
   * heads are locked in Ente order, the same order in every worker). All or nothing: the audit
   * trail has every recorded outcome.
   */
  async function flush(batch: Pending[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        const at = new Date();
        await db.transaction(async (tx) => {
          const ours = await repo.finishMany(tx, batch.map((p) => p.finish), at);
          const mine = new Set(ours.map((r) => r.id));
          for (const p of batch) if (!mine.has(p.finish.id)) log.warn({ publication: p.finish.id }, 'claim lost before settling'); // another worker took it: it will look up first
          const published = ours.filter((r) => r.state === 'pubblicato');
          await repo.markPostsPublished(tx, [...new Map(published.map((r) => [`${r.enteId}:${r.postId}`, { enteId: r.enteId, postId: r.postId }])).values()], at);
          // One event per recorded outcome, all Enti in four statements (heads locked in Ente order).
          await appendAuditMany(
            tx,
            batch
              .filter((p) => p.audit && mine.has(p.finish.id))
              .map(({ cl: { pub }, audit }) => ({
                enteId: pub.enteId,
                actor: WORKER_ACTOR,
                input: { action: audit!.action, entityType: 'post', entityId: pub.postId, after: { channelId: pub.channelId, publicationId: pub.id, ...audit!.after } },
              })),
          );
        });
        for (const p of batch) p.done();
        return;
      } catch (err) {
        // A deadlock or a lost connection: the whole batch is retried; the claim tokens keep it exact.
        if (attempt >= 5) {
          for (const p of batch) p.failed(err);
          return;
        }
        log.warn({ err, size: batch.length, attempt }, 'recording finished publications failed; retrying');
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  }

  const fail = (cl: Claimed, code: keyof typeof FAILURE_ADVICE, why: Explanation | null, kind?: string, status?: number) => {
    const advice = FAILURE_ADVICE[code];
    const it = why ? `${why.it} ${advice.it}` : advice.it;
    const en = why ? `${why.en} ${advice.en}` : advice.en;
    return settle(
      cl,
      { state: 'fallito', reasonCode: code, reasonIt: it, reasonEn: en, needsLookup: false },
      { outcome: 'error', errorKind: kind ?? code, httpStatus: status ?? null, detailIt: it, detailEn: en },
      { action: 'publication.failed', after: { reason: code } },
    );
  };

  async function process(cl: Claimed): Promise<void> {
    const { pub, variant, channel, connector } = cl;
    // Keep the lease while the platform answers slowly (media processing, timeouts).
    const beat = setInterval(() => {
      void repo.updatePublication(db, pub.enteId, pub.id, { leaseUntil: new Date(Date.now() + o.leaseMs), nextAttemptAt: new Date(Date.now() + o.leaseMs) }, cl.token).catch(() => {});
    }, Math.max(1_000, Math.floor(o.leaseMs / 3)));
    let phase: 'prepare' | 'lookup' | 'publish' = 'prepare';
    let refreshed = false;
    try {
      let credentials = await credentialsOf(pub.enteId, pub.channelId, cl.secretUpdatedAt);
      if (channel.status !== 'attivo') return await fail(cl, 'channel_not_active', null);
      if (!credentials && connector.needsCredentials !== false) return await fail(cl, 'no_credentials', null);
      let ctx = contextFor(channel, credentials);
      if (credentials && needsRefresh(credentials.expiresAt, new Date(), 60_000)) {
        const fresh = await refresh(connector, ctx);
        refreshed = true;
        if (!fresh) {
          const why = { it: 'Il token di accesso è scaduto e non si può rinnovare.', en: 'The access token expired and cannot be renewed.' };
          await disconnect(channel, why);
          return await fail(cl, 'auth_expired', null, 'auth_expired');
        }
        credentials = fresh;
        ctx = contextFor(channel, credentials);
      }
      const text = variant.text;
      const req = { idempotencyKey: pub.id, text, link: variant.link, media: await mediaOf(pub.enteId, variant.mediaIds) };
      if (pub.needsLookup) {
        if (!connector.capabilities.lookup) {
          const a = FAILURE_ADVICE.unknown_outcome;
          return await settle(cl, { state: 'da_verificare', reasonCode: 'unknown_outcome', reasonIt: a.it, reasonEn: a.en }, { outcome: 'error', errorKind: 'unknown_outcome', detailIt: a.it, detailEn: a.en }, { action: 'publication.to_verify', after: {} });
        }
        phase = 'lookup';
        const found = await connector.lookup(ctx, { idempotencyKey: pub.id, text, since: pub.firstAttemptAt ?? pub.dueAt });
        if (found) {
          return await settle(
            cl,
            { state: 'pubblicato', platformId: found.platformId, platformUrl: found.url, publishedAt: found.publishedAt, needsLookup: false, reasonCode: null, reasonIt: null, reasonEn: null },
            { outcome: 'lookup_found', detailIt: 'Il post era già uscito: trovato sulla piattaforma, non ripubblicato.', detailEn: 'The post had already gone out: found on the platform, not published again.' },
            { action: 'publication.published', after: { platformId: found.platformId, url: found.url, via: 'lookup' } },
            true,
          );
        }
        if (cl.crisisRecheck && (await holdAfterLookup(cl))) return;
        // Nothing went out: record it, so the attempt shows why we publish again.
        await repo.finishAttempt(db, pub.enteId, pub.id, cl.n, { detailIt: 'Verifica: nulla era uscito; nuova pubblicazione.', detailEn: 'Lookup: nothing had gone out; publishing again.' });
        await repo.updatePublication(db, pub.enteId, pub.id, { needsLookup: false }, cl.token);
      }
      phase = 'publish';
      const res = await connector.publish(ctx, req);
      await settle(
        cl,
        { state: 'pubblicato', platformId: res.platformId, platformUrl: res.url, publishedAt: res.publishedAt, needsLookup: false, reasonCode: null, reasonIt: null, reasonEn: null },
        { outcome: pub.needsLookup ? 'published_after_lookup' : 'published' },
        { action: 'publication.published', after: { platformId: res.platformId, url: res.url } },
        true,
      );
    } catch (e) {
      const ce =
        e instanceof ConnectorError
          ? e
          : new ConnectorError(phase === 'publish' ? 'unknown_outcome' : 'transient', { it: 'Errore imprevisto durante la pubblicazione.', en: 'Unexpected error while publishing.' });
      if (!(e instanceof ConnectorError)) log.error({ err: e, publication: pub.id }, 'unexpected publishing error');
      await afterError(cl, ce, phase, refreshed).catch((err: unknown) => log.error({ err, publication: pub.id }, 'could not record the failure'));
    } finally {
      clearInterval(beat);
    }
  }

  /**
   * A row of an Ente in crisis whose earlier attempt may have gone out, after the lookup answered
   * "nothing went out": the gate decides now. Held: paused, the publication cancelled with the
   * crisis reason and the attempt closed, in one transaction fenced by our claim token. True when
   * it must not be published (held, or the claim was lost to another worker that will look up).
   */
  async function holdAfterLookup(cl: Claimed): Promise<boolean> {
    const { pub } = cl;
    const lost = new Error('claim lost');
    try {
      return await db.transaction(async (tx) => {
        if (!(await deps.crisis!.pauseForCrisis(tx, pub.enteId, pub.postId, pub.channelId))) return false;
        const finish: repo.Finish = {
          enteId: pub.enteId,
          id: pub.id,
          claimToken: cl.token,
          n: cl.n,
          patch: { state: 'annullato', needsLookup: false, reasonCode: CRISIS_HOLD.code, reasonIt: CRISIS_HOLD.it, reasonEn: CRISIS_HOLD.en },
          attempt: { outcome: 'error', errorKind: CRISIS_HOLD.code, detailIt: `Verifica: nulla era uscito. ${CRISIS_HOLD.it}`, detailEn: `Lookup: nothing had gone out. ${CRISIS_HOLD.en}` },
        };
        if ((await repo.finishMany(tx, [finish], new Date())).length === 0) throw lost; // rolls the pause back too
        await appendAudit(tx, pub.enteId, WORKER_ACTOR, { action: 'publication.held_crisis', entityType: 'post', entityId: pub.postId, after: { channelId: pub.channelId, publicationId: pub.id, via: 'lookup' } });
        return true;
      });
    } catch (e) {
      if (e === lost) {
        log.warn({ publication: pub.id }, 'claim lost before the crisis check');
        return true;
      }
      throw e;
    }
  }

  async function afterError(cl: Claimed, e: ConnectorError, phase: 'prepare' | 'lookup' | 'publish', refreshed: boolean) {
    const { pub, connector, channel } = cl;
    const credentials = await readCredentials(pub.enteId, pub.channelId);
    const canRefresh = !refreshed && connector.capabilities.refresh && !!connector.refresh && !!credentials?.refreshToken;
    const d = decide(e.kind, { failures: pub.failures, policy: o.retry, canLookup: connector.capabilities.lookup, canRefresh, retryAfterMs: e.details.retryAfterMs });
    const attempt = { outcome: 'error', errorKind: e.kind, httpStatus: e.details.status ?? null, detailIt: e.explanation.it, detailEn: e.explanation.en };
    // An error while looking up leaves the question open: the next attempt looks up again.
    const stillUnknown = phase === 'lookup' || (phase === 'prepare' && pub.needsLookup);
    switch (d.action) {
      case 'retry': {
        if (d.refresh) {
          const fresh = await refresh(connector, contextFor(channel, credentials));
          if (!fresh) {
            await disconnect(channel, e.explanation);
            return fail(cl, 'auth_expired', e.explanation, e.kind, e.details.status);
          }
        }
        return settle(cl, {
          state: 'da_riprovare',
          nextAttemptAt: new Date(Date.now() + d.afterMs),
          failures: pub.failures + (d.countsAsFailure ? 1 : 0),
          needsLookup: d.needsLookup || stillUnknown,
          reasonCode: e.kind,
          reasonIt: e.explanation.it,
          reasonEn: e.explanation.en,
        }, attempt);
      }
      case 'verify': {
        const a = FAILURE_ADVICE.unknown_outcome;
        return settle(cl, { state: 'da_verificare', reasonCode: 'unknown_outcome', reasonIt: `${e.explanation.it} ${a.it}`, reasonEn: `${e.explanation.en} ${a.en}` }, attempt, { action: 'publication.to_verify', after: { kind: e.kind } });
      }
      case 'fail':
        if (stillUnknown) {
          const a = FAILURE_ADVICE.unknown_outcome;
          return settle(cl, { state: 'da_verificare', reasonCode: 'unknown_outcome', reasonIt: a.it, reasonEn: a.en }, attempt, { action: 'publication.to_verify', after: { kind: e.kind } });
        }
        if (d.disconnect) await disconnect(channel, e.explanation);
        return fail(cl, d.reason, e.explanation, e.kind, e.details.status);
    }
  }

  async function mediaOf(enteId: string, ids: string[]): Promise<MediaForPublish[]> {
    if (ids.length === 0) return [];
    const rows = await editorialRepo.findMedia(db, enteId, ids);
    return ids.flatMap((id) => {
      const m = rows.find((r) => r.id === id);
      if (!m) return [];
      return [{ kind: m.kind as 'image' | 'video', filename: m.filename, mime: m.mime, altText: m.altText, hasCaptions: m.hasCaptions, bytes: () => editorialRepo.readBlob(db, enteId, m.sha256) }];
    });
  }

  /**
   * Ahead of time: tokens that expire before something is due are refreshed, or the desk is told.
   * One statement lists the channels with their credentials' version; the credentials come from
   * the cache the publications use (read once per version).
   */
  async function checkTokens(now = new Date()) {
    const due = await repo.channelsDueBefore(db, new Date(now.getTime() + o.refreshHorizonMs));
    for (const d of due) {
      const { channel } = d;
      const connector = deps.connectors[channel.platform as Platform];
      if (!connector || connector.needsCredentials === false) continue;
      const credentials = await credentialsOf(d.enteId, d.channelId, d.secretUpdatedAt);
      if (!credentials || !needsRefresh(credentials.expiresAt, d.dueAt)) continue;
      const fresh = await refresh(connector, contextFor(channel, credentials));
      if (!fresh) {
        await disconnect(channel, {
          it: `Il token scade il ${credentials.expiresAt} e non si può rinnovare: senza un nuovo collegamento la pubblicazione prevista non uscirà.`,
          en: `The token expires at ${credentials.expiresAt} and cannot be renewed: without reconnecting, the planned publication will not go out.`,
        });
      }
    }
  }

  let backlog = false;
  /** Claimed rows whose platform call has not answered yet (the slots in use). */
  let busy = 0;
  const batchSize = o.batchSize ?? o.concurrency;

  /** One round: claim what is due (a batch, when enough slots are free) and start publishing it. */
  async function tick(): Promise<{ claimed: number; requested: number }> {
    // The token check runs beside the queue, not in front of it (it may call platforms to refresh).
    if (!tokenCheck && Date.now() - lastTokenCheck >= o.tokenCheckMs) {
      lastTokenCheck = Date.now();
      tokenCheck = checkTokens()
        .catch((err: unknown) => log.error({ err }, 'token check failed'))
        .finally(() => {
          tokenCheck = null;
        });
    }
    // Busy: rows waiting for the platform, and outcomes queued but not yet in a recording transaction.
    const n = claimSize(busy + pending.length, o.concurrency, batchSize);
    if (n === 0) return { claimed: 0, requested: 0 };
    // Behind a backlog, "publish now" rows (crisis alerts) go first: an extra, filtered pick.
    const claimed = await claim(n, backlog);
    backlog = claimed.length >= n;
    for (const cl of claimed) {
      busy++;
      let released = false;
      cl.release = () => {
        if (released) return;
        released = true;
        busy--;
        poke();
      };
      const p: Promise<void> = process(cl)
        .catch((err: unknown) => log.error({ err, publication: cl.pub.id }, 'publish failed'))
        .finally(() => {
          cl.release!();
          inflight.delete(p);
          poke();
        });
      inflight.add(p);
    }
    return { claimed: claimed.length, requested: n };
  }

  /** Set by a NOTIFY or a finished publication, so a wake-up between two looks is not lost. */
  let poked = false;
  const poke = () => {
    poked = true;
    wake?.();
  };
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      if (poked || !running) return resolve();
      const t = setTimeout(done, ms);
      function done() {
        clearTimeout(t);
        wake = null;
        resolve();
      }
      wake = done;
    });

  /** LISTEN on the database's own connection kind: a dedicated client on PostgreSQL, the instance on PGlite. */
  let unlisten: (() => Promise<void>) | null = null;
  async function listen() {
    if (o.listen === false) return;
    const client = (db as unknown as { $client?: unknown }).$client;
    const onNotify = () => poke();
    try {
      if (client instanceof pg.Pool) {
        let stopped = false;
        let conn: pg.Client | null = null;
        const connect = async (): Promise<void> => {
          const c = new pg.Client(client.options);
          c.on('notification', onNotify);
          c.on('error', (err) => {
            log.warn({ err }, 'publishing LISTEN connection lost; polling until it is back');
            conn = null;
            c.end().catch(() => {});
            if (!stopped) setTimeout(() => void connect().catch(() => {}), 1_000);
          });
          await c.connect();
          await c.query(`LISTEN ${repo.DUE_CHANNEL}`);
          conn = c;
          poke(); // something may have become due while we were not listening
        };
        await connect();
        unlisten = async () => {
          stopped = true;
          await conn?.end().catch(() => {});
        };
      } else if (client && typeof (client as { listen?: unknown }).listen === 'function') {
        const lite = client as { listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>> };
        const off = await lite.listen(repo.DUE_CHANNEL, onNotify);
        unlisten = () => off().catch(() => {});
      }
    } catch (err) {
      log.warn({ err }, 'LISTEN not available; polling only');
    }
  }

  async function loop() {
    await listen();
    while (running) {
      let r = { claimed: 0, requested: 0 };
      poked = false;
      try {
        r = await tick();
      } catch (err) {
        log.error({ err }, 'publishing queue poll failed');
      }
      if (!running) break;
      if (r.requested > 0 && r.claimed >= r.requested) continue; // a full batch: more is due right now
      if (r.requested === 0 && inflight.size > 0) {
        await sleep(o.pollMs); // busy: a platform answer (a freed slot) wakes us
        continue;
      }
      // Idle (or the queue ran dry): sleep until the next due time, capped; NOTIFY wakes us earlier.
      let ms = o.pollMs;
      try {
        ms = idleSleepMs(await repo.nextDueAt(db), Date.now(), o.pollMs);
      } catch (err) {
        log.error({ err }, 'publishing queue poll failed');
      }
      // Due but not claimable (another worker is committing its claim): look again very soon.
      await sleep(Math.max(ms, 5));
    }
  }

  /** Waits until every finished attempt is recorded. */
  async function flushed() {
    while (pending.length > 0 || flushing || flushTimer) {
      if (flushTimer && !flushing) {
        clearTimeout(flushTimer);
        flushTimer = null;
        flushing = flushLoop();
      }
      await (flushing ?? new Promise((r) => setTimeout(r, 1)));
    }
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = loop();
      log.info({ worker: o.workerId, concurrency: o.concurrency, batchSize }, 'publishing worker started');
    },
    /** Stops claiming and waits for the publications in flight. */
    async stop() {
      running = false;
      wake?.();
      await loopDone;
      await Promise.allSettled([...inflight]);
      await tokenCheck;
      await flushed();
      await unlisten?.();
      unlisten = null;
    },
    /** For tests and tools: claim and publish what is due now, and wait for it. */
    async drain() {
      for (;;) {
        const r = await tick();
        await tokenCheck; // started by the tick when due: a drain includes it
        if (r.claimed === 0 && inflight.size === 0) break;
        await Promise.allSettled([...inflight]);
      }
      await flushed();
    },
    checkTokens,
  };
}

export type PublishingWorker = ReturnType<typeof createPublishingWorker>;
