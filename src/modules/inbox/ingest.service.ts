/**
 * Ingestion: accept fast, process from the outbox. A webhook is verified (signature against the
 * raw body), stored raw in `inbox_events` with one INSERT and answered; the worker then takes the
 * events in batches: parses, deduplicates (unique ente + channel + platform id), threads,
 * moderates with the Ente's rulebook read once per batch (decisions recorded with source "inbox"
 * and audited), computes the response deadline and proposes sanctions, all in the transaction
 * that marks the events done; the engine's hides are carried out on the platform after commit.
 * Polling and ActivityPub hand over parsed items through `ingest`.
 */
import crypto from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { jsonParam } from '../../platform/db/json-param.ts';
import { DomainError } from '../../platform/errors.ts';
import type { ChannelCredentials } from '../../connectors/contract.ts';
import type { IncomingItem } from '../../connectors/interactions.ts';
import { appendAuditMany, type AuditActor, type AuditAppend } from '../audit/index.ts';
import type { ChannelsService } from '../channels/index.ts';
import type { BatchDecision, ModerationService, Moderator } from '../moderation/index.ts';
import type { OrganisationService } from '../organisation/index.ts';
import type { RulebookClause } from '../policy/index.ts';
import { responseDeadline } from './deadlines.fns.ts';
import { NEGATIVE_CATEGORIES } from './inbox.repo.ts';
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

/** An item parsed from a queued event. */
interface Parsed {
  enteId: string;
  channelId: string;
  item: IncomingItem;
}
/** A new item with its pre-assigned id and the engine's decision. */
interface Candidate extends Parsed {
  id: string;
  d: BatchDecision;
  m: Moderator;
}
type HideTarget = Parameters<PlatformActions['hideOnPlatform']>[0];

/** Attempts before an event that keeps failing is set aside as failed. */
const MAX_ATTEMPTS = 5;

export interface IngestDeps {
  db: Db;
  channels: Pick<ChannelsService, 'readCredentials'>;
  organisation: Pick<OrganisationService, 'findEnteById'>;
  moderation: Pick<ModerationService, 'moderator' | 'recordMany'>;
  actions: PlatformActions;
  secrets: WebhookSecrets;
  /** Called when something was queued, to wake the worker. */
  onQueued?: () => void;
  /** Crisis listening: the incoming items of each batch, recorded in the batch's transaction. */
  listening?: ListeningSink;
}

/**
 * Where the incoming items go for crisis listening (the crisis module's `recordIn`, bound in
 * src/app.ts): hourly volumes, the share of negative or alarmed messages, false claims repeated.
 * `negative` is the moderation engine's verdict when it found the item hostile; otherwise the
 * listening's own lexicon of alarm decides.
 */
export interface ListeningSink {
  /** Stores the messages; `count()` adds them to the shared hourly counts, run last in `tx`. */
  recordIn(tx: Db, enteId: string, messages: { channelId: string; at: Date; text: string; ref: string; negative?: boolean }[]): Promise<{ count: () => Promise<void> }>;
  /** GDPR erasure: the listening's copies of these items' texts are replaced, in `tx`. */
  eraseIn(tx: Db, enteId: string, refs: readonly string[], replacement: string): Promise<unknown>;
  /** Retention: the listening's copies of messages received before `before` are deleted, in `tx`. */
  purgeIn(tx: Db, enteId: string, before: Date): Promise<unknown>;
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

  type QueuedEvent = { enteId: string; channelId: string; kind: 'webhook' | 'items'; platform: string; body: string };

  /**
   * Stores raw events, answered once committed. Deliveries that arrive while an INSERT is in
   * flight wait for the next one and go in together (one statement, one commit for a burst, no
   * timer: alone, a delivery is written at once). If a grouped INSERT fails, each delivery of the
   * group is tried on its own, so one bad row never fails the others.
   */
  const waiting: { ev: QueuedEvent; done: (err?: unknown) => void }[] = [];
  let writing = false;

  const insertEvents = (evs: QueuedEvent[]) =>
    db.execute(sql`
      INSERT INTO inbox_events (ente_id, channel_id, kind, platform, body)
      SELECT x.e, x.c, x.k, x.p, x.b FROM json_to_recordset(${jsonParam(evs.map((ev) => ({ e: ev.enteId, c: ev.channelId, k: ev.kind, p: ev.platform, b: ev.body })))}::json)
        AS x(e uuid, c uuid, k text, p text, b text)`);

  async function writeWaiting() {
    writing = true;
    try {
      while (waiting.length > 0) {
        const group = waiting.splice(0, 200);
        try {
          await insertEvents(group.map((w) => w.ev));
          for (const w of group) w.done();
        } catch {
          for (const w of group) {
            try {
              await insertEvents([w.ev]);
              w.done();
            } catch (err) {
              w.done(err);
            }
          }
        }
        deps.onQueued?.();
      }
    } finally {
      writing = false;
    }
  }

  function queue(ev: QueuedEvent): Promise<void> {
    return new Promise((resolve, reject) => {
      waiting.push({ ev, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (!writing) void writeWaiting();
    });
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

    /**
   * Stores the new items of a batch with their threads and moderation, in `tx`:
   *  1. duplicates inside the batch are dropped;
   *  2. the engine decides each item in memory, with its Ente's rulebook read once;
   *  3. new threads are created and items inserted with their decision, each with one multi-row
   *     statement in key order (concurrent workers take locks in the same order), `ON CONFLICT DO
   *     NOTHING` on the unique keys: an item stored before (a re-delivery) or by a concurrent
   *     worker is skipped, and only the rows inserted now go on; existing threads are only read,
   *     their last activity moved near the end (a busy post is not locked for the whole batch);
   *  4. the decisions of the items inserted now are recorded, and sanctions proposed where a
   *     clause's thresholds are reached; last, what every batch of an Ente shares is written:
   *     the audit events (one `appendAuditMany`) and the listening's hourly counts.
   * Returns the items inserted now and, among them, those to hide on the platform after commit.
   */
  async function storeAndModerate(tx: Db, batch: Parsed[], mods: Map<string, Moderator>): Promise<{ inserted: number; hide: HideTarget[] }> {
    const seen = new Set<string>();
    const unique = batch.filter((b) => {
      const k = `${b.enteId}|${b.channelId}|${b.item.platformId}`;
      return mods.has(b.enteId) && !seen.has(k) && seen.add(k);
    });
    if (unique.length === 0) return { inserted: 0, hide: [] };
    // Items already stored are not looked up first: the INSERT below skips them on the unique key
    // (no plan to go wrong on a table that grew in seconds); the engine decides them in vain, and
    // the flood memory does not count a re-delivery twice (the platform id is its key).

    // The engine, per Ente, in arrival order (the flood memory counts repeats in that order).
    const byEnte = new Map<string, Parsed[]>();
    for (const b of unique) {
      const list = byEnte.get(b.enteId);
      if (list) list.push(b);
      else byEnte.set(b.enteId, [b]);
    }
    const candidates: Candidate[] = [];
    for (const [enteId, list] of byEnte) {
      const m = mods.get(enteId)!;
      list.sort((a, b) => a.item.receivedAt.getTime() - b.item.receivedAt.getTime());
      const decisions = m.decide(
        list.map((b) => ({ ref: crypto.randomUUID(), text: b.item.text, author: `${b.channelId}:${b.item.author.platformId}`, at: b.item.receivedAt, key: `${b.channelId}:${b.item.platformId}` })),
      );
      list.forEach((b, k) => candidates.push({ ...b, id: decisions[k]!.ref, d: decisions[k]!, m }));
    }
    candidates.sort((a, b) => cmp(a.enteId, b.enteId) || cmp(a.channelId, b.channelId) || cmp(a.item.platformId, b.item.platformId));

    const threadKeys = new Map<string, { e: string; c: string; kind: string; ref: string; at: string }>();
    for (const { enteId, channelId, item } of candidates) {
      const k = `${enteId}|${channelId}|${item.threadRef}`;
      const t = threadKeys.get(k);
      const at = item.receivedAt.toISOString();
      if (!t) threadKeys.set(k, { e: enteId, c: channelId, kind: item.kind, ref: item.threadRef, at });
      else if (at > t.at) t.at = at;
    }
    const threadRows = [...threadKeys.values()].sort((a, b) => cmp(a.e, b.e) || cmp(a.c, b.c) || cmp(a.ref, b.ref));
    // New threads are created; existing ones are not locked here (a busy post is in every batch):
    // their ids are read, and their last activity moves at the end of the transaction.
    const created = rowsOf<{ id: string; ente_id: string; channel_id: string; thread_ref: string }>(
      await tx.execute(sql`
        INSERT INTO inbox_threads (ente_id, channel_id, kind, thread_ref, last_at)
        SELECT x.e, x.c, x.kind, x.ref, x.at FROM json_to_recordset(${jsonParam(threadRows)}::json) AS x(e uuid, c uuid, kind text, ref text, at timestamptz)
        ON CONFLICT (ente_id, channel_id, thread_ref) DO NOTHING
        RETURNING id, ente_id, channel_id, thread_ref`),
    );
    const threadId = new Map(created.map((t) => [`${t.ente_id}|${t.channel_id}|${t.thread_ref}`, t.id]));
    const older = threadRows.filter((t) => !threadId.has(`${t.e}|${t.c}|${t.ref}`));
    for (const [k, g] of groupBy(older, (t) => `${t.e}|${t.c}`)) {
      const [e, c] = k.split('|') as [string, string];
      const found = rowsOf<{ id: string; thread_ref: string }>(
        await tx.execute(sql`
          SELECT id, thread_ref FROM inbox_threads
          WHERE ente_id = ${e} AND channel_id = ${c} AND thread_ref = ANY(ARRAY(SELECT json_array_elements_text(${jsonParam(g.map((t) => t.ref))}::json)))`),
      );
      for (const t of found) threadId.set(`${e}|${c}|${t.thread_ref}`, t.id);
    }

    const itemRows = candidates.map(({ enteId, channelId, item, id, d, m }) => {
      const hidden = d.decision === 'hide';
      const isQuestion = looksLikeQuestion(item.text, item.kind);
      return {
        id,
        e: enteId,
        c: channelId,
        t: threadId.get(`${enteId}|${channelId}|${item.threadRef}`)!,
        p: item.platformId,
        kind: item.kind,
        parent: item.parentRef ?? null,
        a: item.author.platformId,
        an: item.author.name.slice(0, 200),
        ah: item.author.handle ?? null,
        text: item.text,
        url: item.url ?? null,
        at: item.receivedAt.toISOString(),
        q: isQuestion,
        status: hidden ? 'hidden' : 'new',
        cat: d.category,
        dec: d.decision,
        did: d.id,
        cl: d.clause?.number ?? null,
        rev: d.decision === 'review',
        due: isQuestion && !hidden ? (responseDeadline(item.receivedAt, m.rulebook.hours)?.toISOString() ?? null) : null,
        // Hidden by the engine: "da fare" on the platform until the connector confirms after commit.
        man: hidden ? 'hide' : null,
      };
    });
    // One row back, not one per item: how many went in and, only when some were already there,
    // which ones did.
    const [ins] = rowsOf<{ n: number; ids: string | null }>(
      await tx.execute(sql`
        WITH ins AS (
          INSERT INTO inbox_items (id, ente_id, channel_id, thread_id, platform_id, kind, parent_ref, author_platform_id, author_name, author_handle, text, url, received_at,
            is_question, status, category, decision, decision_id, clause_number, needs_review, due_at, manual_action, moderated_at)
          SELECT x.id, x.e, x.c, x.t, x.p, x.kind, x.parent, x.a, x.an, x.ah, x.text, x.url, x.at, x.q, x.status, x.cat, x.dec, x.did, x.cl, x.rev, x.due, x.man, now()
          FROM json_to_recordset(${jsonParam(itemRows)}::json) AS x(id uuid, e uuid, c uuid, t uuid, p text, kind text, parent text, a text, an text, ah text, text text, url text,
            at timestamptz, q boolean, status text, cat text, dec text, did uuid, cl text, rev boolean, due timestamptz, man text)
          ON CONFLICT (ente_id, channel_id, platform_id) DO NOTHING
          RETURNING id)
        SELECT count(*)::int AS n, CASE WHEN count(*) < ${itemRows.length} THEN string_agg(id::text, ',') END AS ids FROM ins`),
    );
    const ok = Number(ins!.n) === itemRows.length ? null : new Set(ins!.ids ? ins!.ids.split(',') : []);
    const inserted = ok === null ? candidates : candidates.filter((c) => ok.has(c.id));

    const hide: HideTarget[] = [];
    const perEnte = new Map<string, Candidate[]>();
    for (const c of inserted) {
      const list = perEnte.get(c.enteId);
      if (list) list.push(c);
      else perEnte.set(c.enteId, [c]);
      if (c.d.decision === 'hide') hide.push({ enteId: c.enteId, id: c.id, channelId: c.channelId, platformId: c.item.platformId, kind: c.item.kind, threadId: threadId.get(`${c.enteId}|${c.channelId}|${c.item.threadRef}`)!, threadRef: c.item.threadRef });
    }
    if (older.length) {
      const moved = older.map((t) => ({ id: threadId.get(`${t.e}|${t.c}|${t.ref}`)!, e: t.e, at: t.at }));
      // Locked in key order first: concurrent batches touching the same threads cannot deadlock.
      await tx.execute(sql`
        WITH x AS (SELECT * FROM json_to_recordset(${jsonParam(moved)}::json) AS x(id uuid, e uuid, at timestamptz)),
          locked AS (SELECT t.ente_id, t.id FROM inbox_threads t JOIN x ON t.ente_id = x.e AND t.id = x.id WHERE t.last_at < x.at ORDER BY t.ente_id, t.id FOR UPDATE OF t)
        UPDATE inbox_threads AS t SET last_at = x.at FROM x, locked l
        WHERE t.ente_id = x.e AND t.id = x.id AND l.ente_id = t.ente_id AND l.id = t.id AND t.last_at < x.at`);
    }
    // The listening's messages, the decisions and the sanctions first; then, last, what every
    // batch of the Ente shares: the audit chain's head and the hourly counts, whose rows stay
    // locked from their update until commit. A concurrent batch waits only for the end of this one.
    const audit: AuditAppend[] = [];
    const counts: (() => Promise<void>)[] = [];
    for (const [enteId, list] of perEnte) {
      if (!deps.listening) break;
      const r = await deps.listening.recordIn(
        tx,
        enteId,
        list.map((c) => ({
          channelId: c.channelId,
          at: c.item.receivedAt,
          text: c.item.text,
          ref: c.id,
          ...(c.d.decision !== 'allow' && (NEGATIVE_CATEGORIES as readonly string[]).includes(c.d.category ?? '') ? { negative: true } : {}),
        })),
      );
      counts.push(r.count);
    }
    for (const [enteId, list] of perEnte) {
      const m = mods.get(enteId)!;
      await deps.moderation.recordMany(tx, m, list.map((c) => c.d), { source: 'inbox', actor: INBOX_ACTOR, auditLater: audit });
      audit.push(...(await proposeSanctions(tx, m, list)));
    }
    await appendAuditMany(tx, audit);
    for (const count of counts) await count();
    return { inserted: inserted.length, hide };
  }

  /**
   * Proposes warnings and blocks where an author's violations of a clause (items not allowed,
   * in the clause's window) reach its thresholds; one proposal of a kind per author, clause and
   * window. Counted after the batch's items are stored, in the same transaction. Returns the
   * proposals' audit events, for the caller to append last.
   */
  async function proposeSanctions(tx: Db, m: Moderator, items: Candidate[]): Promise<AuditAppend[]> {
    const groups = new Map<string, { c: string; a: string; name: string; clause: RulebookClause; since: string }>();
    for (const it of items) {
      if (it.d.decision === 'allow' || !it.d.clause) continue;
      const clause = m.rulebook.clauses.find((c) => c.number === it.d.clause!.number);
      const s = clause?.sanctions;
      if (!clause || !s || (!s.warnAfter && !s.blockAfter)) continue;
      const since = new Date(Date.now() - (s.windowDays ?? 365) * 86_400_000).toISOString();
      groups.set(`${it.channelId}|${it.item.author.platformId}|${clause.number}`, { c: it.channelId, a: it.item.author.platformId, name: it.item.author.name.slice(0, 200), clause, since });
    }
    if (groups.size === 0) return [];
    const list = [...groups.values()];
    const counts = rowsOf<{ k: number; n: number }>(
      await tx.execute(sql`
        SELECT x.k, count(i.id)::int AS n FROM json_to_recordset(${jsonParam(list.map((g, k) => ({ k, c: g.c, a: g.a, cl: g.clause.number, since: g.since })))}::json) AS x(k int, c uuid, a text, cl text, since timestamptz)
        JOIN inbox_items i ON i.ente_id = ${m.enteId} AND i.channel_id = x.c AND i.author_platform_id = x.a AND i.clause_number = x.cl AND i.decision <> 'allow' AND i.received_at >= x.since
        GROUP BY x.k`),
    );
    const wanted = counts
      .map((r) => {
        const g = list[Number(r.k)]!;
        const s = g.clause.sanctions!;
        const n = Number(r.n);
        const kind = s.blockAfter && n >= s.blockAfter ? 'block' : s.warnAfter && n >= s.warnAfter ? 'warning' : null;
        return kind ? { ...g, kind, n, windowDays: s.windowDays ?? 365 } : null;
      })
      .filter((w) => w !== null);
    if (wanted.length === 0) return [];
    const already = rowsOf<{ k: number }>(
      await tx.execute(sql`
        SELECT x.k FROM json_to_recordset(${jsonParam(wanted.map((w, k) => ({ k, c: w.c, a: w.a, cl: w.clause.number, kind: w.kind, since: w.since })))}::json) AS x(k int, c uuid, a text, cl text, kind text, since timestamptz)
        WHERE EXISTS (SELECT 1 FROM inbox_sanctions s WHERE s.ente_id = ${m.enteId} AND s.channel_id = x.c AND s.author_platform_id = x.a AND s.clause_number = x.cl AND s.kind = x.kind AND s.created_at >= x.since)`),
    );
    const skip = new Set(already.map((r) => Number(r.k)));
    const fresh = wanted.filter((_, k) => !skip.has(k));
    if (fresh.length === 0) return [];
    const rows = await tx
      .insert(inboxSanctions)
      .values(fresh.map((w) => ({ enteId: m.enteId, channelId: w.c, authorPlatformId: w.a, authorName: w.name, clauseNumber: w.clause.number, kind: w.kind, violations: w.n, windowDays: w.windowDays })))
      .returning();
    return rows.map((r) => ({
      enteId: m.enteId,
      actor: INBOX_ACTOR,
      input: { action: 'inbox.sanction.propose', entityType: 'inbox_sanction', entityId: r.id, after: { kind: r.kind, clause: r.clauseNumber, violations: r.violations, windowDays: r.windowDays, author: r.authorPlatformId } },
    }));
  }

  /** The rulebook and Ente of each Ente in `enteIds`, read once (outside any transaction). */
  async function moderatorsFor(enteIds: string[]): Promise<Map<string, Moderator>> {
    const mods = new Map<string, Moderator>();
    for (const enteId of enteIds) {
      const ente = await deps.organisation.findEnteById(enteId);
      if (ente) mods.set(enteId, await deps.moderation.moderator(INBOX_ACTOR, ente));
    }
    return mods;
  }

  /** Carries out the engine's hides on the platforms, after the commit that stored them. */
  async function hideAll(targets: HideTarget[]) {
    try {
      await deps.actions.hideMany(targets, 'hide');
    } catch {
      // The items keep manual_action 'hide' ("da fare a mano"): nothing is lost, the office sees them.
    }
  }

  /**
   * Hides run behind the batches (one chain, in commit order), so a slow platform never holds up
   * storing: a batch that finds the queue empty waits for them, and so does `settle`.
   */
  let hiding: Promise<void> = Promise.resolve();
  const queueHides = (targets: HideTarget[]) => {
    if (targets.length) hiding = hiding.then(() => hideAll(targets));
  };

  /** The events a batch claimed, kept by its caller: set aside when the batch fails. */
  type Claim = { events: { enteId: string; id: string }[] };

  /**
   * One batch: the Enti with pending events are read first (their rulebooks are loaded before the
   * transaction); then one transaction claims up to `limit` events (SKIP LOCKED, so several workers
   * share a burst), parses them, stores and moderates their new items and marks them done: an
   * event is done only in the transaction that stored its items. Hides follow the commit.
   */
  async function runBatch(limit: number, claim: Claim): Promise<{ events: number; items: number }> {
    const enti = rowsOf<{ ente_id: string }>(
      await db.execute(sql`SELECT DISTINCT ente_id FROM (SELECT ente_id FROM inbox_events WHERE status = 'pending' ORDER BY received_at LIMIT ${limit}) s`),
    ).map((r) => r.ente_id);
    if (enti.length === 0) return { events: 0, items: 0 };
    const mods = await moderatorsFor(enti);
    if (mods.size === 0) return { events: 0, items: 0 };
    const { events, inserted, hide } = await db.transaction(async (tx) => {
      const evs = await tx
        .select()
        .from(inboxEvents)
        .where(and(eq(inboxEvents.status, 'pending'), inArray(inboxEvents.enteId, [...mods.keys()])))
        .orderBy(inboxEvents.receivedAt)
        .limit(limit)
        .for('update', { skipLocked: true });
      claim.events = evs.map((e) => ({ enteId: e.enteId, id: e.id }));
      const batch: Parsed[] = [];
      const failed: { e: string; id: string; error: string }[] = [];
      const done: { e: string; id: string }[] = [];
      for (const ev of evs) {
        try {
          for (const item of itemsOf(ev)) batch.push({ enteId: ev.enteId, channelId: ev.channelId, item });
          done.push({ e: ev.enteId, id: ev.id });
        } catch (e) {
          failed.push({ e: ev.enteId, id: ev.id, error: (e as Error).message.slice(0, 500) });
        }
      }
      const stored = await storeAndModerate(tx, batch, mods);
      for (const [enteId, ids] of groupIds(done)) {
        await tx.execute(sql`
          UPDATE inbox_events SET status = 'done', processed_at = now(), attempts = attempts + 1
          WHERE ente_id = ${enteId} AND id = ANY(ARRAY(SELECT json_array_elements_text(${jsonParam(ids)}::json)::uuid))`);
      }
      for (const f of failed) {
        await tx
          .update(inboxEvents)
          .set({ status: 'failed', error: f.error, processedAt: new Date(), attempts: sql`${inboxEvents.attempts} + 1` })
          .where(and(eq(inboxEvents.enteId, f.e), eq(inboxEvents.id, f.id)));
      }
      return { events: evs.length, ...stored };
    });
    claim.events = [];
    queueHides(hide);
    return { events, items: inserted };
  }

  /** A batch failed: its events get one attempt more, and are set aside (failed) after five. */
  async function noteFailure(events: { enteId: string; id: string }[], err: unknown): Promise<void> {
    const error = String((err as Error)?.message ?? err).slice(0, 500);
    for (const [enteId, ids] of groupIds(events.map((e) => ({ e: e.enteId, id: e.id })))) {
      await db.execute(sql`
        UPDATE inbox_events SET attempts = attempts + 1, error = ${error},
          status = CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN 'failed' ELSE status END,
          processed_at = CASE WHEN attempts + 1 >= ${MAX_ATTEMPTS} THEN now() ELSE processed_at END
        WHERE ente_id = ${enteId} AND id = ANY(ARRAY(SELECT json_array_elements_text(${jsonParam(ids)}::json)::uuid)) AND status = 'pending'`);
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
      await queue({ enteId: key.enteId, channelId, kind: 'webhook', platform, body: text });
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
      await queue({ enteId, channelId, kind: 'items', platform: c.platform, body: JSON.stringify(items) });
      return { queued: items.length };
    },

    /**
     * Processes up to `limit` queued events in one transaction (see `runBatch`). When the batch
     * fails (a payload PostgreSQL refuses, say), events are retried one at a time, so the one at
     * fault is set aside after five attempts and never blocks the others.
     */
    async processBatch(limit = 200): Promise<{ events: number; items: number }> {
      const claim: Claim = { events: [] };
      try {
        const r = await runBatch(limit, claim);
        if (r.events === 0) await hiding;
        return r;
      } catch (e) {
        const failedBatch = claim.events;
        if (failedBatch.length <= 1) {
          await noteFailure(failedBatch, e);
          throw e;
        }
        let events = 0;
        let items = 0;
        for (let k = 0; k < failedBatch.length * MAX_ATTEMPTS; k++) {
          const one: Claim = { events: [] };
          try {
            const r = await runBatch(1, one);
            if (r.events === 0) break;
            events += r.events;
            items += r.items;
          } catch (err) {
            if (one.events.length === 0) throw err;
            await noteFailure(one.events, err);
          }
        }
        return { events, items };
      }
    },

    /**
     * Items stored without a decision (written before batch moderation, or by hand): moderated now,
     * their decisions recorded and audited in the same transaction as the update.
     */
    async recoverUnmoderated(olderThanMs = 60_000): Promise<number> {
      const rows = await db
        .select({ enteId: inboxItems.enteId, id: inboxItems.id, channelId: inboxItems.channelId, threadId: inboxItems.threadId, platformId: inboxItems.platformId, kind: inboxItems.kind, authorPlatformId: inboxItems.authorPlatformId, authorName: inboxItems.authorName, text: inboxItems.text, receivedAt: inboxItems.receivedAt, isQuestion: inboxItems.isQuestion })
        .from(inboxItems)
        .where(and(sql`${inboxItems.moderatedAt} IS NULL`, eq(inboxItems.direction, 'in'), sql`${inboxItems.storedAt} < ${new Date(Date.now() - olderThanMs)}`))
        .orderBy(inboxItems.receivedAt)
        .limit(500);
      if (rows.length === 0) return 0;
      const mods = await moderatorsFor([...new Set(rows.map((r) => r.enteId))]);
      const hide: HideTarget[] = [];
      await db.transaction(async (tx) => {
        for (const [enteId, m] of mods) {
          const list = rows.filter((r) => r.enteId === enteId);
          const decisions = m.decide(list.map((r) => ({ ref: r.id, text: r.text, author: `${r.channelId}:${r.authorPlatformId}`, at: r.receivedAt })));
          const values = list.map((r, k) => {
            const d = decisions[k]!;
            const hidden = d.decision === 'hide';
            if (hidden) hide.push(r);
            return { id: r.id, dec: d.decision, did: d.id, cat: d.category, cl: d.clause?.number ?? null, rev: d.decision === 'review', hidden, due: r.isQuestion && !hidden ? (responseDeadline(r.receivedAt, m.rulebook.hours)?.toISOString() ?? null) : null };
          });
          await tx.execute(sql`
            UPDATE inbox_items AS i SET decision = x.dec, decision_id = x.did, category = x.cat, clause_number = x.cl, needs_review = x.rev, due_at = x.due, moderated_at = now(),
              status = CASE WHEN x.hidden THEN 'hidden' ELSE i.status END, manual_action = CASE WHEN x.hidden THEN 'hide' ELSE i.manual_action END
            FROM json_to_recordset(${jsonParam(values)}::json) AS x(id uuid, dec text, did uuid, cat text, cl text, rev boolean, hidden boolean, due timestamptz)
            WHERE i.ente_id = ${enteId} AND i.id = x.id AND i.moderated_at IS NULL`);
          await deps.moderation.recordMany(tx, m, decisions, { source: 'inbox', actor: INBOX_ACTOR });
          const proposals = await proposeSanctions(
            tx,
            m,
            list.map((r, k) => ({ enteId, channelId: r.channelId, id: r.id, d: decisions[k]!, m, item: { platformId: r.platformId, kind: r.kind === 'message' ? 'message' : 'comment', threadRef: '', author: { platformId: r.authorPlatformId, name: r.authorName }, text: r.text, receivedAt: r.receivedAt } })),
          );
          await appendAuditMany(tx, proposals);
        }
      });
      queueHides(hide);
      await hiding;
      return rows.length;
    },

    /** Waits for the hides queued by past batches (the worker's stop). */
    settle: () => hiding,

    forgetChannel: (channelId: string) => keys.delete(channelId),
  };
}
export type IngestService = ReturnType<typeof createIngestService>;

function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Event ids grouped by Ente. */
function groupIds(xs: { e: string; id: string }[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const x of xs) {
    const list = out.get(x.e);
    if (list) list.push(x.id);
    else out.set(x.e, [x.id]);
  }
  return out;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const rowsOf = <T>(r: unknown): T[] => (r as { rows: T[] }).rows;
