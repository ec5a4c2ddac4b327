/**
 * The broadcast worker: sends an alert to every opted-in subscriber, once, at the platform's rate.
 *
 * A claim is one short transaction: it locks the broadcast row (so send slots are handed out in
 * order, shared by every worker process: the rate holds across them), takes due recipients with
 * FOR UPDATE SKIP LOCKED, marks them `in_invio` with a lease and a slot each, and commits. Each
 * send is then settled by its own update, conditioned on the claim token. A worker that dies
 * leaves its rows `in_invio`; after the lease they are claimed again. What was claimed but not yet
 * sent is therefore neither lost nor doubled; only a message the platform had accepted in the last
 * instant before the process died (between its answer and our update) can go out twice, and
 * neither WhatsApp nor Telegram offers a way to ask. A rejected token stops the broadcast with its
 * reason; it resumes, from the rows still to send, once the channel is reconnected.
 */
import crypto from 'node:crypto';
import os from 'node:os';
import { and, asc, eq, inArray, lt, or, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { ConnectorError, type ChannelCredentials } from '../../connectors/contract.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import { broadcasts, deliveries } from './crisis.tables.ts';
import type { BroadcastPlatform, SenderRegistry } from './broadcast.senders.ts';

export const BROADCAST_ACTOR: AuditActor = { id: null, label: 'redazione broadcast' };

export interface BroadcastWorkerOptions {
  leaseMs: number;
  pollMs: number;
  /** Sends in flight at once per worker (a platform answers in tens of ms; the rate is paced by slots). */
  concurrency: number;
  workerId: string;
}

export function broadcastOptionsFromEnv(env: NodeJS.ProcessEnv): BroadcastWorkerOptions {
  const int = (v: string | undefined, d: number) => (v && Number.isFinite(Number(v)) && Number(v) > 0 ? Number(v) : d);
  return {
    leaseMs: int(env.REDAZIONE_BROADCAST_LEASE_MS, 60_000),
    pollMs: int(env.REDAZIONE_BROADCAST_POLL_MS, 500),
    concurrency: int(env.REDAZIONE_BROADCAST_CONCURRENCY, 32),
    workerId: `${os.hostname()}:${process.pid}`,
  };
}

interface Claimed {
  enteId: string;
  broadcastId: string;
  channelId: string;
  platform: BroadcastPlatform;
  text: string;
  token: string;
  items: { subscriberId: string; address: string; slot: number }[];
}

export function createBroadcastWorker(deps: {
  db: Db;
  senders: SenderRegistry;
  readCredentials: (enteId: string, channelId: string) => Promise<string | null>;
  options: BroadcastWorkerOptions;
  log?: { error(o: object, m?: string): void; info(o: object, m?: string): void };
}) {
  const { db, options: o } = deps;
  const log = deps.log ?? { error() {}, info() {} };
  let running = false;
  let loopDone: Promise<void> | null = null;
  /** Sends in flight, across claims: the next claim starts once the last slot of this one is due. */
  const sends = new Set<Promise<void>>();
  const batches = new Set<Promise<unknown>>();

  async function credentials(enteId: string, channelId: string): Promise<ChannelCredentials | null> {
    const raw = await deps.readCredentials(enteId, channelId);
    if (!raw) return null;
    try {
      return JSON.parse(raw) as ChannelCredentials;
    } catch {
      return { accessToken: raw };
    }
  }

  /** Claims up to `batch` recipients of one running broadcast and hands them their send slots. */
  async function claim(): Promise<Claimed | null> {
    const now = Date.now();
    return db.transaction(async (tx) => {
      const [b] = await tx
        .select()
        .from(broadcasts)
        .where(eq(broadcasts.state, 'in_corso'))
        .orderBy(asc(broadcasts.createdAt))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!b) return null;
      // About half a second of slots per claim keeps leases short and lets other workers share.
      const batch = Math.min(200, Math.max(1, Math.ceil(b.ratePerSecond / 2)));
      const due = await tx
        .select({ subscriberId: deliveries.subscriberId, address: deliveries.address })
        .from(deliveries)
        .where(
          and(
            eq(deliveries.enteId, b.enteId),
            eq(deliveries.broadcastId, b.id),
            or(eq(deliveries.state, 'da_inviare'), and(eq(deliveries.state, 'in_invio'), lt(deliveries.leaseUntil, new Date(now)))),
          ),
        )
        .orderBy(asc(deliveries.subscriberId))
        .limit(batch)
        .for('update', { skipLocked: true });
      if (due.length === 0) {
        const open = await tx
          .select({ n: sql<number>`count(*)::int` })
          .from(deliveries)
          .where(and(eq(deliveries.enteId, b.enteId), eq(deliveries.broadcastId, b.id), inArray(deliveries.state, ['da_inviare', 'in_invio'])));
        if ((open[0]?.n ?? 0) === 0) {
          await tx.update(broadcasts).set({ state: 'completato', finishedAt: new Date() }).where(and(eq(broadcasts.enteId, b.enteId), eq(broadcasts.id, b.id)));
          await appendAudit(tx, b.enteId, BROADCAST_ACTOR, { action: 'broadcast.complete', entityType: 'broadcast', entityId: b.id, after: { total: b.total } });
        }
        return null;
      }
      const gap = 1000 / b.ratePerSecond;
      let slot = Math.max(b.nextSlotAt.getTime(), now);
      const items = due.map((d) => {
        const item = { ...d, slot };
        slot += gap;
        return item;
      });
      const token = crypto.randomUUID();
      await tx.update(broadcasts).set({ nextSlotAt: new Date(slot) }).where(and(eq(broadcasts.enteId, b.enteId), eq(broadcasts.id, b.id)));
      await tx
        .update(deliveries)
        .set({ state: 'in_invio', claimToken: token, claimedBy: o.workerId, leaseUntil: new Date(slot + o.leaseMs), attempts: sql`${deliveries.attempts} + 1` })
        .where(and(eq(deliveries.enteId, b.enteId), eq(deliveries.broadcastId, b.id), inArray(deliveries.subscriberId, due.map((d) => d.subscriberId))));
      return { enteId: b.enteId, broadcastId: b.id, channelId: b.channelId, platform: b.platform as BroadcastPlatform, text: b.text, token, items };
    });
  }

  async function settle(c: Claimed, subscriberId: string, patch: Partial<typeof deliveries.$inferInsert>) {
    await db
      .update(deliveries)
      .set({ claimToken: null, leaseUntil: null, ...patch })
      .where(and(eq(deliveries.enteId, c.enteId), eq(deliveries.broadcastId, c.broadcastId), eq(deliveries.subscriberId, subscriberId), eq(deliveries.claimToken, c.token)));
  }

  /** Gives back the rows of a claim not yet sent (stop, rate limit): they stay to send. */
  async function release(c: Claimed) {
    await db
      .update(deliveries)
      .set({ state: 'da_inviare', claimToken: null, leaseUntil: null })
      .where(and(eq(deliveries.enteId, c.enteId), eq(deliveries.broadcastId, c.broadcastId), eq(deliveries.claimToken, c.token), eq(deliveries.state, 'in_invio')));
  }

  /** Stops the broadcast with the reason the platform gave (token expired, channel disconnected). */
  async function stop(c: Claimed, e: ConnectorError) {
    await db.transaction(async (tx) => {
      const [changed] = await tx
        .update(broadcasts)
        .set({ state: 'sospeso', stopCode: e.kind, stopIt: e.explanation.it, stopEn: e.explanation.en, stoppedAt: new Date() })
        .where(and(eq(broadcasts.enteId, c.enteId), eq(broadcasts.id, c.broadcastId), eq(broadcasts.state, 'in_corso')))
        .returning();
      if (changed) await appendAudit(tx, c.enteId, BROADCAST_ACTOR, { action: 'broadcast.stop', entityType: 'broadcast', entityId: c.broadcastId, after: { reason: e.kind, it: e.explanation.it } });
    });
  }

  /** Sends one claim's recipients at their slots; stops early when the broadcast must stop. */
  async function run(c: Claimed) {
    const sender = deps.senders[c.platform];
    const creds = await credentials(c.enteId, c.channelId);
    if (!sender) {
      await stop(c, new ConnectorError('disconnected', { it: `Nessun invio configurato per ${c.platform}.`, en: `No sender configured for ${c.platform}.` }));
      return release(c);
    }
    if (!creds) {
      await stop(c, new ConnectorError('disconnected', { it: 'Il canale non ha credenziali: collegalo e l’invio riprenderà.', en: 'The channel has no credentials: connect it and sending resumes.' }));
      return release(c);
    }
    let halted = false;
    const mine = new Set<Promise<void>>();
    for (const item of c.items) {
      if (halted) break;
      const wait = item.slot - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      while (sends.size >= o.concurrency) await Promise.race(sends);
      if (halted) break;
      const p: Promise<void> = (async () => {
        try {
          const r = await sender.send({ enteId: c.enteId, channelId: c.channelId, credentials: creds }, item.address, c.text, `${c.broadcastId}:${item.subscriberId}`);
          await settle(c, item.subscriberId, { state: 'inviato', sentAt: new Date(), platformMessageId: r.messageId, error: null });
        } catch (e) {
          if (!(e instanceof ConnectorError)) {
            log.error({ err: e, broadcast: c.broadcastId }, 'broadcast send failed');
            return settle(c, item.subscriberId, { state: 'da_inviare' });
          }
          switch (e.kind) {
            case 'auth_expired':
            case 'disconnected':
              halted = true;
              await stop(c, e);
              return settle(c, item.subscriberId, { state: 'da_inviare' });
            case 'rate_limited':
            case 'transient':
              // Not sent: back in the queue; the broadcast's next slot moves past Retry-After.
              await db
                .update(broadcasts)
                .set({ nextSlotAt: sql`greatest(${broadcasts.nextSlotAt}, ${new Date(Date.now() + (e.details.retryAfterMs ?? 1000))})` })
                .where(and(eq(broadcasts.enteId, c.enteId), eq(broadcasts.id, c.broadcastId)));
              halted = true;
              return settle(c, item.subscriberId, { state: 'da_inviare' });
            case 'unknown_outcome':
              // It may have arrived: never sent twice on our own.
              return settle(c, item.subscriberId, { state: 'fallito', error: `esito incerto: ${e.explanation.it}` });
            case 'bad_request':
            case 'media_rejected':
              return settle(c, item.subscriberId, { state: 'fallito', error: e.explanation.it });
          }
        }
      })().finally(() => {
        sends.delete(p);
        mine.delete(p);
      });
      sends.add(p);
      mine.add(p);
    }
    // Settling continues in the background while the next claim is made (no gap between batches).
    const finished: Promise<unknown> = Promise.allSettled([...mine])
      .then(() => (halted ? release(c) : undefined))
      .catch((err: unknown) => log.error({ err, broadcast: c.broadcastId }, 'broadcast release failed'))
      .finally(() => batches.delete(finished));
    batches.add(finished);
  }

  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const safeClaim = () =>
    claim().catch((err: unknown) => {
      log.error({ err }, 'broadcast claim failed');
      return null;
    });

  /**
   * Claims and sends batch after batch. The next batch is claimed when the current one is half
   * dispatched, so its slots follow on without a gap (the rate is kept, not just approached).
   */
  async function pump(untilIdle: boolean) {
    let next = safeClaim();
    while (running || untilIdle) {
      const c = await next;
      if (!c) {
        if (untilIdle) return;
        await sleep(o.pollMs);
        next = safeClaim();
        continue;
      }
      if (!running && !untilIdle) {
        await release(c);
        return;
      }
      const dispatch = run(c).catch((err: unknown) => log.error({ err, broadcast: c.broadcastId }, 'broadcast run failed'));
      const mid = c.items[Math.floor(c.items.length / 2)]!.slot;
      await Promise.race([dispatch, sleep(Math.max(0, mid - Date.now()))]);
      next = safeClaim();
      await dispatch;
    }
    const left = await next;
    if (left) await release(left);
  }

  return {
    start() {
      if (running) return;
      running = true;
      loopDone = pump(false);
    },
    async stop() {
      running = false;
      await loopDone;
      await Promise.allSettled([...batches]);
    },
    /** For tests and tools: sends until nothing is left to claim. */
    async drain() {
      for (;;) {
        await pump(true);
        await Promise.allSettled([...batches]);
        const c = await safeClaim();
        if (!c) return;
        await release(c);
      }
    },
  };
}

export type BroadcastWorker = ReturnType<typeof createBroadcastWorker>;
