/**
 * The Ente's own ActivityPub presence (seed 004: a fediverse account the Ente owns, beside the
 * platforms where it is a guest): actor, WebFinger, inbox, outbox, followers, with Fedify 1.5.
 */
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import type { Db } from '../../platform/db/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import { buildFederation } from './activitypub.federation.ts';
import { createActivityPubService } from './activitypub.service.ts';
import { kvSweep, queueSweepFailed } from './activitypub.repo.ts';
import { DbMessageQueue, DEFAULT_QUEUE_OPTIONS, type DbQueueOptions, type QueueLog } from './activitypub.queue.ts';

export { registerActivityPubRoutes } from './activitypub.routes.ts';
export { ActivityPubError, type ActivityPubService, type NoteToPublish, type PublishedNote } from './activitypub.service.ts';
export { noteKeyOf } from './activitypub.fns.ts';
export { DbMessageQueue, type DbQueueOptions } from './activitypub.queue.ts';

/**
 * Options from the environment (to move into Config): REDAZIONE_AP_ALLOW_PRIVATE=1 for loopback
 * tests only; the delivery queue's REDAZIONE_AP_QUEUE_POLL_MS, _LEASE_MS and _CONCURRENCY.
 */
export function activityPubOptionsFromEnv(env: NodeJS.ProcessEnv) {
  const int = (v: string | undefined, fallback: number) => {
    const n = Number(v);
    return v && Number.isInteger(n) && n > 0 ? n : fallback;
  };
  return {
    allowPrivateAddress: env.REDAZIONE_AP_ALLOW_PRIVATE === '1',
    queue: {
      pollMs: int(env.REDAZIONE_AP_QUEUE_POLL_MS, DEFAULT_QUEUE_OPTIONS.pollMs),
      leaseMs: int(env.REDAZIONE_AP_QUEUE_LEASE_MS, DEFAULT_QUEUE_OPTIONS.leaseMs),
      concurrency: int(env.REDAZIONE_AP_QUEUE_CONCURRENCY, DEFAULT_QUEUE_OPTIONS.concurrency),
    } satisfies Partial<DbQueueOptions>,
  };
}

/** Given-up queue messages are kept this long for inspection. */
const FAILED_KEPT_MS = 30 * 24 * 3_600_000;

/**
 * The federation and the service on one database. `start()` runs the durable delivery queue in
 * this process (`redazione start`, `redazione worker`) until `stop()`, which waits for it.
 */
export function createActivityPub(deps: {
  db: Db;
  secrets: SecretBox;
  organisation: Pick<OrganisationService, 'findEnteBySlug' | 'findEnteById'>;
  publicUrl: string | null;
  allowPrivateAddress: boolean;
  queue?: Partial<DbQueueOptions>;
  log?: QueueLog;
}) {
  const queue = new DbMessageQueue(deps.db, deps.secrets, deps.queue, deps.log);
  // Inbox warnings go to the same log as the queue's, once a process starts it.
  const federation = buildFederation({ ...deps, queue, log: { warn: (obj, msg) => queue.log?.warn(obj, msg) } });
  const service = createActivityPubService({ db: deps.db, federation, queue, organisation: deps.organisation, publicUrl: deps.publicUrl });
  let running: { abort: AbortController; done: Promise<void>; sweeper: NodeJS.Timeout } | null = null;
  return {
    ...service,
    queue,
    /** Starts taking deliveries from the queue (once per process: Fedify starts its queue once). */
    start(log?: QueueLog) {
      if (running) return;
      if (log) queue.log = log;
      const abort = new AbortController();
      const done = federation.startQueue(undefined, { signal: abort.signal }).catch((err: unknown) => queue.log?.error({ err }, 'activitypub queue stopped'));
      // Expired cache entries (remote documents, keys) and old given-up messages go hourly.
      const sweeper = setInterval(() => {
        const now = new Date();
        void kvSweep(deps.db, now).catch((e: unknown) => queue.log?.warn({ err: e }, 'ap_kv sweep failed'));
        void queueSweepFailed(deps.db, new Date(now.getTime() - FAILED_KEPT_MS)).catch((e: unknown) => queue.log?.warn({ err: e }, 'ap_queue sweep failed'));
      }, 3_600_000);
      sweeper.unref();
      running = { abort, done, sweeper };
    },
    /** Stops taking deliveries and waits for the ones in flight (their claims expire otherwise). */
    async stop() {
      if (!running) return;
      const { abort, done, sweeper } = running;
      running = null;
      clearInterval(sweeper);
      abort.abort();
      await done;
    },
  };
}
