/**
 * Crisis mode: declare (pauses the scheduled ordinary variants of the channels in crisis and tells
 * the team), read the state (a crisis past its expected end is ended at read time and by the
 * worker's tick), end by hand, and review the paused variants one by one. Ending restores nothing.
 */
import { and, desc, eq, gt, inArray, isNotNull, isNull, lte, sql } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { pgErrorCode, UNIQUE_VIOLATION } from '../../platform/db/pg-errors.ts';
import { DomainError } from '../../platform/errors.ts';
import { appendAudit, type AuditActor } from '../audit/index.ts';
import { transition, type OnVariantsScheduled, type PostStatus } from '../editorial/index.ts';
import { posts, postVariants } from '../editorial/editorial.tables.ts';
import { alerts, crises, crisisNotifications, crisisPausedVariants, fakeClaims } from './crisis.tables.ts';

export interface CrisisActor {
  userId: string;
  roles: readonly string[];
  audit: AuditActor;
}

export const SYSTEM_CRISIS: AuditActor = { id: null, label: 'redazione crisi' };

type CrisisRow = typeof crises.$inferSelect;

function presentCrisis(c: CrisisRow) {
  return {
    id: c.id,
    reason: c.reason,
    declaredBy: c.declaredBy,
    declaredAt: c.declaredAt.toISOString(),
    expectedEndAt: c.expectedEndAt.toISOString(),
    channelIds: c.channelIds,
    allowedUserIds: c.allowedUserIds,
    endedAt: c.endedAt?.toISOString() ?? null,
    endKind: (c.endKind as 'manuale' | 'scadenza' | null) ?? null,
  };
}

/** Posts that are crisis messages (alerts, clarifications of false claims): never paused. */
function crisisMessagePostIds(enteId: string) {
  return sql`(select ${alerts.postId} from ${alerts} where ${alerts.enteId} = ${enteId} and ${alerts.postId} is not null
    union select ${fakeClaims.postId} from ${fakeClaims} where ${fakeClaims.enteId} = ${enteId} and ${fakeClaims.postId} is not null)`;
}

async function notifyTeam(tx: Db, enteId: string, kind: string, it: string, en: string) {
  const members = await tx.select({ userId: schema.memberships.userId }).from(schema.memberships).where(eq(schema.memberships.enteId, enteId));
  if (members.length) await tx.insert(crisisNotifications).values(members.map((m) => ({ enteId, userId: m.userId, kind, messageIt: it, messageEn: en })));
}

export async function openCrisis(db: Db, enteId: string, lock = false) {
  const q = db.select().from(crises).where(and(eq(crises.enteId, enteId), isNull(crises.endedAt)));
  const [c] = lock ? await q.for('update') : await q;
  return c;
}

/**
 * Pauses the ordinary variants scheduled on the crisis's channels: `programmato`, not yet
 * published, not a crisis message, not written by someone on the allow-list. Returns how many.
 */
async function pauseScheduled(tx: Db, c: CrisisRow): Promise<number> {
  const conds = [
    eq(postVariants.enteId, c.enteId),
    eq(postVariants.status, 'programmato'),
    sql`${postVariants.postId} not in ${crisisMessagePostIds(c.enteId)}`,
  ];
  if (c.channelIds.length) conds.push(inArray(postVariants.channelId, c.channelIds));
  if (c.allowedUserIds.length) {
    // One parameter per id (a JS array in a sql template expands to a list, not to an array).
    const allowed = sql`array[${sql.join(c.allowedUserIds.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;
    conds.push(
      sql`not exists (select 1 from ${posts} p where p.ente_id = ${postVariants.enteId} and p.id = ${postVariants.postId}
        and (p.author_id = any(${allowed}) or p.last_editor_id = any(${allowed})))`,
    );
  }
  const paused = await tx
    .update(postVariants)
    .set({ status: 'sospeso_crisi' })
    .where(and(...conds))
    .returning({ postId: postVariants.postId, channelId: postVariants.channelId, scheduledAt: postVariants.scheduledAt });
  if (paused.length) {
    await tx
      .insert(crisisPausedVariants)
      .values(paused.map((p) => ({ enteId: c.enteId, crisisId: c.id, postId: p.postId, channelId: p.channelId, scheduledAt: p.scheduledAt })))
      .onConflictDoNothing();
  }
  return paused.length;
}

export function createCrisisService(deps: { db: Db; onVariantsScheduled?: OnVariantsScheduled }) {
  const { db } = deps;

  async function end(tx: Db, c: CrisisRow, actor: AuditActor, kind: 'manuale' | 'scadenza', at: Date) {
    const [after] = await tx
      .update(crises)
      .set({ endedAt: at, endedBy: actor.id, endKind: kind })
      .where(and(eq(crises.enteId, c.enteId), eq(crises.id, c.id), isNull(crises.endedAt)))
      .returning();
    if (!after) return null;
    await notifyTeam(
      tx,
      c.enteId,
      'crisis_ended',
      `Fine della modalità crisi${kind === 'scadenza' ? ' (scadenza prevista raggiunta)' : ''}. I post sospesi restano sospesi: rivedili uno per uno.`,
      `Crisis mode ended${kind === 'scadenza' ? ' (expected end reached)' : ''}. Paused posts stay paused: review them one by one.`,
    );
    await appendAudit(tx, c.enteId, actor, { action: 'crisis.end', entityType: 'crisis', entityId: c.id, before: { endedAt: null }, after: { endedAt: at.toISOString(), kind } });
    return after;
  }

  /** Ends the crises past their expected end (the worker's tick and every read of the state). */
  async function endExpired(now = new Date(), enteId?: string): Promise<number> {
    const due = await db
      .select()
      .from(crises)
      .where(and(isNull(crises.endedAt), lte(crises.expectedEndAt, now), ...(enteId ? [eq(crises.enteId, enteId)] : [])));
    let n = 0;
    for (const c of due) if (await db.transaction((tx) => end(tx, c, SYSTEM_CRISIS, 'scadenza', now))) n++;
    return n;
  }

  /** During a crisis, pauses ordinary variants scheduled after it was declared (the tick). */
  async function sweep(): Promise<number> {
    const open = await db.select().from(crises).where(isNull(crises.endedAt));
    let n = 0;
    for (const c of open) n += await db.transaction((tx) => pauseScheduled(tx, c));
    return n;
  }

  async function pausedRows(enteId: string, crisisId?: string) {
    return db
      .select({ p: crisisPausedVariants, title: posts.title })
      .from(crisisPausedVariants)
      .innerJoin(posts, and(eq(posts.enteId, crisisPausedVariants.enteId), eq(posts.id, crisisPausedVariants.postId)))
      .where(and(eq(crisisPausedVariants.enteId, enteId), ...(crisisId ? [eq(crisisPausedVariants.crisisId, crisisId)] : [])))
      .orderBy(crisisPausedVariants.scheduledAt);
  }

  const presentPaused = (r: Awaited<ReturnType<typeof pausedRows>>[number]) => ({
    crisisId: r.p.crisisId,
    postId: r.p.postId,
    channelId: r.p.channelId,
    title: r.title,
    scheduledAt: r.p.scheduledAt?.toISOString() ?? null,
    state: r.p.state as 'sospeso' | 'riprogrammato' | 'scartato',
    rescheduledAt: r.p.rescheduledAt?.toISOString() ?? null,
    decidedAt: r.p.decidedAt?.toISOString() ?? null,
  });

  /** The paused variant still waiting for a decision, locked. */
  async function pendingPaused(tx: Db, enteId: string, postId: string, channelId: string) {
    const [row] = await tx
      .select()
      .from(crisisPausedVariants)
      .where(and(eq(crisisPausedVariants.enteId, enteId), eq(crisisPausedVariants.postId, postId), eq(crisisPausedVariants.channelId, channelId), eq(crisisPausedVariants.state, 'sospeso')))
      .for('update');
    if (!row) throw new DomainError('not_found', { what: 'paused post' });
    const [v] = await tx
      .select()
      .from(postVariants)
      .where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId), eq(postVariants.channelId, channelId)))
      .for('update');
    if (!v || v.status !== 'sospeso_crisi') throw new DomainError('not_found', { what: 'paused post' });
    return row;
  }

  return {
    endExpired,
    sweep,

    async declare(who: CrisisActor, enteId: string, input: { reason: string; expectedEndAt: string; channelIds?: string[]; allowedUserIds?: string[] }, now = new Date()) {
      const expectedEndAt = new Date(input.expectedEndAt);
      if (expectedEndAt.getTime() <= now.getTime()) {
        throw new DomainError('validation_failed', {}, [{ field: 'expectedEndAt', code: 'in_the_past', messages: { it: 'La fine prevista deve essere nel futuro.', en: 'The expected end must be in the future.' } }]);
      }
      await endExpired(now, enteId);
      try {
        return await db.transaction(async (tx) => {
          if (await openCrisis(tx, enteId)) throw new DomainError('crisis_active');
          const known = new Set((await tx.select({ id: schema.channels.id }).from(schema.channels).where(eq(schema.channels.enteId, enteId))).map((c) => c.id));
          const unknown = (input.channelIds ?? []).findIndex((id) => !known.has(id));
          if (unknown >= 0) throw new DomainError('validation_failed', {}, [{ field: `channelIds.${unknown}`, code: 'unknown_channel' }]);
          const members = new Set((await tx.select({ id: schema.memberships.userId }).from(schema.memberships).where(eq(schema.memberships.enteId, enteId))).map((m) => m.id));
          const stranger = (input.allowedUserIds ?? []).findIndex((id) => !members.has(id));
          if (stranger >= 0) throw new DomainError('validation_failed', {}, [{ field: `allowedUserIds.${stranger}`, code: 'unknown_person' }]);
          const [c] = await tx
            .insert(crises)
            .values({ enteId, reason: input.reason, declaredBy: who.userId, declaredAt: now, expectedEndAt, channelIds: input.channelIds ?? [], allowedUserIds: input.allowedUserIds ?? [] })
            .returning();
          const paused = await pauseScheduled(tx, c!);
          await notifyTeam(
            tx,
            enteId,
            'crisis_declared',
            `Modalità crisi dichiarata: ${input.reason}. ${paused} pubblicazioni programmate sono sospese; si pubblicano solo messaggi di crisi.`,
            `Crisis mode declared: ${input.reason}. ${paused} scheduled publications are paused; only crisis messages are published.`,
          );
          await appendAudit(tx, enteId, who.audit, { action: 'crisis.declare', entityType: 'crisis', entityId: c!.id, after: { ...presentCrisis(c!), paused } });
          return { crisis: presentCrisis(c!), paused };
        });
      } catch (e) {
        if (pgErrorCode(e) === UNIQUE_VIOLATION) throw new DomainError('crisis_active');
        throw e;
      }
    },

    async end(who: CrisisActor, enteId: string, now = new Date()) {
      return db.transaction(async (tx) => {
        const c = await openCrisis(tx, enteId, true);
        if (!c) throw new DomainError('no_crisis');
        const after = await end(tx, c, who.audit, 'manuale', now);
        return { crisis: presentCrisis(after!) };
      });
    },

    /** The crisis in force (if any), the banner, the paused variants and the person's notifications. */
    async state(enteId: string, userId: string | null, now = new Date()) {
      await endExpired(now, enteId);
      const c = await openCrisis(db, enteId);
      const [last] = c ? [c] : await db.select().from(crises).where(and(eq(crises.enteId, enteId), isNotNull(crises.endedAt))).orderBy(desc(crises.endedAt)).limit(1);
      const paused = (await pausedRows(enteId)).filter((r) => r.p.state === 'sospeso').map(presentPaused);
      const notifications = userId
        ? await db.select().from(crisisNotifications).where(and(eq(crisisNotifications.enteId, enteId), eq(crisisNotifications.userId, userId))).orderBy(desc(crisisNotifications.createdAt)).limit(20)
        : [];
      return {
        active: Boolean(c),
        banner: c
          ? { it: `Modalità crisi attiva: ${c.reason}. Fine prevista: ${c.expectedEndAt.toISOString()}. Si pubblicano solo messaggi di crisi.`, en: `Crisis mode active: ${c.reason}. Expected end: ${c.expectedEndAt.toISOString()}. Only crisis messages are published.` }
          : null,
        crisis: c ? presentCrisis(c) : null,
        lastCrisis: last && !c ? presentCrisis(last) : null,
        paused,
        notifications: notifications.map((n) => ({ id: n.id, kind: n.kind, message: { it: n.messageIt, en: n.messageEn }, createdAt: n.createdAt.toISOString(), read: n.readAt !== null })),
      };
    },

    async listPaused(enteId: string) {
      return { paused: (await pausedRows(enteId)).map(presentPaused) };
    },

    /** Puts a paused variant back in the queue at a new time (the post keeps its approvals). */
    async reschedule(who: CrisisActor, enteId: string, postId: string, channelId: string, at: string, now = new Date()) {
      const when = new Date(at);
      if (when.getTime() <= now.getTime()) {
        throw new DomainError('validation_failed', {}, [{ field: 'at', code: 'in_the_past', messages: { it: 'La nuova data deve essere nel futuro.', en: 'The new time must be in the future.' } }]);
      }
      return db.transaction(async (tx) => {
        if (await openCrisis(tx, enteId)) throw new DomainError('crisis_active');
        const row = await pendingPaused(tx, enteId, postId, channelId);
        const [v] = await tx
          .update(postVariants)
          .set({ status: 'programmato', scheduledAt: when })
          .where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId), eq(postVariants.channelId, channelId)))
          .returning();
        if (deps.onVariantsScheduled) await deps.onVariantsScheduled(tx, enteId, postId, [{ channelId, scheduledAt: when, contentHash: v!.contentHash }]);
        await tx
          .update(crisisPausedVariants)
          .set({ state: 'riprogrammato', decidedBy: who.userId, decidedAt: now, rescheduledAt: when })
          .where(and(eq(crisisPausedVariants.enteId, enteId), eq(crisisPausedVariants.crisisId, row.crisisId), eq(crisisPausedVariants.postId, postId), eq(crisisPausedVariants.channelId, channelId)));
        await appendAudit(tx, enteId, who.audit, { action: 'crisis.paused.reschedule', entityType: 'post', entityId: postId, before: { channelId, scheduledAt: row.scheduledAt?.toISOString() ?? null }, after: { channelId, scheduledAt: when.toISOString() } });
        return { postId, channelId, state: 'riprogrammato' as const, scheduledAt: when.toISOString() };
      });
    },

    /** Drops a paused variant: it will not be published; the post goes back to approved. */
    async drop(who: CrisisActor, enteId: string, postId: string, channelId: string, now = new Date()) {
      return db.transaction(async (tx) => {
        const row = await pendingPaused(tx, enteId, postId, channelId);
        await tx
          .update(postVariants)
          .set({ status: 'approvato', scheduledAt: null })
          .where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId), eq(postVariants.channelId, channelId)));
        const [p] = await tx.select().from(posts).where(and(eq(posts.enteId, enteId), eq(posts.id, postId))).for('update');
        const next = p ? transition(p.status as PostStatus, { type: 'schedule', complete: false }) : null;
        if (p && next && next !== p.status) {
          await tx.update(posts).set({ status: next, updatedAt: now, version: sql`${posts.version} + 1` }).where(and(eq(posts.enteId, enteId), eq(posts.id, postId)));
        }
        await tx
          .update(crisisPausedVariants)
          .set({ state: 'scartato', decidedBy: who.userId, decidedAt: now })
          .where(and(eq(crisisPausedVariants.enteId, enteId), eq(crisisPausedVariants.crisisId, row.crisisId), eq(crisisPausedVariants.postId, postId), eq(crisisPausedVariants.channelId, channelId)));
        await appendAudit(tx, enteId, who.audit, { action: 'crisis.paused.drop', entityType: 'post', entityId: postId, before: { channelId, status: 'sospeso_crisi' }, after: { channelId, status: 'approvato' } });
        return { postId, channelId, state: 'scartato' as const, scheduledAt: null };
      });
    },
  };
}

export type CrisisService = ReturnType<typeof createCrisisService>;

/**
 * The crisis gate, one predicate for the publishing worker: may this variant go out now? No when
 * a crisis covers its channel and the post is neither a crisis message nor written by someone on
 * the crisis's allow-list.
 */
export async function crisisAllowsPublication(db: Db, enteId: string, postId: string, channelId: string): Promise<boolean> {
  const c = await openCrisis(db, enteId);
  return !c || (await crisisAllows(db, c, postId, channelId));
}

async function crisisAllows(db: Db, c: CrisisRow, postId: string, channelId: string): Promise<boolean> {
  const { enteId } = c;
  if (c.channelIds.length && !c.channelIds.includes(channelId)) return true;
  const special = await db.execute(sql`select 1 as x from ${crisisMessagePostIds(enteId)} m(id) where m.id = ${postId}`);
  const rows = Array.isArray(special) ? special : (special as unknown as { rows: unknown[] }).rows;
  if (rows.length) return true;
  if (!c.allowedUserIds.length) return false;
  const [p] = await db.select({ a: posts.authorId, e: posts.lastEditorId }).from(posts).where(and(eq(posts.enteId, enteId), eq(posts.id, postId)));
  return Boolean(p && (c.allowedUserIds.includes(p.a) || c.allowedUserIds.includes(p.e)));
}


/**
 * For the publishing worker's gate: the Enti among `enteIds` with a crisis in force (open and
 * not past its expected end). One query, asked once per claimed batch.
 */
export async function openCrisisEnti(db: Db, enteIds: readonly string[], now = new Date()): Promise<Set<string>> {
  if (enteIds.length === 0) return new Set();
  const rows = await db
    .select({ enteId: crises.enteId })
    .from(crises)
    .where(and(isNull(crises.endedAt), gt(crises.expectedEndAt, now), inArray(crises.enteId, [...new Set(enteIds)])));
  return new Set(rows.map((r) => r.enteId));
}

/**
 * The publishing worker's gate for one claimed variant, inside the worker's transaction: when a
 * crisis in force holds it (`crisisAllowsPublication` would say no) it is paused the way the
 * declaration pauses scheduled posts (variant `sospeso_crisi`, a `crisis_paused_variants` row
 * waiting for a decision) and the answer is true; a crisis message, a post of someone on the
 * allow-list or a channel outside the crisis pass (false).
 */
export async function pauseForCrisis(tx: Db, enteId: string, postId: string, channelId: string, now = new Date()): Promise<boolean> {
  const c = await openCrisis(tx, enteId);
  if (!c || c.expectedEndAt.getTime() <= now.getTime()) return false;
  if (await crisisAllows(tx, c, postId, channelId)) return false;
  const [v] = await tx
    .update(postVariants)
    .set({ status: 'sospeso_crisi' })
    .where(and(eq(postVariants.enteId, enteId), eq(postVariants.postId, postId), eq(postVariants.channelId, channelId), eq(postVariants.status, 'programmato')))
    .returning({ scheduledAt: postVariants.scheduledAt });
  if (v) {
    // Paused again in the same crisis (after being dropped): waiting for a decision once more.
    await tx
      .insert(crisisPausedVariants)
      .values({ enteId, crisisId: c.id, postId, channelId, scheduledAt: v.scheduledAt })
      .onConflictDoUpdate({
        target: [crisisPausedVariants.enteId, crisisPausedVariants.crisisId, crisisPausedVariants.postId, crisisPausedVariants.channelId],
        set: { state: 'sospeso', scheduledAt: v.scheduledAt, decidedBy: null, decidedAt: null, rescheduledAt: null },
      });
  }
  return true;
}
