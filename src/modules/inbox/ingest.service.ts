/**
 * Ingestion: accept fast, process from the outbox. A webhook is verified (signature against the
 * raw body), stored raw in `inbox_events` and answered; the worker then parses, deduplicates
 * (unique channel + platform id), threads, moderates (recorded, source "inbox") and computes the
 * response deadline. Polling and ActivityPub hand over parsed items through `ingest`.
 */
import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ChannelCredentials } from '../../connectors/contract.ts';
import type { IncomingItem } from '../../connectors/interactions.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import type { ModerationService } from '../moderation/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import type { RulebookClause } from '../policy/index.ts';
import { responseDeadline } from './deadlines.fns.ts';
import { inboxEvents, inboxItems, inboxSanctions, inboxThreads } from './inbox.tables.ts';
import type { PlatformActions } from './platform.actions.ts';
import { looksLikeQuestion } from './recurring.fns.ts';
import { isWebhookPlatform, META_PLATFORMS, metaHandshake, parseWebhook, verifyMetaSignature, verifyTelegramSecret, type WebhookPlatform } from './webhooks.fns.ts';

export const INBOX_ACTOR: AuditActor = { id: null, label: 'Redazione (posta in arrivo)' };

export interface WebhookSecrets {
  /** Meta app secret and verify token when a channel does not carry its own. */
  metaAppSecret: string | null;
  metaVerifyToken: string | null;
}

interface ChannelKey {
  enteId: string;
  platform: string;
  status: string;
  appSecret: string | null;
  verifyToken: string | null;
  telegramSecret: string | null;
}

type ItemRow = typeof inboxItems.$inferSelect;

export interface IngestDeps {
  db: Db;
  channels: Pick<ChannelsService, 'readCredentials'>;
  organisation: Pick<OrganisationService, 'findEnteById'>;
  moderation: Pick<ModerationService, 'evaluate' | 'rulebookFor'>;
  actions: PlatformActions;
  secrets: WebhookSecrets;
  /** Called when something was queued, to wake the worker. */
  onQueued?: () => void;
  /** Evaluations in flight at once (each is its own audited transaction). */
  moderationConcurrency?: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createIngestService(deps: IngestDeps) {
  const { db } = deps;
  // Secrets are read (and decrypted) once per channel per 30 s, not on every delivery of a burst.
  const keys = new Map<string, { at: number; key: ChannelKey | null }>();

  async function channelKey(channelId: string): Promise<ChannelKey | null> {
    if (!UUID.test(channelId)) return null;
    const hit = keys.get(channelId);
    if (hit && Date.now() - hit.at < 30_000) return hit.key;
    const [c] = await db
      .select({ enteId: schema.channels.enteId, platform: schema.channels.platform, status: schema.channels.status })
      .from(schema.channels)
      .where(eq(schema.channels.id, channelId))
      .limit(1);
    let key: ChannelKey | null = null;
    if (c) {
      let account: Record<string, string> = {};
      const raw = await deps.channels.readCredentials(c.enteId, channelId);
      if (raw) {
        try {
          account = (JSON.parse(raw) as ChannelCredentials).account ?? {};
        } catch {
          /* a bare token: no webhook secrets in it */
        }
      }
      key = {
        ...c,
        appSecret: account.appSecret ?? deps.secrets.metaAppSecret,
        verifyToken: account.verifyToken ?? deps.secrets.metaVerifyToken,
        telegramSecret: account.webhookSecret ?? null,
      };
    }
    if (keys.size > 10_000) keys.clear();
    keys.set(channelId, { at: Date.now(), key });
    return key;
  }

  async function knownChannel(platform: string, channelId: string): Promise<ChannelKey & { platform: WebhookPlatform }> {
    const key = await channelKey(channelId);
    if (!key || key.platform !== platform || !isWebhookPlatform(platform) || key.status === 'archiviato') {
      throw new DomainError('not_found', { what: `webhook ${platform}/${channelId}` });
    }
    return key as ChannelKey & { platform: WebhookPlatform };
  }

  async function queue(rows: (typeof inboxEvents.$inferInsert)[]) {
    if (rows.length === 0) return;
    await db.insert(inboxEvents).values(rows);
    deps.onQueued?.();
  }

  /** Items of a stored event, by its kind. */
  function itemsOf(ev: typeof inboxEvents.$inferSelect): IncomingItem[] {
    const body: unknown = JSON.parse(ev.body);
    if (ev.kind === 'items') {
      return (body as (Omit<IncomingItem, 'receivedAt'> & { receivedAt: string })[]).map((i) => ({ ...i, receivedAt: new Date(i.receivedAt) }));
    }
    if (!isWebhookPlatform(ev.platform)) return [];
    return parseWebhook(ev.platform, body, ev.receivedAt);
  }

  /** Stores new items and their threads; returns only the rows inserted now (duplicates skipped). */
  async function store(tx: Db, batch: { enteId: string; channelId: string; item: IncomingItem }[]): Promise<ItemRow[]> {
    const seen = new Set<string>();
    const unique = batch.filter((b) => {
      const k = `${b.enteId}|${b.channelId}|${b.item.platformId}`;
      return !seen.has(k) && seen.add(k);
    });
    if (unique.length === 0) return [];
    const threadKeys = new Map<string, { enteId: string; channelId: string; kind: string; threadRef: string; lastAt: Date }>();
    for (const { enteId, channelId, item } of unique) {
      const k = `${enteId}|${channelId}|${item.threadRef}`;
      const t = threadKeys.get(k);
      if (!t) threadKeys.set(k, { enteId, channelId, kind: item.kind, threadRef: item.threadRef, lastAt: item.receivedAt });
      else if (item.receivedAt > t.lastAt) t.lastAt = item.receivedAt;
    }
    const threads = await tx
      .insert(inboxThreads)
      .values([...threadKeys.values()])
      .onConflictDoUpdate({
        target: [inboxThreads.enteId, inboxThreads.channelId, inboxThreads.threadRef],
        set: { lastAt: sql`greatest(${inboxThreads.lastAt}, excluded.last_at)` },
      })
      .returning({ id: inboxThreads.id, enteId: inboxThreads.enteId, channelId: inboxThreads.channelId, threadRef: inboxThreads.threadRef });
    const threadId = new Map(threads.map((t) => [`${t.enteId}|${t.channelId}|${t.threadRef}`, t.id]));
    return tx
      .insert(inboxItems)
      .values(
        unique.map(({ enteId, channelId, item }) => ({
          enteId,
          channelId,
          threadId: threadId.get(`${enteId}|${channelId}|${item.threadRef}`)!,
          platformId: item.platformId,
          kind: item.kind,
          parentRef: item.parentRef ?? null,
          authorPlatformId: item.author.platformId,
          authorName: item.author.name.slice(0, 200),
          authorHandle: item.author.handle ?? null,
          text: item.text,
          url: item.url ?? null,
          receivedAt: item.receivedAt,
          isQuestion: looksLikeQuestion(item.text, item.kind),
        })),
      )
      .onConflictDoNothing({ target: [inboxItems.enteId, inboxItems.channelId, inboxItems.platformId] })
      .returning();
  }

  /** Runs async work over items with bounded concurrency. */
  async function pool<T, R>(items: T[], n: number, fn: (t: T) => Promise<R>): Promise<R[]> {
    const out: R[] = new Array(items.length);
    let next = 0;
    const run = async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    };
    await Promise.all(Array.from({ length: Math.min(n, items.length) }, run));
    return out;
  }

  /** Proposes a warning or a block when the author's violations of a clause reach its thresholds. */
  async function proposeSanction(item: ItemRow, clause: RulebookClause) {
    const s = clause.sanctions;
    if (!s || (!s.warnAfter && !s.blockAfter)) return;
    const windowDays = s.windowDays ?? 365;
    const since = new Date(Date.now() - windowDays * 86_400_000);
    const author = and(eq(inboxItems.enteId, item.enteId), eq(inboxItems.channelId, item.channelId), eq(inboxItems.authorPlatformId, item.authorPlatformId));
    const [{ n } = { n: 0 }] = await db
      .select({ n: sql<number>`count(*)::int` })
      .from(inboxItems)
      .where(and(author, eq(inboxItems.clauseNumber, clause.number), sql`${inboxItems.decision} <> 'allow'`, sql`${inboxItems.receivedAt} >= ${since}`));
    const kind = s.blockAfter && n >= s.blockAfter ? 'block' : s.warnAfter && n >= s.warnAfter ? 'warning' : null;
    if (!kind) return;
    await db.transaction(async (tx) => {
      const [already] = await tx
        .select({ id: inboxSanctions.id })
        .from(inboxSanctions)
        .where(
          and(
            eq(inboxSanctions.enteId, item.enteId),
            eq(inboxSanctions.channelId, item.channelId),
            eq(inboxSanctions.authorPlatformId, item.authorPlatformId),
            eq(inboxSanctions.clauseNumber, clause.number),
            eq(inboxSanctions.kind, kind),
            sql`${inboxSanctions.createdAt} >= ${since}`,
          ),
        )
        .limit(1);
      if (already) return;
      const [row] = await tx
        .insert(inboxSanctions)
        .values({ enteId: item.enteId, channelId: item.channelId, authorPlatformId: item.authorPlatformId, authorName: item.authorName, clauseNumber: clause.number, kind, violations: n, windowDays })
        .returning();
      await appendAudit(tx, item.enteId, INBOX_ACTOR, {
        action: 'inbox.sanction.propose',
        entityType: 'inbox_sanction',
        entityId: row!.id,
        after: { kind, clause: clause.number, violations: n, windowDays, author: item.authorPlatformId },
      });
    });
  }

  /** Moderates stored items (recorded decisions), sets status, deadline and review flag. */
  async function moderate(items: ItemRow[]): Promise<void> {
    const incoming = items.filter((i) => i.direction === 'in');
    const byEnte = new Map<string, ItemRow[]>();
    for (const i of incoming) byEnte.set(i.enteId, [...(byEnte.get(i.enteId) ?? []), i]);
    for (const [enteId, list] of byEnte) {
      const ente = await deps.organisation.findEnteById(enteId);
      if (!ente) continue;
      const rulebook = await deps.moderation.rulebookFor(INBOX_ACTOR, enteId);
      const results = await pool(list, deps.moderationConcurrency ?? 6, (item) =>
        deps.moderation.evaluate(INBOX_ACTOR, ente, { text: item.text, author: `${item.channelId}:${item.authorPlatformId}`, at: item.receivedAt }, { record: true, source: 'inbox', itemRef: item.id }),
      );
      const updates = list.map((item, k) => {
        const d = results[k]!;
        const hidden = d.decision === 'hide';
        const due = item.isQuestion && !hidden ? responseDeadline(item.receivedAt, rulebook.hours) : null;
        return { item, d, hidden, due };
      });
      // One statement for the whole batch: the decision, the queue position and the deadline.
      const values = updates.map(
        (u) =>
          sql`(${u.item.id}::uuid, ${u.d.decision}::text, ${u.d.id}::uuid, ${u.d.category}::text, ${u.d.clause?.number ?? null}::text, ${u.d.decision === 'review'}::boolean, ${u.due}::timestamptz, ${u.hidden}::boolean)`,
      );
      await db.execute(sql`
        UPDATE inbox_items AS i SET
          decision = v.decision, decision_id = v.decision_id, category = v.category, clause_number = v.clause_number,
          needs_review = v.needs_review, due_at = v.due_at, moderated_at = now(),
          status = CASE WHEN v.hidden THEN 'hidden' ELSE i.status END,
          platform_state = CASE WHEN v.hidden THEN 'hidden' ELSE i.platform_state END
        FROM (VALUES ${sql.join(values, sql`, `)}) AS v(id, decision, decision_id, category, clause_number, needs_review, due_at, hidden)
        WHERE i.ente_id = ${enteId} AND i.id = v.id`);
      for (const u of updates) {
        if (u.hidden) await deps.actions.hideOnPlatform({ ...u.item, platformState: 'hidden' }, 'hide');
        const clause = u.d.clause ? rulebook.clauses.find((c) => c.number === u.d.clause!.number) : undefined;
        if (u.d.decision !== 'allow' && clause) await proposeSanction({ ...u.item, decision: u.d.decision, clauseNumber: clause.number }, clause);
      }
    }
  }

  return {
    /** Verifies a webhook and queues its raw body; throws 404 (unknown channel), 401 (bad signature), 400. */
    async acceptWebhook(platform: string, channelId: string, raw: Buffer, headers: Record<string, string | string[] | undefined>) {
      const key = await knownChannel(platform, channelId);
      const header = (name: string) => {
        const v = headers[name];
        return Array.isArray(v) ? v[0] : v;
      };
      const ok = (META_PLATFORMS as readonly string[]).includes(platform)
        ? verifyMetaSignature(raw, header('x-hub-signature-256'), key.appSecret ?? '')
        : verifyTelegramSecret(header('x-telegram-bot-api-secret-token'), key.telegramSecret ?? '');
      if (!ok) throw new DomainError('webhook_unauthorized', { platform });
      let text: string;
      try {
        text = raw.toString('utf8');
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object') throw new Error('not an object');
      } catch {
        throw new DomainError('validation_failed', {}, [{ field: 'body', code: 'invalid_format' }]);
      }
      await queue([{ enteId: key.enteId, channelId, kind: 'webhook', platform, body: text }]);
    },

    /** The GET handshake of Meta's webhooks: the challenge, or 403. */
    async handshake(platform: string, channelId: string, query: Record<string, unknown>): Promise<string> {
      const key = await knownChannel(platform, channelId);
      const challenge = metaHandshake(query, key.verifyToken ?? '');
      if (challenge === null) throw new DomainError('forbidden', { action: 'webhook verify_token' });
      return challenge;
    },

    /** Items from polling or from the Ente's ActivityPub actor: queued like a webhook. */
    async ingest(enteId: string, channelId: string, items: IncomingItem[]): Promise<{ queued: number }> {
      const [c] = await db
        .select({ platform: schema.channels.platform })
        .from(schema.channels)
        .where(and(eq(schema.channels.enteId, enteId), eq(schema.channels.id, channelId)));
      if (!c) throw new DomainError('not_found', { what: `channel ${channelId}` });
      if (items.length === 0) return { queued: 0 };
      await queue([{ enteId, channelId, kind: 'items', platform: c.platform, body: JSON.stringify(items) }]);
      return { queued: items.length };
    },

    /**
     * Processes up to `limit` queued events: one transaction claims them (SKIP LOCKED, so several
     * workers share a burst), parses, deduplicates and stores; moderation follows outside it.
     * An unreadable event is marked failed with the reason and never blocks the others.
     */
    async processBatch(limit = 200): Promise<{ events: number; items: number }> {
      const { stored, events } = await db.transaction(async (tx) => {
        const evs = await tx.select().from(inboxEvents).where(eq(inboxEvents.status, 'pending')).orderBy(inboxEvents.receivedAt).limit(limit).for('update', { skipLocked: true });
        const batch: { enteId: string; channelId: string; item: IncomingItem }[] = [];
        const failed: { enteId: string; id: string; error: string }[] = [];
        for (const ev of evs) {
          try {
            for (const item of itemsOf(ev)) batch.push({ enteId: ev.enteId, channelId: ev.channelId, item });
          } catch (e) {
            failed.push({ enteId: ev.enteId, id: ev.id, error: (e as Error).message.slice(0, 500) });
          }
        }
        const stored = await store(tx, batch);
        const done = evs.filter((e) => !failed.some((f) => f.id === e.id));
        const doneByEnte = new Map<string, string[]>();
        for (const e of done) doneByEnte.set(e.enteId, [...(doneByEnte.get(e.enteId) ?? []), e.id]);
        for (const [enteId, all] of doneByEnte) {
          for (const ids of chunk(all, 1000)) {
            await tx
              .update(inboxEvents)
              .set({ status: 'done', processedAt: new Date(), attempts: sql`${inboxEvents.attempts} + 1` })
              .where(and(eq(inboxEvents.enteId, enteId), inArray(inboxEvents.id, ids)));
          }
        }
        for (const f of failed) {
          await tx.update(inboxEvents).set({ status: 'failed', error: f.error, processedAt: new Date() }).where(and(eq(inboxEvents.enteId, f.enteId), eq(inboxEvents.id, f.id)));
        }
        return { stored, events: evs.length };
      });
      await moderate(stored);
      return { events, items: stored.length };
    },

    /** Items stored but not moderated (a crash between the two steps): moderated now. */
    async recoverUnmoderated(olderThanMs = 60_000): Promise<number> {
      const rows = await db
        .select()
        .from(inboxItems)
        .where(and(sql`${inboxItems.moderatedAt} IS NULL`, eq(inboxItems.direction, 'in'), sql`${inboxItems.storedAt} < ${new Date(Date.now() - olderThanMs)}`))
        .limit(200);
      await moderate(rows);
      return rows.length;
    },

    forgetChannel: (channelId: string) => keys.delete(channelId),
  };
}
export type IngestService = ReturnType<typeof createIngestService>;

function chunk<T>(xs: T[], n: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < xs.length; i += n) out.push(xs.slice(i, i + n));
  return out;
}
