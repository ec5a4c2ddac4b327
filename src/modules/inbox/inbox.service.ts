/**
 * The office's use cases on the inbox: list and search, threads, assignment, notes, replies through
 * the connector, moderation on the platform with the clause, deadlines, saved replies, recurring
 * questions turned into published answers, privacy (export, erasure), surveys, settings.
 */
import crypto from 'node:crypto';
import { and, asc, eq, gte, sql } from 'drizzle-orm';
import { type Db } from '../../platform/db/index.ts';
import { DomainError } from '../../platform/errors.ts';
import { can } from '../../platform/auth/roles.ts';
import { ConnectorError } from '../../connectors/contract.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import type { EditorialService } from '../editorial/index.ts';
import type { ModerationService } from '../moderation/index.ts';
import { deskExists, memberIdsOf, type EnteRow } from '../organisation/index.ts';
import { lateness } from './deadlines.fns.ts';
import * as repo from './inbox.repo.ts';
import { inboxItems, inboxNotes, inboxRecurringAnswers, inboxSanctions, inboxSavedReplies, inboxSettings, inboxSurveys } from './inbox.tables.ts';
import type { PlatformActions } from './platform.actions.ts';
import { groupRecurringQuestions } from './recurring.fns.ts';
import { DEFAULT_SAVED_REPLIES } from './saved-replies.fns.ts';
import type { ListeningSink } from './ingest.service.ts';

export interface Staff {
  userId: string;
  name: string;
  roles: readonly string[];
  audit: AuditActor;
}

export interface InboxDeps {
  db: Db;
  actions: PlatformActions;
  moderation: Pick<ModerationService, 'rulebookFor' | 'override' | 'eraseAuthorData'>;
  editorial: { posts: Pick<EditorialService['posts'], 'createProposal'> };
  /** The product's public address, for survey links; relative links without it. */
  publicUrl: string | null;
  /** Crisis listening keeps copies of incoming texts: erased with the person's items. */
  listening?: Pick<ListeningSink, 'eraseIn'>;
}

const hashToken = (t: string) => crypto.createHash('sha256').update(t).digest('hex');
const ERASED_TEXT = '[contenuto cancellato su richiesta dell’interessato (GDPR art. 17)]';

/** What the office must do for an accepted warning. */
const WARNING_BY_HAND = (clause: string) => ({
  it: `Ammonimento registrato: comunicalo alla persona sulla piattaforma citando la clausola ${clause} della policy.`,
  en: `Warning recorded: tell the person on the platform, citing clause ${clause} of the policy.`,
});

async function sanctionFor(tx: Db, enteId: string, id: string) {
  const [row] = await tx
    .select()
    .from(inboxSanctions)
    .where(and(eq(inboxSanctions.enteId, enteId), eq(inboxSanctions.id, id)))
    .for('update');
  if (!row) throw new DomainError('not_found', { what: 'sanction' });
  return row;
}

/** A deterministic id (UUID-shaped) for the reply of `text` to an item: the idempotency key. */
export function replyKey(enteId: string, itemId: string, text: string): string {
  const h = crypto.createHash('sha256').update(`inbox-reply\u0000${enteId}\u0000${itemId}\u0000${text.trim()}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h.slice(16, 18), 16) & 0x3f) | 0x80).toString(16)}${h.slice(18, 20)}-${h.slice(20, 32)}`;
}

export function createInboxService(deps: InboxDeps) {
  const { db } = deps;

  async function item(enteId: string, id: string) {
    const row = await repo.findItem(db, enteId, id);
    if (!row) throw new DomainError('not_found', { what: 'inbox item' });
    return row;
  }

  /** Presents items; `tx` inside a transaction (PGlite has one connection: never reach past it). */
  async function present(enteId: string, rows: repo.ItemWithChannel[], now = new Date(), tx: Db = db) {
    const s = await repo.settingsOf(tx, enteId);
    return rows.map((r) => presentItem(r, now, s.soonHours));
  }

  async function seedSavedReplies(enteId: string) {
    const s = await repo.settingsOf(db, enteId);
    if (s.savedRepliesSeeded) return;
    await db.transaction(async (tx) => {
      const [claimed] = await tx
        .update(inboxSettings)
        .set({ savedRepliesSeeded: true })
        .where(and(eq(inboxSettings.enteId, enteId), eq(inboxSettings.savedRepliesSeeded, false)))
        .returning({ enteId: inboxSettings.enteId });
      if (claimed) await tx.insert(inboxSavedReplies).values(DEFAULT_SAVED_REPLIES.map((r) => ({ enteId, ...r })));
    });
  }

  return {
    async list(enteId: string, q: repo.ItemQuery) {
      return present(enteId, await repo.listItems(db, enteId, q));
    },

    /** The thread of an item: every comment of the post (or message of the conversation), notes included. */
    async thread(enteId: string, itemId: string) {
      const it = await item(enteId, itemId);
      const { thread, items } = await repo.threadOf(db, enteId, it.threadId);
      const byPlatformId = new Map(items.map((i) => [i.platformId, i.id]));
      const notes = await repo.notesOf(db, enteId, items.map((i) => i.id));
      const presented = await present(enteId, items);
      return {
        id: thread!.id,
        kind: thread!.kind as 'comment' | 'message',
        threadRef: thread!.threadRef,
        channelId: thread!.channelId,
        items: presented.map((p, k) => ({
          ...p,
          // Resolved when read: a reply that arrived before its parent links up once the parent is in.
          parentId: items[k]!.parentRef ? (byPlatformId.get(items[k]!.parentRef!) ?? null) : null,
          notes: notes.filter((n) => n.itemId === p.id).map((n) => ({ id: n.id, authorName: n.authorName, text: n.text, createdAt: n.createdAt.toISOString() })),
        })),
      };
    },

    async assign(who: Staff, enteId: string, itemId: string, input: { deskId?: string | null; assigneeId?: string | null }) {
      const before = await item(enteId, itemId);
      const errors = [];
      if (input.deskId && !(await deskExists(db, enteId, input.deskId))) errors.push({ field: 'deskId', code: 'invalid_value' });
      if (input.assigneeId && !(await memberIdsOf(db, enteId, [input.assigneeId])).has(input.assigneeId)) errors.push({ field: 'assigneeId', code: 'invalid_value' });
      if (errors.length) throw new DomainError('validation_failed', {}, errors);
      return db.transaction(async (tx) => {
        const set: Partial<typeof inboxItems.$inferInsert> = {};
        if (input.deskId !== undefined) set.deskId = input.deskId;
        if (input.assigneeId !== undefined) set.assigneeId = input.assigneeId;
        if (before.status === 'new') set.status = 'assigned';
        await repo.updateItem(tx, enteId, itemId, set);
        await appendAudit(tx, enteId, who.audit, {
          action: 'inbox.assign',
          entityType: 'inbox_item',
          entityId: itemId,
          before: { deskId: before.deskId, assigneeId: before.assigneeId },
          after: { deskId: set.deskId ?? before.deskId, assigneeId: set.assigneeId ?? before.assigneeId },
        });
        return (await present(enteId, [(await repo.findItem(tx, enteId, itemId))!], new Date(), tx))[0]!;
      });
    },

    async addNote(who: Staff, enteId: string, itemId: string, text: string) {
      await item(enteId, itemId);
      return db.transaction(async (tx) => {
        const [n] = await tx.insert(inboxNotes).values({ enteId, itemId, authorId: who.userId, authorName: who.name, text }).returning();
        await appendAudit(tx, enteId, who.audit, { action: 'inbox.note', entityType: 'inbox_item', entityId: itemId, after: { noteId: n!.id } });
        return { id: n!.id, authorName: n!.authorName, text: n!.text, createdAt: n!.createdAt.toISOString() };
      });
    },

    async close(who: Staff, enteId: string, itemId: string) {
      const before = await item(enteId, itemId);
      return db.transaction(async (tx) => {
        await repo.updateItem(tx, enteId, itemId, { status: 'closed', closedAt: new Date() });
        await appendAudit(tx, enteId, who.audit, { action: 'inbox.close', entityType: 'inbox_item', entityId: itemId, before: { status: before.status }, after: { status: 'closed' } });
        return (await present(enteId, [(await repo.findItem(tx, enteId, itemId))!], new Date(), tx))[0]!;
      });
    },

    /**
     * Replies through the channel's connector; the reply joins the thread. Without a connector
     * that can reply, the reply is kept in the thread marked "da fare a mano" and the office is
     * told to post it by hand.
     */
    async reply(who: Staff, ente: EnteRow, itemId: string, text: string) {
      const it = await item(ente.id, itemId);
      if (it.direction !== 'in' || it.erasedAt) throw new DomainError('invalid_state', { state: it.erasedAt ? 'erased' : 'reply' });
      // The same reply to the same item has the same key: when the office retries after an unknown
      // outcome, the platform's idempotency (Mastodon's Idempotency-Key, Bluesky's record key) or
      // the row already stored here prevents a second answer.
      const key = replyKey(ente.id, itemId, text);
      const [already] = await db.select().from(inboxItems).where(and(eq(inboxItems.enteId, ente.id), eq(inboxItems.id, key)));
      if (already) {
        const [presented] = await present(ente.id, [{ ...already, channelName: it.channelName, platform: it.platform }], new Date());
        return { delivery: already.manualAction === 'reply' ? ('manual' as const) : ('sent' as const), message: null, reply: presented! };
      }
      let outcome;
      try {
        outcome = await deps.actions.reply(it, text, key);
      } catch (e) {
        if (e instanceof ConnectorError) throw new DomainError('reply_failed', { reason: e.explanation.it, reasonEn: e.explanation.en });
        throw e;
      }
      const now = new Date();
      return db.transaction(async (tx) => {
        const [out] = await tx
          .insert(inboxItems)
          .values({
            enteId: ente.id,
            id: key,
            channelId: it.channelId,
            threadId: it.threadId,
            platformId: outcome.outcome === 'sent' ? outcome.platformId : `manuale:${key}`,
            kind: it.kind,
            direction: 'out',
            parentRef: it.platformId,
            authorPlatformId: `ente:${ente.id}`,
            authorName: ente.name,
            text,
            url: outcome.outcome === 'sent' ? outcome.url : null,
            receivedAt: now,
            status: 'answered',
            moderatedAt: now,
            manualAction: outcome.outcome === 'manual' ? 'reply' : null,
            sentBy: who.userId,
          })
          .returning();
        await repo.updateItem(
          tx,
          ente.id,
          itemId,
          outcome.outcome === 'sent' ? { status: 'answered', answeredAt: now, manualAction: null } : { status: 'waiting', manualAction: 'reply' },
        );
        await appendAudit(tx, ente.id, who.audit, {
          action: 'inbox.reply',
          entityType: 'inbox_item',
          entityId: itemId,
          after: { replyId: key, delivery: outcome.outcome, platformId: outcome.outcome === 'sent' ? outcome.platformId : null },
        });
        const [presented] = await present(ente.id, [{ ...out!, channelName: it.channelName, platform: it.platform }], now, tx);
        return { delivery: outcome.outcome, message: outcome.outcome === 'manual' ? outcome.reason : null, reply: presented! };
      });
    },

    /** Hides, unhides or deletes an item with the clause of the policy it rests on. */
    async moderate(who: Staff, enteId: string, itemId: string, input: { action: 'hide' | 'unhide' | 'delete'; clause?: string; reason?: string }) {
      const it = await item(enteId, itemId);
      const rulebook = await deps.moderation.rulebookFor(who.audit, enteId);
      const clause = input.clause ? rulebook.clauses.find((c) => c.number === input.clause) : undefined;
      if (input.action !== 'unhide' && !clause) throw new DomainError('validation_failed', {}, [{ field: 'clause', code: input.clause ? 'invalid_value' : 'required' }]);
      const why = clause ? `Clausola ${clause.number} «${clause.title}»${input.reason ? `: ${input.reason}` : ''}` : (input.reason ?? 'Ripristinato dalla redazione');
      if (it.decisionId) await deps.moderation.override(who.audit, enteId, it.decisionId, { decision: input.action === 'unhide' ? 'allow' : 'hide', reason: why });
      const status = input.action === 'unhide' ? (it.answeredAt ? 'answered' : 'new') : 'hidden';
      await repo.updateItem(db, enteId, itemId, { status, needsReview: false, clauseNumber: clause?.number ?? it.clauseNumber });
      const done = await deps.actions.hideOnPlatform({ ...it }, input.action);
      await db.transaction(async (tx) => {
        await appendAudit(tx, enteId, who.audit, {
          action: `inbox.${input.action}`,
          entityType: 'inbox_item',
          entityId: itemId,
          before: { status: it.status, platformState: it.platformState },
          after: { status, clause: clause ? { number: clause.number, title: clause.title } : null, reason: input.reason ?? null, onPlatform: done.outcome },
        });
      });
      const [p] = await present(enteId, [(await repo.findItem(db, enteId, itemId))!]);
      return { item: p!, onPlatform: done.outcome, message: done.outcome === 'manual' ? (done.reason ?? null) : null };
    },

    /** What is late and what is about to be, earliest deadline first. */
    async late(enteId: string, now = new Date()) {
      const s = await repo.settingsOf(db, enteId);
      const rows = await repo.dueItems(db, enteId, new Date(now.getTime() + s.soonHours * 3_600_000), 500);
      const items = rows.map((r) => presentItem(r, now, s.soonHours));
      return { soonHours: s.soonHours, late: items.filter((i) => i.lateness === 'late'), soon: items.filter((i) => i.lateness === 'soon') };
    },

    async summary(enteId: string, now = new Date()) {
      const s = await repo.settingsOf(db, enteId);
      const c = await repo.counters(db, enteId, now, new Date(now.getTime() + s.soonHours * 3_600_000));
      const [sanctions] = await db
        .select({ n: sql<number>`count(*)::int` })
        .from(inboxSanctions)
        .where(and(eq(inboxSanctions.enteId, enteId), eq(inboxSanctions.status, 'proposta')));
      const proposed = Number(sanctions?.n ?? 0);
      return {
        at: now.toISOString(),
        ...c,
        sanctionsProposed: proposed,
        text: {
          it: `Posta in arrivo: ${c.new} nuovi, ${c.open} aperti, ${c.late} in ritardo, ${c.soon} in scadenza nelle prossime ${s.soonHours} ore, ${c.review} da rivedere, ${c.manual} azioni da fare a mano, ${proposed} sanzioni proposte.`,
          en: `Inbox: ${c.new} new, ${c.open} open, ${c.late} late, ${c.soon} due within ${s.soonHours} hours, ${c.review} to review, ${c.manual} actions to do by hand, ${proposed} sanctions proposed.`,
        },
      };
    },

    async listSanctions(enteId: string) {
      const rows = await db.select().from(inboxSanctions).where(eq(inboxSanctions.enteId, enteId)).orderBy(sql`${inboxSanctions.createdAt} desc`).limit(200);
      return rows.map(presentSanction);
    },

    /**
     * Accepts a proposed sanction and carries it out. A warning is recorded as given (the office
     * tells the person, citing the clause). A block is carried out on the platform when the
     * channel's connector can block, else the sanction stays "da fare a mano" with the reason.
     * The proposal is claimed first (only one person accepts it), then acted upon; both steps audited.
     */
    async acceptSanction(who: Staff, enteId: string, sanctionId: string) {
      const claimed = await db.transaction(async (tx) => {
        const before = await sanctionFor(tx, enteId, sanctionId);
        if (before.status !== 'proposta') throw new DomainError('invalid_state', { state: before.status });
        const next = before.kind === 'warning' ? 'applicata' : 'accettata';
        const [row] = await tx
          .update(inboxSanctions)
          .set({ status: next })
          .where(and(eq(inboxSanctions.enteId, enteId), eq(inboxSanctions.id, sanctionId), eq(inboxSanctions.status, 'proposta')))
          .returning();
        if (!row) throw new DomainError('invalid_state', { state: 'changed' });
        await appendAudit(tx, enteId, who.audit, {
          action: 'inbox.sanction.accept',
          entityType: 'inbox_sanction',
          entityId: sanctionId,
          before: { status: before.status },
          after: { status: next, kind: row.kind, clause: row.clauseNumber, author: row.authorPlatformId },
        });
        return row;
      });
      if (claimed.kind === 'warning') {
        return { sanction: presentSanction(claimed), onPlatform: 'recorded' as const, message: WARNING_BY_HAND(claimed.clauseNumber) };
      }
      const done = await deps.actions.blockAuthor(enteId, claimed.channelId, claimed.authorPlatformId);
      const status = done.outcome === 'done' ? 'applicata' : 'da_fare_a_mano';
      const row = await db.transaction(async (tx) => {
        const [r] = await tx.update(inboxSanctions).set({ status }).where(and(eq(inboxSanctions.enteId, enteId), eq(inboxSanctions.id, sanctionId))).returning();
        await appendAudit(tx, enteId, who.audit, {
          action: 'inbox.sanction.block',
          entityType: 'inbox_sanction',
          entityId: sanctionId,
          before: { status: 'accettata' },
          after: { status, onPlatform: done.outcome },
        });
        return r!;
      });
      return { sanction: presentSanction(row), onPlatform: done.outcome, message: done.outcome === 'manual' ? (done.reason ?? null) : null };
    },

    /** Dismisses a proposed sanction, with the reason when given. */
    async dismissSanction(who: Staff, enteId: string, sanctionId: string, reason: string | null) {
      return db.transaction(async (tx) => {
        const before = await sanctionFor(tx, enteId, sanctionId);
        if (before.status !== 'proposta') throw new DomainError('invalid_state', { state: before.status });
        const [row] = await tx
          .update(inboxSanctions)
          .set({ status: 'respinta' })
          .where(and(eq(inboxSanctions.enteId, enteId), eq(inboxSanctions.id, sanctionId), eq(inboxSanctions.status, 'proposta')))
          .returning();
        if (!row) throw new DomainError('invalid_state', { state: 'changed' });
        await appendAudit(tx, enteId, who.audit, {
          action: 'inbox.sanction.dismiss',
          entityType: 'inbox_sanction',
          entityId: sanctionId,
          before: { status: before.status },
          after: { status: 'respinta', kind: row.kind, clause: row.clauseNumber, reason },
        });
        return presentSanction(row);
      });
    },

    async listSavedReplies(enteId: string) {
      await seedSavedReplies(enteId);
      const rows = await db.select().from(inboxSavedReplies).where(eq(inboxSavedReplies.enteId, enteId)).orderBy(asc(inboxSavedReplies.title));
      return rows.map(presentSavedReply);
    },

    async createSavedReply(who: Staff, enteId: string, input: { title: string; body: string; category?: string | null }) {
      await seedSavedReplies(enteId);
      return db.transaction(async (tx) => {
        const [r] = await tx.insert(inboxSavedReplies).values({ enteId, title: input.title, body: input.body, category: input.category ?? null }).returning();
        await appendAudit(tx, enteId, who.audit, { action: 'inbox.saved_reply.create', entityType: 'inbox_saved_reply', entityId: r!.id, after: { title: r!.title } });
        return presentSavedReply(r!);
      });
    },

    async updateSavedReply(who: Staff, enteId: string, id: string, input: { title?: string; body?: string; category?: string | null; version?: number }) {
      return db.transaction(async (tx) => {
        const [before] = await tx.select().from(inboxSavedReplies).where(and(eq(inboxSavedReplies.enteId, enteId), eq(inboxSavedReplies.id, id))).for('update');
        if (!before) throw new DomainError('not_found', { what: 'saved reply' });
        if (input.version !== undefined && input.version !== before.version) throw new DomainError('version_conflict');
        const [r] = await tx
          .update(inboxSavedReplies)
          .set({ title: input.title ?? before.title, body: input.body ?? before.body, category: input.category === undefined ? before.category : input.category, updatedAt: new Date(), version: before.version + 1 })
          .where(and(eq(inboxSavedReplies.enteId, enteId), eq(inboxSavedReplies.id, id)))
          .returning();
        await appendAudit(tx, enteId, who.audit, { action: 'inbox.saved_reply.update', entityType: 'inbox_saved_reply', entityId: id, before: { title: before.title, body: before.body }, after: { title: r!.title, body: r!.body } });
        return presentSavedReply(r!);
      });
    },

    /** Questions asked by at least N different people in twelve months, grouped by meaning. */
    async recurring(enteId: string, now = new Date()) {
      const s = await repo.settingsOf(db, enteId);
      const rows = await db
        .select({ id: inboxItems.id, text: inboxItems.text, author: inboxItems.authorPlatformId, name: inboxItems.authorName, channelId: inboxItems.channelId, at: inboxItems.receivedAt })
        .from(inboxItems)
        .where(
          and(
            eq(inboxItems.enteId, enteId),
            eq(inboxItems.direction, 'in'),
            eq(inboxItems.isQuestion, true),
            sql`${inboxItems.erasedAt} IS NULL`,
            gte(inboxItems.receivedAt, new Date(now.getTime() - 365 * 86_400_000)),
          ),
        )
        .orderBy(sql`${inboxItems.receivedAt} desc`)
        .limit(5000);
      const groups = groupRecurringQuestions(
        rows.map((r) => ({ id: r.id, text: r.text, person: `${r.channelId}:${r.author}`, authorName: r.name, channelId: r.channelId, at: r.at })),
        { now, minPeople: s.recurringMinPeople },
      );
      const answered = await db.select().from(inboxRecurringAnswers).where(eq(inboxRecurringAnswers.enteId, enteId));
      return groups.map((g) => {
        const a = answered.find((x) => x.signature === g.signature);
        return {
          signature: g.signature,
          terms: g.terms,
          people: g.people,
          count: g.count,
          first: g.first.toISOString(),
          last: g.last.toISOString(),
          examples: g.examples.map((e) => ({ itemId: e.id, text: e.text, authorName: e.authorName, channelId: e.channelId, at: e.at.toISOString() })),
          answer: a ? { postId: a.postId, savedReplyId: a.savedReplyId } : null,
        };
      });
    },

    /** Turns a recurring question into a post proposal and a saved reply that links it. */
    async publishRecurring(who: Staff, enteId: string, input: { signature: string; title: string; body: string }) {
      const group = (await this.recurring(enteId)).find((g) => g.signature === input.signature);
      if (!group) throw new DomainError('not_found', { what: 'recurring question' });
      if (group.answer) throw new DomainError('conflict');
      const post = await deps.editorial.posts.createProposal({ userId: who.userId, roles: who.roles, audit: who.audit }, enteId, {
        title: input.title,
        body: input.body,
        service: 'Domande frequenti dalla posta in arrivo',
      });
      return db.transaction(async (tx) => {
        const [reply] = await tx
          .insert(inboxSavedReplies)
          .values({
            enteId,
            title: `Risposta pubblicata: ${input.title}`.slice(0, 200),
            body: `Gentile {nome}, abbiamo pubblicato le informazioni su questo tema nei nostri canali ufficiali («${input.title}»): le trova lì insieme a tutti i dettagli.`,
            postId: post.id,
          })
          .returning();
        await tx.insert(inboxRecurringAnswers).values({ enteId, signature: input.signature, postId: post.id, savedReplyId: reply!.id });
        await appendAudit(tx, enteId, who.audit, { action: 'inbox.recurring.publish', entityType: 'inbox_recurring', entityId: input.signature, after: { postId: post.id, savedReplyId: reply!.id, people: group.people } });
        return { postId: post.id, savedReply: presentSavedReply(reply!) };
      });
    },

    /** GDPR art. 15: every item, note and survey about one person of one channel. */
    async exportCitizen(who: Staff, enteId: string, input: { channelId: string; authorPlatformId: string }) {
      const rows = await db
        .select()
        .from(inboxItems)
        .where(and(eq(inboxItems.enteId, enteId), eq(inboxItems.channelId, input.channelId), eq(inboxItems.authorPlatformId, input.authorPlatformId)))
        .orderBy(asc(inboxItems.receivedAt));
      const sanctions = await db
        .select()
        .from(inboxSanctions)
        .where(and(eq(inboxSanctions.enteId, enteId), eq(inboxSanctions.channelId, input.channelId), eq(inboxSanctions.authorPlatformId, input.authorPlatformId)));
      await db.transaction((tx) =>
        appendAudit(tx, enteId, who.audit, { action: 'inbox.privacy.export', entityType: 'inbox_subject', entityId: input.channelId, after: { items: rows.length } }),
      );
      return {
        exportedAt: new Date().toISOString(),
        subject: { channelId: input.channelId, authorPlatformId: input.authorPlatformId, names: [...new Set(rows.map((r) => r.authorName))] },
        items: rows.map((r) => ({ id: r.id, kind: r.kind, text: r.text, receivedAt: r.receivedAt.toISOString(), status: r.status, decision: r.decision, clauseNumber: r.clauseNumber, url: r.url })),
        sanctions: sanctions.map((s) => ({ kind: s.kind, clauseNumber: s.clauseNumber, status: s.status, createdAt: s.createdAt.toISOString() })),
      };
    },

    /**
     * GDPR art. 17: the person's items are anonymised (text, name, ids), their notes and sanctions
     * removed, the moderation decisions about them stripped of content; the audit records the
     * erasure without any content.
     */
    async eraseCitizen(who: Staff, enteId: string, input: { channelId: string; authorPlatformId: string }) {
      return db.transaction(async (tx) => {
        const erasedId = `cancellato:${crypto.randomUUID()}`;
        const rows = await tx
          .update(inboxItems)
          .set({ text: ERASED_TEXT, authorName: 'Persona cancellata', authorPlatformId: erasedId, authorHandle: null, url: null, erasedAt: new Date() })
          .where(and(eq(inboxItems.enteId, enteId), eq(inboxItems.channelId, input.channelId), eq(inboxItems.authorPlatformId, input.authorPlatformId)))
          .returning({ id: inboxItems.id });
        const ids = rows.map((r) => r.id);
        if (ids.length) await tx.delete(inboxNotes).where(and(eq(inboxNotes.enteId, enteId), sql`${inboxNotes.itemId} IN ${ids}`));
        // The moderation module keeps the text it judged: it strips its records of this person
        // (by the author key the inbox gives it, and by the items) and forgets them in its flood memory.
        await deps.moderation.eraseAuthorData(tx, enteId, { authorKey: `${input.channelId}:${input.authorPlatformId}`, itemRefs: ids }, ERASED_TEXT);
        if (ids.length) await deps.listening?.eraseIn(tx, enteId, ids, ERASED_TEXT);
        await tx
          .delete(inboxSanctions)
          .where(and(eq(inboxSanctions.enteId, enteId), eq(inboxSanctions.channelId, input.channelId), eq(inboxSanctions.authorPlatformId, input.authorPlatformId)));
        await appendAudit(tx, enteId, who.audit, { action: 'inbox.privacy.erase', entityType: 'inbox_subject', entityId: input.channelId, after: { items: ids.length } });
        return { erased: ids.length };
      });
    },

    /** A one-question survey link for a closed conversation, sent through the channel when possible. */
    async sendSurvey(who: Staff, ente: EnteRow, itemId: string, input: { service: string; cartaUrl?: string | null }) {
      const it = await item(ente.id, itemId);
      if (it.status !== 'closed') throw new DomainError('invalid_state', { state: it.status });
      const s = await repo.settingsOf(db, ente.id);
      const token = crypto.randomBytes(24).toString('base64url');
      const url = `${(deps.publicUrl ?? '').replace(/\/$/, '')}/enti/${encodeURIComponent(ente.slug)}/soddisfazione/${token}`;
      const [survey] = await db
        .insert(inboxSurveys)
        .values({ enteId: ente.id, itemId, tokenHash: hashToken(token), service: input.service, cartaUrl: input.cartaUrl ?? s.cartaDeiServiziUrl })
        .returning();
      const text = `Gentile ${it.authorName}, ci aiuti a migliorare il servizio «${input.service}»: una sola domanda, in forma anonima. ${url}`;
      let delivery: 'sent' | 'manual' = 'manual';
      try {
        delivery = (await deps.actions.reply(it, text, survey!.id)).outcome;
      } catch {
        delivery = 'manual';
      }
      await db.transaction((tx) =>
        appendAudit(tx, ente.id, who.audit, { action: 'inbox.survey.send', entityType: 'inbox_item', entityId: itemId, after: { surveyId: survey!.id, service: input.service, delivery } }),
      );
      return { surveyId: survey!.id, url, delivery, text };
    },

    /** The public survey behind a token, or null. */
    async surveyByToken(token: string) {
      const [s] = await db.select().from(inboxSurveys).where(eq(inboxSurveys.tokenHash, hashToken(token)));
      return s ?? null;
    },

    /** Stores a citizen's answer once; false when already answered. */
    async answerSurvey(token: string, input: { score: number; comment: string | null }): Promise<boolean> {
      const rows = await db
        .update(inboxSurveys)
        .set({ score: input.score, comment: input.comment, answeredAt: new Date() })
        .where(and(eq(inboxSurveys.tokenHash, hashToken(token)), sql`${inboxSurveys.answeredAt} IS NULL`))
        .returning({ id: inboxSurveys.id });
      return rows.length > 0;
    },

    async settings(enteId: string) {
      return presentSettings(await repo.settingsOf(db, enteId));
    },

    async updateSettings(who: Staff, enteId: string, input: { retentionDays?: number; soonHours?: number; recurringMinPeople?: number; cartaDeiServiziUrl?: string | null }) {
      const before = await repo.settingsOf(db, enteId);
      return db.transaction(async (tx) => {
        const [after] = await tx
          .update(inboxSettings)
          .set({ ...input, updatedAt: new Date() })
          .where(eq(inboxSettings.enteId, enteId))
          .returning();
        await appendAudit(tx, enteId, who.audit, { action: 'inbox.settings', entityType: 'inbox_settings', entityId: enteId, before: presentSettings(before), after: presentSettings(after!) });
        return presentSettings(after!);
      });
    },

    canModerate: (roles: readonly string[]) => can(roles, 'inbox.moderate'),
  };
}
export type InboxService = ReturnType<typeof createInboxService>;

export function presentItem(r: repo.ItemWithChannel, now: Date, soonHours: number) {
  const open = !['closed', 'hidden', 'answered'].includes(r.status) && !r.answeredAt;
  return {
    id: r.id,
    threadId: r.threadId,
    channel: { id: r.channelId, name: r.channelName, platform: r.platform },
    kind: r.kind as 'comment' | 'message',
    direction: r.direction as 'in' | 'out',
    platformId: r.platformId,
    parentRef: r.parentRef,
    author: { name: r.authorName, handle: r.authorHandle, platformId: r.authorPlatformId },
    text: r.text,
    url: r.url,
    receivedAt: r.receivedAt.toISOString(),
    status: r.status as repo.ItemStatus,
    isQuestion: r.isQuestion,
    category: r.category,
    moderation: { decision: r.decision as 'allow' | 'review' | 'hide' | null, decisionId: r.decisionId, clauseNumber: r.clauseNumber, needsReview: r.needsReview },
    platformState: r.platformState as 'visible' | 'hidden' | 'deleted',
    manualAction: r.manualAction,
    deskId: r.deskId,
    assigneeId: r.assigneeId,
    dueAt: r.dueAt?.toISOString() ?? null,
    lateness: lateness(open ? r.dueAt : null, false, now, soonHours),
    answeredAt: r.answeredAt?.toISOString() ?? null,
    closedAt: r.closedAt?.toISOString() ?? null,
    erased: r.erasedAt !== null,
  };
}
export type PresentedItem = ReturnType<typeof presentItem>;

export const SANCTION_STATUSES = ['proposta', 'accettata', 'applicata', 'da_fare_a_mano', 'respinta'] as const;

function presentSanction(r: typeof inboxSanctions.$inferSelect) {
  return { ...r, createdAt: r.createdAt.toISOString(), kind: r.kind as 'warning' | 'block', status: r.status as (typeof SANCTION_STATUSES)[number] };
}

function presentSavedReply(r: typeof inboxSavedReplies.$inferSelect) {
  return { id: r.id, title: r.title, body: r.body, category: r.category, postId: r.postId, updatedAt: r.updatedAt.toISOString(), version: r.version };
}

function presentSettings(s: repo.SettingsRow) {
  return { retentionDays: s.retentionDays, soonHours: s.soonHours, recurringMinPeople: s.recurringMinPeople, cartaDeiServiziUrl: s.cartaDeiServiziUrl };
}
