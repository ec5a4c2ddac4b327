/**
 * The inbox's worker loop, started by the app: drains the outbox (woken at once when a delivery
 * is queued, else every `pollMs`), recovers items stored but not moderated, polls channels whose
 * connector has no webhooks, writes the office's daily summary and purges items past the Ente's
 * retention period. Several processes may run it: claims use SKIP LOCKED.
 */
import { and, eq, lt, sql } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { appendAudit } from '../audit/index.ts';
import { INBOX_ACTOR, type IngestService, type ListeningSink } from './ingest.service.ts';
import type { InboxService } from './inbox.service.ts';
import { inboxDigests, inboxEvents, inboxItems, inboxPollCursors, inboxSettings } from './inbox.tables.ts';
import type { PlatformActions } from './platform.actions.ts';

export interface InboxWorkerOptions {
  pollMs: number;
  /** How often a polling channel is read. */
  channelPollMs: number;
  batchSize: number;
  /**
   * Batches in flight at once in this process (default 2): while one waits for PostgreSQL, the
   * next is parsed and moderated. Claims use SKIP LOCKED, so they never take the same events.
   */
  concurrency?: number;
}

type Log = { warn(obj: unknown, msg: string): void; error(obj: unknown, msg: string): void };

export function createInboxWorker(deps: { db: Db; ingest: IngestService; inbox: InboxService; actions: PlatformActions; options: InboxWorkerOptions; log?: Log; listening?: Pick<ListeningSink, 'purgeIn'> }) {
  const { db, options } = deps;
  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let current: Promise<void> | null = null;
  let again = false;
  let lastHousekeeping = 0;

  /**
   * Processes batches until the outbox is empty. With `concurrency` > 1 the loops overlap: a loop
   * that finds nothing while another batch is in flight (it claimed what was pending a moment ago)
   * looks again shortly, for what arrives meanwhile, instead of leaving the other alone.
   */
  async function drain(): Promise<void> {
    let inFlight = 0;
    const loop = async () => {
      for (;;) {
        inFlight++;
        let events: number;
        try {
          ({ events } = await deps.ingest.processBatch(options.batchSize));
        } finally {
          inFlight--;
        }
        if (events > 0) continue;
        if (inFlight === 0) return;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, options.concurrency ?? 2) }, loop));
  }

  async function pollChannels() {
    const channels = await db.select({ enteId: schema.channels.enteId, id: schema.channels.id, platform: schema.channels.platform }).from(schema.channels).where(eq(schema.channels.status, 'attivo'));
    for (const c of channels.filter((ch) => deps.actions.polls(ch.platform))) {
      const [cur] = await db.select().from(inboxPollCursors).where(and(eq(inboxPollCursors.enteId, c.enteId), eq(inboxPollCursors.channelId, c.id)));
      if (cur && Date.now() - cur.polledAt.getTime() < options.channelPollMs) continue;
      try {
        const r = await deps.actions.poll(c.enteId, c.id, cur?.cursor ?? null);
        if (!r) continue;
        if (r.items.length) await deps.ingest.ingest(c.enteId, c.id, r.items);
        await db
          .insert(inboxPollCursors)
          .values({ enteId: c.enteId, channelId: c.id, cursor: r.cursor, polledAt: new Date() })
          .onConflictDoUpdate({ target: [inboxPollCursors.enteId, inboxPollCursors.channelId], set: { cursor: r.cursor, polledAt: new Date() } });
      } catch (e) {
        deps.log?.warn({ err: e, channelId: c.id }, 'inbox poll failed');
      }
    }
  }

  /** The daily summary row (once per Ente and local day) and the retention purge. */
  async function housekeeping(now = new Date()) {
    const day = new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(now);
    const enti = await db.selectDistinct({ enteId: inboxItems.enteId }).from(inboxItems);
    for (const { enteId } of enti) {
      const [exists] = await db.select({ day: inboxDigests.day }).from(inboxDigests).where(and(eq(inboxDigests.enteId, enteId), eq(inboxDigests.day, day)));
      if (!exists) await db.insert(inboxDigests).values({ enteId, day, summary: await deps.inbox.summary(enteId, now) }).onConflictDoNothing();
    }
    await purge(now);
  }

  /** Deletes inbox items older than each Ente's retention period, and processed raw events after a week. */
  async function purge(now = new Date()): Promise<number> {
    let total = 0;
    const settings = await db.select().from(inboxSettings);
    for (const s of settings) {
      const cutoff = new Date(now.getTime() - s.retentionDays * 86_400_000);
      const gone = await db.transaction(async (tx) => {
        const rows = await tx.delete(inboxItems).where(and(eq(inboxItems.enteId, s.enteId), lt(inboxItems.receivedAt, cutoff))).returning({ id: inboxItems.id });
        // The listening's copies of the texts never outlive the items.
        await deps.listening?.purgeIn(tx, s.enteId, cutoff);
        if (rows.length) {
          await appendAudit(tx, s.enteId, INBOX_ACTOR, { action: 'inbox.retention.purge', entityType: 'inbox_settings', entityId: s.enteId, after: { items: rows.length, before: cutoff.toISOString(), retentionDays: s.retentionDays } });
        }
        await tx.update(inboxSettings).set({ lastPurgeAt: now }).where(eq(inboxSettings.enteId, s.enteId));
        return rows.length;
      });
      total += gone;
    }
    await db.delete(inboxEvents).where(and(sql`${inboxEvents.status} <> 'pending'`, lt(inboxEvents.receivedAt, new Date(now.getTime() - 7 * 86_400_000))));
    return total;
  }

  async function tick() {
    try {
      await drain();
      if (Date.now() - lastHousekeeping > 60_000) {
        lastHousekeeping = Date.now();
        await deps.ingest.recoverUnmoderated();
        await pollChannels();
        await housekeeping();
      }
    } catch (e) {
      deps.log?.error({ err: e }, 'inbox worker tick failed');
    }
  }

  function schedule(ms: number) {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(run, ms);
  }

  function run() {
    if (!running) return;
    if (current) {
      again = true;
      return;
    }
    current = tick().finally(() => {
      current = null;
      if (again) {
        again = false;
        schedule(0);
      } else schedule(options.pollMs);
    });
  }

  return {
    start(log?: Log) {
      if (running) return;
      if (log) deps.log = log;
      running = true;
      // Housekeeping waits a minute after start, so a restart does not purge in the boot path.
      lastHousekeeping = Date.now();
      schedule(0);
    },
    /** A delivery was queued: process it now rather than at the next poll. */
    wake() {
      if (running) schedule(0);
    },
    async stop() {
      running = false;
      if (timer) clearTimeout(timer);
      await current;
      await deps.ingest.settle();
    },
    drain,
    purge,
    housekeeping,
  };
}
export type InboxWorker = ReturnType<typeof createInboxWorker>;
