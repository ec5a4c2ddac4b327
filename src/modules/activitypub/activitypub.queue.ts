/**
 * Fedify's MessageQueue on our database (table ap_queue), so deliveries to followers' inboxes,
 * Fedify's retries of them and incoming activities survive a restart, and several processes on
 * one PostgreSQL share the work (`redazione start` and any `redazione worker`).
 *
 * - enqueue: one row per message, due after its delay (database clock), payload sealed (an
 *   outbox message carries the actor's private key). Listeners are woken in this process at once
 *   and in others by NOTIFY on commit; they also poll.
 * - listen: claims due rows with FOR UPDATE SKIP LOCKED, each with a token and a lease kept alive
 *   while its handler runs. When the handler returns, the row is deleted and what the handler
 *   enqueued (Fedify's retry of a failed delivery, the deliveries of a fanout, an Accept) is
 *   inserted in the same transaction: a crash in between redoes the message, never half of it.
 *   A handler that throws is retried with backoff, then kept as failed. A process that dies holds
 *   its claims only until their lease runs out; then another process (or the restarted one)
 *   takes them again, so a delivery is never lost (it may, like any HTTP retry, arrive twice
 *   when the process died after the POST; receivers dedupe by activity id).
 * - atomically(fn, then): what `fn` enqueues is written in one transaction with `then`, so the
 *   service marks a Note queued exactly when its deliveries are.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import type { MessageQueue, MessageQueueEnqueueOptions, MessageQueueListenOptions } from '@fedify/fedify';
import type { Db } from '../../platform/db/index.ts';
import type { SecretBox } from '../../platform/crypto/secrets.ts';
import * as repo from './activitypub.repo.ts';
import { queueBackoffMs, queueIdleMs } from './activitypub.fns.ts';

export interface DbQueueOptions {
  /** Longest idle sleep between looks at the table (NOTIFY and local enqueues wake earlier). */
  pollMs: number;
  /** How long a claim holds a message without a heartbeat (the process died). */
  leaseMs: number;
  /** Messages handled at once in this process (deliveries are I/O-bound). */
  concurrency: number;
  /** A message is given up on after this many claims (failures or crashes). */
  maxClaims: number;
  /** On stop, how long to wait for handlers still running. */
  stopGraceMs: number;
}

export const DEFAULT_QUEUE_OPTIONS: DbQueueOptions = { pollMs: 1_000, leaseMs: 60_000, concurrency: 8, maxClaims: 12, stopGraceMs: 10_000 };

const SEAL_CONTEXT = 'activitypub:queue';

interface Pending {
  message: unknown;
  delayMs: number;
}

/** Messages enqueued inside a scope, written by the scope's owner; late ones are written directly. */
interface Capture {
  pending: Pending[];
  closed: boolean;
}

export interface QueueLog {
  warn(obj: unknown, msg: string): void;
  error(obj: unknown, msg: string): void;
}

const delayOf = (o?: MessageQueueEnqueueOptions) => (o?.delay ? Math.max(0, o.delay.total({ unit: 'millisecond' })) : 0);
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const errorText = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));

export class DbMessageQueue implements MessageQueue {
  readonly #capture = new AsyncLocalStorage<Capture>();
  readonly #wakers = new Set<() => void>();
  readonly #o: DbQueueOptions;

  constructor(
    private readonly db: Db,
    private readonly secrets: Pick<SecretBox, 'seal' | 'open'>,
    options: Partial<DbQueueOptions> = {},
    /** Where failures are reported; set by whoever starts the listener (the server's or the worker's log). */
    public log?: QueueLog,
  ) {
    this.#o = { ...DEFAULT_QUEUE_OPTIONS, ...options };
  }

  async enqueue(message: unknown, options?: MessageQueueEnqueueOptions): Promise<void> {
    await this.enqueueMany([message], options);
  }

  async enqueueMany(messages: unknown[], options?: MessageQueueEnqueueOptions): Promise<void> {
    const delayMs = delayOf(options);
    // Synchronously, before any await: Fedify does not always await its enqueue (fanout).
    const capture = this.#capture.getStore();
    if (capture && !capture.closed) {
      for (const message of messages) capture.pending.push({ message, delayMs });
      return;
    }
    await this.#write(this.db, messages.map((message) => ({ message, delayMs })));
    this.#wake();
  }

  /**
   * Runs `fn`; whatever it enqueues is written in ONE transaction with `then(tx)`. If `then`
   * throws, nothing is enqueued (and the error propagates).
   */
  async atomically<T>(fn: () => Promise<T>, then: (tx: Db) => Promise<void>): Promise<T> {
    const capture: Capture = { pending: [], closed: false };
    let result: T;
    try {
      result = await this.#capture.run(capture, fn);
    } finally {
      capture.closed = true;
    }
    await this.db.transaction(async (tx) => {
      await this.#write(tx, capture.pending);
      await then(tx);
    });
    this.#wake();
    return result;
  }

  async #write(db: Db, items: Pending[]) {
    await repo.queueInsert(
      db,
      items.map(({ message, delayMs }) => {
        const m = (message ?? {}) as Record<string, unknown>;
        return {
          kind: str(m.type) ?? 'unknown',
          activityId: str(m.activityId),
          inbox: str(m.inbox),
          payload: this.secrets.seal(JSON.stringify(message), SEAL_CONTEXT),
          delayMs,
        };
      }),
    );
  }

  #wake() {
    for (const w of this.#wakers) w();
  }

  async listen(handler: (message: unknown) => Promise<void> | void, options: MessageQueueListenOptions = {}): Promise<void> {
    const { signal } = options;
    const o = this.#o;
    const inflight = new Map<string, Promise<void>>();
    let poked = false;
    let wakeSleeper: (() => void) | null = null;
    const poke = () => {
      poked = true;
      wakeSleeper?.();
    };
    this.#wakers.add(poke);
    signal?.addEventListener('abort', poke, { once: true });
    const unlisten = await this.#listenNotify(poke);
    const heartbeat = setInterval(() => {
      const tokens = [...inflight.keys()];
      if (tokens.length) void repo.queueExtend(this.db, tokens, o.leaseMs).catch((err: unknown) => this.log?.warn({ err }, 'activitypub queue: lease not extended'));
    }, Math.max(250, Math.floor(o.leaseMs / 3)));
    heartbeat.unref();

    const sleep = (ms: number) =>
      new Promise<void>((resolve) => {
        if (poked || signal?.aborted) return resolve();
        const t = setTimeout(done, ms);
        function done() {
          clearTimeout(t);
          wakeSleeper = null;
          resolve();
        }
        wakeSleeper = done;
      });

    const handle = async (m: repo.ClaimedMessage) => {
      if (m.claims > o.maxClaims) {
        // Claimed again and again without finishing: the handler crashes its process.
        await repo.queueRelease(this.db, m.id, m.token, { delayMs: 0, error: 'given up: claimed too many times', failed: true });
        this.log?.error({ message: m.id, claims: m.claims }, 'activitypub queue: message given up');
        return;
      }
      let message: unknown;
      try {
        message = JSON.parse(this.secrets.open(m.payload, SEAL_CONTEXT));
      } catch (err) {
        await repo.queueRelease(this.db, m.id, m.token, { delayMs: 0, error: `unreadable: ${errorText(err)}`, failed: true });
        this.log?.error({ err, message: m.id }, 'activitypub queue: message unreadable (secret key changed?)');
        return;
      }
      const capture: Capture = { pending: [], closed: false };
      try {
        await this.#capture.run(capture, async () => handler(message));
      } catch (err) {
        capture.closed = true;
        const failed = m.claims >= o.maxClaims;
        await repo.queueRelease(this.db, m.id, m.token, { delayMs: queueBackoffMs(m.claims), error: errorText(err), failed });
        this.log?.warn({ err, message: m.id, claims: m.claims, failed }, 'activitypub queue: handler failed');
        return;
      }
      capture.closed = true;
      await this.db.transaction(async (tx) => {
        // Lost the lease (this process stalled): the new holder does the work, and its follow-ups.
        if (await repo.queueDelete(tx, m.id, m.token)) await this.#write(tx, capture.pending);
      });
      if (capture.pending.length) this.#wake();
    };

    try {
      while (!signal?.aborted) {
        poked = false;
        const free = o.concurrency - inflight.size;
        let claimed: repo.ClaimedMessage[] = [];
        if (free > 0) {
          try {
            claimed = await repo.queueClaim(this.db, free, o.leaseMs);
          } catch (err) {
            this.log?.warn({ err }, 'activitypub queue: claim failed');
          }
        }
        for (const m of claimed) {
          const p = handle(m)
            .catch((err: unknown) => this.log?.error({ err, message: m.id }, 'activitypub queue: message not settled; retried after its lease'))
            .finally(() => {
              inflight.delete(m.token);
              poke();
            });
          inflight.set(m.token, p);
        }
        if (signal?.aborted) break;
        if (free > 0 && claimed.length === free) continue; // a full batch: more may be due now
        let next: number | null = null;
        if (inflight.size < o.concurrency) {
          try {
            next = await repo.queueNextDueInMs(this.db);
          } catch (err) {
            this.log?.warn({ err }, 'activitypub queue: poll failed');
          }
        }
        await sleep(queueIdleMs(next, o.pollMs));
      }
    } finally {
      // Stopping: no new claims; wait a while for the handlers running, then leave their claims
      // to expire (another process takes them over after the lease).
      const grace = new Promise<void>((r) => setTimeout(r, o.stopGraceMs).unref());
      await Promise.race([Promise.allSettled(inflight.values()), grace]);
      clearInterval(heartbeat);
      this.#wakers.delete(poke);
      signal?.removeEventListener('abort', poke);
      await unlisten();
    }
  }

  /** LISTEN on a dedicated connection on PostgreSQL; on PGlite one process is all there is. */
  async #listenNotify(onNotify: () => void): Promise<() => Promise<void>> {
    const client = (this.db as unknown as { $client?: unknown }).$client;
    if (!(client instanceof pg.Pool)) return async () => {};
    let stopped = false;
    let conn: pg.Client | null = null;
    const connect = async (): Promise<void> => {
      const c = new pg.Client(client.options);
      c.on('notification', onNotify);
      c.on('error', (err) => {
        this.log?.warn({ err }, 'activitypub queue: LISTEN connection lost; polling until it is back');
        conn = null;
        c.end().catch(() => {});
        if (!stopped) setTimeout(() => void connect().catch(() => {}), 1_000).unref();
      });
      await c.connect();
      await c.query(`LISTEN ${repo.QUEUE_CHANNEL}`);
      if (stopped) {
        await c.end().catch(() => {});
        return;
      }
      conn = c;
      onNotify(); // something may have been enqueued while we were not listening
    };
    try {
      await connect();
    } catch (err) {
      this.log?.warn({ err }, 'activitypub queue: LISTEN not available; polling only');
    }
    return async () => {
      stopped = true;
      await conn?.end().catch(() => {});
      conn = null;
    };
  }
}
