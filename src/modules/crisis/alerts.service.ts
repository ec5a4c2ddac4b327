/**
 * Alerts: compose (templates, one variant per channel within its limits), approve (one approval;
 * during a crisis its author may approve it alone, the fast path, recorded as such; otherwise four
 * eyes), then publish to every selected channel at once, ahead of the queue, through the
 * publishing module's "publish now" (urgent publications). Broadcasts to WhatsApp and Telegram
 * subscribers start with the approval. A cancelled alert stays on the public page and in the CAP
 * feed as a Cancel message.
 */
import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { can } from '../../platform/auth/roles.ts';
import { schema, type Db } from '../../platform/db/index.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { contentHash } from '../editorial/index.ts';
import * as editorialRepo from '../editorial/editorial.repo.ts';
import { alertLink, fullText, headlineIt, variantsFor, type AlertCode, type AlertContent, type Risk, type Zone } from './alerts.fns.ts';
import { BROADCAST_PLATFORMS, DOCUMENTED_RATE, type BroadcastPlatform, type SenderRegistry } from './broadcast.senders.ts';
import { openCrisis, type CrisisActor } from './crisis.service.ts';
import { alerts, broadcasts, deliveries, subscribers } from './crisis.tables.ts';

/** What the alert needs from the publishing module (its `publishNow`). */
export interface Publisher {
  publishNow(who: CrisisActor, enteId: string, postId: string, input: { channelIds?: string[] }): Promise<unknown>;
}

export interface AlertInput {
  code: AlertCode;
  risks: Risk[];
  zones: Zone[];
  validFrom: string;
  validTo: string;
  source: string;
  measures?: string[];
  behaviour?: string[];
  ordinanceUrl?: string | null;
  infoUrl?: string | null;
  channelIds: string[];
  broadcast?: boolean;
  /** The alert this one updates (CAP msgType Update). */
  updates?: string | null;
}

type AlertRow = typeof alerts.$inferSelect;
export type AlertVariant = { channelId: string; platform: string; text: string; link: string | null };

const STATUS_IT: Record<string, string> = { bozza: 'bozza', approvata: 'approvata', pubblicata: 'pubblicata', annullata: 'annullata' };

export function contentOf(a: AlertRow): AlertContent {
  return {
    code: a.code as AlertCode,
    risks: a.risks as Risk[],
    zones: a.zones as Zone[],
    validFrom: a.validFrom,
    validTo: a.validTo,
    source: a.source,
    measures: a.measures,
    behaviour: a.behaviour,
    ordinanceUrl: a.ordinanceUrl,
    infoUrl: a.infoUrl,
  };
}

export function presentAlert(a: AlertRow) {
  return {
    id: a.id,
    status: a.status as 'bozza' | 'approvata' | 'pubblicata' | 'annullata',
    msgType: a.msgType as 'Alert' | 'Update',
    updates: a.referencesId,
    code: a.code as AlertCode,
    risks: a.risks as Risk[],
    zones: a.zones as Zone[],
    validFrom: a.validFrom.toISOString(),
    validTo: a.validTo.toISOString(),
    source: a.source,
    measures: a.measures,
    behaviour: a.behaviour,
    ordinanceUrl: a.ordinanceUrl,
    infoUrl: a.infoUrl,
    headline: a.headline,
    text: a.text,
    channelIds: a.channelIds,
    variants: a.variants as AlertVariant[],
    broadcast: a.broadcast,
    postId: a.postId,
    crisisId: a.crisisId,
    createdBy: a.createdBy,
    createdAt: a.createdAt.toISOString(),
    approvedBy: a.approvedBy,
    approvedAt: a.approvedAt?.toISOString() ?? null,
    fastPath: a.fastPath,
    publishedAt: a.publishedAt?.toISOString() ?? null,
    cancelledAt: a.cancelledAt?.toISOString() ?? null,
    version: a.version,
  };
}

export function createAlertsService(deps: { db: Db; publisher: Publisher | null; senders: SenderRegistry; readCredentials: (enteId: string, channelId: string) => Promise<string | null> }) {
  const { db } = deps;

  async function find(tx: Db, enteId: string, id: string, lock = false) {
    const q = tx.select().from(alerts).where(and(eq(alerts.enteId, enteId), eq(alerts.id, id)));
    const [a] = lock ? await q.for('update') : await q;
    if (!a) throw new DomainError('not_found', { what: 'alert' });
    return a;
  }

  async function channelsOf(tx: Db, enteId: string, ids: string[]) {
    if (ids.length === 0) return [];
    return tx.select().from(schema.channels).where(and(eq(schema.channels.enteId, enteId), inArray(schema.channels.id, ids)));
  }

  /** The rate for a broadcast through this channel's credentials. */
  async function rateFor(enteId: string, channelId: string, platform: BroadcastPlatform): Promise<number> {
    const sender = deps.senders[platform];
    const raw = await deps.readCredentials(enteId, channelId);
    let creds = null;
    try {
      creds = raw ? JSON.parse(raw) : null;
    } catch {
      creds = { accessToken: raw };
    }
    return sender ? sender.ratePerSecond(creds) : DOCUMENTED_RATE[platform];
  }

  /** One broadcast per WhatsApp/Telegram channel of the alert: a delivery row per opted-in subscriber. */
  async function startBroadcasts(tx: Db, a: AlertRow, channels: { id: string; platform: string }[], rates: Map<string, number>, now: Date) {
    const started = [];
    for (const c of channels) {
      if (!(BROADCAST_PLATFORMS as readonly string[]).includes(c.platform)) continue;
      const text = fullText(contentOf(a));
      const [b] = await tx
        .insert(broadcasts)
        .values({ enteId: a.enteId, alertId: a.id, channelId: c.id, platform: c.platform, text, total: 0, ratePerSecond: rates.get(c.id) ?? DOCUMENTED_RATE[c.platform as BroadcastPlatform], nextSlotAt: now })
        .onConflictDoNothing()
        .returning();
      if (!b) continue;
      await tx.execute(sql`insert into ${deliveries} (ente_id, broadcast_id, subscriber_id, address)
        select ${a.enteId}, ${b.id}, s.id, s.address from ${subscribers} s
        where s.ente_id = ${a.enteId} and s.channel = ${c.platform} and s.opted_out_at is null
        on conflict do nothing`);
      const [{ n }] = (await tx.select({ n: sql<number>`count(*)::int` }).from(deliveries).where(and(eq(deliveries.enteId, a.enteId), eq(deliveries.broadcastId, b.id)))) as [{ n: number }];
      await tx.update(broadcasts).set({ total: n }).where(and(eq(broadcasts.enteId, a.enteId), eq(broadcasts.id, b.id)));
      started.push({ id: b.id, channelId: c.id, total: n });
    }
    return started;
  }

  return {
    async create(who: CrisisActor, enteId: string, input: AlertInput, now = new Date()) {
      const validFrom = new Date(input.validFrom);
      const validTo = new Date(input.validTo);
      const errors: FieldError[] = [];
      if (validTo.getTime() <= validFrom.getTime()) errors.push({ field: 'validTo', code: 'before_start', messages: { it: 'La fine della validità deve seguire l’inizio.', en: 'The end of validity must follow its start.' } });
      if (validTo.getTime() <= now.getTime()) errors.push({ field: 'validTo', code: 'in_the_past', messages: { it: 'La validità è già terminata.', en: 'The validity window has already ended.' } });
      const channels = await channelsOf(db, enteId, input.channelIds);
      input.channelIds.forEach((id, i) => {
        if (!channels.some((c) => c.id === id)) errors.push({ field: `channelIds.${i}`, code: 'unknown_channel' });
      });
      if (input.updates) {
        const [prev] = await db.select().from(alerts).where(and(eq(alerts.enteId, enteId), eq(alerts.id, input.updates)));
        if (!prev || prev.status !== 'pubblicata') errors.push({ field: 'updates', code: 'unknown_alert', messages: { it: 'Si aggiorna solo un’allerta pubblicata.', en: 'Only a published alert can be updated.' } });
      }
      if (errors.length) throw new DomainError('validation_failed', {}, errors);
      const content: AlertContent = {
        code: input.code,
        risks: input.risks,
        zones: input.zones,
        validFrom,
        validTo,
        source: input.source,
        measures: input.measures ?? [],
        behaviour: input.behaviour ?? [],
        ordinanceUrl: input.ordinanceUrl ?? null,
        infoUrl: input.infoUrl ?? null,
      };
      const ordered = input.channelIds.map((id) => channels.find((c) => c.id === id)!);
      return db.transaction(async (tx) => {
        const crisis = await openCrisis(tx, enteId);
        const [a] = await tx
          .insert(alerts)
          .values({
            enteId,
            msgType: input.updates ? 'Update' : 'Alert',
            referencesId: input.updates ?? null,
            code: input.code,
            risks: input.risks,
            zones: input.zones,
            validFrom,
            validTo,
            source: input.source,
            measures: content.measures,
            behaviour: content.behaviour,
            ordinanceUrl: content.ordinanceUrl,
            infoUrl: content.infoUrl,
            headline: headlineIt(content),
            text: fullText(content),
            channelIds: input.channelIds,
            variants: variantsFor(ordered, content).map((v) => ({ ...v, link: alertLink(content) })),
            broadcast: input.broadcast ?? false,
            crisisId: crisis?.id ?? null,
            createdBy: who.userId,
          })
          .returning();
        await appendAudit(tx, enteId, who.audit, { action: 'alert.create', entityType: 'alert', entityId: a!.id, after: presentAlert(a!) });
        return presentAlert(a!);
      });
    },

    get: async (enteId: string, id: string) => presentAlert(await find(db, enteId, id)),

    async list(enteId: string) {
      return { alerts: (await db.select().from(alerts).where(eq(alerts.enteId, enteId)).orderBy(desc(alerts.createdAt)).limit(200)).map(presentAlert) };
    },

    /** Alerts shown to the public: published or cancelled, newest first. */
    async published(enteId: string) {
      return db.select().from(alerts).where(and(eq(alerts.enteId, enteId), inArray(alerts.status, ['pubblicata', 'annullata']), sql`${alerts.approvedAt} is not null`)).orderBy(desc(alerts.approvedAt)).limit(500);
    },

    /**
     * Approves the alert and publishes it. Four eyes unless a crisis is in force (the fast path:
     * the author, if an approvatore, approves alone; one approval suffices even where the Ente
     * requires two for ordinary posts).
     */
    async approve(who: CrisisActor, enteId: string, id: string, now = new Date()) {
      const crisis = await openCrisis(db, enteId);
      const pre = await find(db, enteId, id);
      const rates = new Map<string, number>();
      for (const c of await channelsOf(db, enteId, pre.channelIds)) {
        if ((BROADCAST_PLATFORMS as readonly string[]).includes(c.platform)) rates.set(c.id, await rateFor(enteId, c.id, c.platform as BroadcastPlatform));
      }
      const approved = await db.transaction(async (tx) => {
        const a = await find(tx, enteId, id, true);
        if (a.status !== 'bozza') throw new DomainError('alert_not_draft', { status: STATUS_IT[a.status] ?? a.status, action: 'approvarla', actionEn: 'approve it' });
        const own = a.createdBy === who.userId;
        if (own && !crisis) throw new DomainError('self_approval', { reason: 'ne sei l’autore (fuori da una crisi servono quattro occhi)', reasonEn: 'you are its author (outside a crisis four eyes are required)' });
        const { approvalsRequired } = await editorialRepo.getSettings(tx, enteId);
        const fastPath = Boolean(crisis) && (own || approvalsRequired > 1);
        const channels = await channelsOf(tx, enteId, a.channelIds);
        const variants = a.variants as AlertVariant[];
        // The alert becomes an approved post with one variant per channel: the publishing queue's unit.
        const post = await editorialRepo.insertPost(tx, {
          enteId,
          status: 'approvato',
          title: a.headline.slice(0, 200),
          body: a.text,
          service: 'Protezione civile',
          targetChannelIds: a.channelIds,
          links: alertLink(contentOf(a)) ? [alertLink(contentOf(a))!] : [],
          authorId: a.createdBy,
          lastEditorId: a.createdBy,
          pcImpersonal: true,
          pcIndispensable: true,
          pcReason: 'Allerta di protezione civile',
          submittedAt: now,
          approvedAt: now,
        });
        const pc = { impersonal: true, indispensable: true, reason: 'Allerta di protezione civile' };
        for (const v of variants) {
          const hash = contentHash({ text: v.text, link: v.link, mediaIds: [], parCondicio: pc });
          await editorialRepo.upsertVariant(tx, { enteId, postId: post.id, channelId: v.channelId, text: v.text, link: v.link, mediaIds: [], status: 'approvato', contentHash: hash, editedBy: a.createdBy });
          await editorialRepo.insertApproval(tx, { enteId, postId: post.id, channelId: v.channelId, approverId: who.userId, contentHash: hash });
        }
        const [after] = await tx
          .update(alerts)
          .set({ status: 'approvata', approvedBy: who.userId, approvedAt: now, fastPath, postId: post.id, crisisId: a.crisisId ?? crisis?.id ?? null, version: a.version + 1 })
          .where(and(eq(alerts.enteId, enteId), eq(alerts.id, id)))
          .returning();
        const started = a.broadcast ? await startBroadcasts(tx, after!, channels, rates, now) : [];
        await appendAudit(tx, enteId, who.audit, {
          action: 'alert.approve',
          entityType: 'alert',
          entityId: id,
          before: { status: a.status },
          after: { status: 'approvata', fastPath, crisisId: crisis?.id ?? null, postId: post.id, broadcasts: started },
        });
        return { alert: after!, channels };
      });
      return this.release(who, enteId, approved.alert.id);
    },

    /**
     * Hands an approved alert to the publishing queue: publish now on every selected channel (the
     * WhatsApp channels are reached by the broadcast to subscribers instead). Idempotent: the
     * worker's tick calls it again for an alert approved but not released (a crash in between).
     */
    async release(who: CrisisActor, enteId: string, id: string, now = new Date()) {
      const a = await find(db, enteId, id);
      if (a.status !== 'approvata' || !a.postId) return presentAlert(a);
      if (!deps.publisher) return presentAlert(a); // no publishing module: variants stay approved
      const channels = await channelsOf(db, enteId, a.channelIds);
      const targets = channels.filter((c) => !(a.broadcast && c.platform === 'whatsapp')).map((c) => c.id);
      if (targets.length) await deps.publisher.publishNow(who, enteId, a.postId, { channelIds: targets });
      const [after] = await db
        .update(alerts)
        .set({ status: 'pubblicata', publishedAt: now })
        .where(and(eq(alerts.enteId, enteId), eq(alerts.id, id), eq(alerts.status, 'approvata')))
        .returning();
      if (after) await db.transaction((tx) => appendAudit(tx, enteId, who.audit, { action: 'alert.publish', entityType: 'alert', entityId: id, after: { channelIds: targets } }));
      return presentAlert(after ?? (await find(db, enteId, id)));
    },

    /** Approved alerts not yet handed to the queue (a crash between approval and release). */
    async unreleased() {
      return db.select({ enteId: alerts.enteId, id: alerts.id, approvedBy: alerts.approvedBy }).from(alerts).where(and(eq(alerts.status, 'approvata'), sql`${alerts.postId} is not null`)).orderBy(asc(alerts.approvedAt)).limit(50);
    },

    /** Withdraws a published alert: the public page and the CAP feed show it as cancelled. */
    async cancel(who: CrisisActor, enteId: string, id: string, now = new Date()) {
      return db.transaction(async (tx) => {
        const a = await find(tx, enteId, id, true);
        if (a.status !== 'pubblicata' && a.status !== 'bozza') throw new DomainError('alert_not_draft', { status: STATUS_IT[a.status] ?? a.status, action: 'annullarla', actionEn: 'cancel it' });
        const [after] = await tx.update(alerts).set({ status: 'annullata', cancelledAt: now, version: a.version + 1 }).where(and(eq(alerts.enteId, enteId), eq(alerts.id, id))).returning();
        await appendAudit(tx, enteId, who.audit, { action: 'alert.cancel', entityType: 'alert', entityId: id, before: { status: a.status }, after: { status: 'annullata' } });
        return presentAlert(after!);
      });
    },

    /** Sent, failed and remaining recipients of each broadcast of the alert. */
    async progress(enteId: string, alertId: string) {
      await find(db, enteId, alertId);
      const bs = await db.select().from(broadcasts).where(and(eq(broadcasts.enteId, enteId), eq(broadcasts.alertId, alertId))).orderBy(asc(broadcasts.createdAt));
      const counts = bs.length
        ? await db
            .select({ broadcastId: deliveries.broadcastId, state: deliveries.state, n: sql<number>`count(*)::int` })
            .from(deliveries)
            .where(and(eq(deliveries.enteId, enteId), inArray(deliveries.broadcastId, bs.map((b) => b.id))))
            .groupBy(deliveries.broadcastId, deliveries.state)
        : [];
      return {
        broadcasts: bs.map((b) => {
          const of = (s: string) => counts.find((c) => c.broadcastId === b.id && c.state === s)?.n ?? 0;
          return {
            id: b.id,
            channelId: b.channelId,
            platform: b.platform as BroadcastPlatform,
            state: b.state as 'in_corso' | 'sospeso' | 'completato',
            total: b.total,
            sent: of('inviato'),
            failed: of('fallito'),
            remaining: of('da_inviare') + of('in_invio'),
            ratePerSecond: b.ratePerSecond,
            stopReason: b.stopCode ? { code: b.stopCode, it: b.stopIt ?? '', en: b.stopEn ?? '' } : null,
            stoppedAt: b.stoppedAt?.toISOString() ?? null,
            finishedAt: b.finishedAt?.toISOString() ?? null,
          };
        }),
      };
    },

    /** Resumes a stopped broadcast from the recipients still to send (after reconnecting the channel). */
    async resume(who: CrisisActor, enteId: string, alertId: string, broadcastId: string, now = new Date()) {
      return db.transaction(async (tx) => {
        const [b] = await tx.select().from(broadcasts).where(and(eq(broadcasts.enteId, enteId), eq(broadcasts.id, broadcastId), eq(broadcasts.alertId, alertId))).for('update');
        if (!b) throw new DomainError('not_found', { what: 'broadcast' });
        if (b.state !== 'sospeso') throw new DomainError('conflict');
        await tx.update(broadcasts).set({ state: 'in_corso', stopCode: null, stopIt: null, stopEn: null, stoppedAt: null, nextSlotAt: now }).where(and(eq(broadcasts.enteId, enteId), eq(broadcasts.id, broadcastId)));
        await appendAudit(tx, enteId, who.audit, { action: 'broadcast.resume', entityType: 'broadcast', entityId: broadcastId, before: { state: 'sospeso', reason: b.stopCode }, after: { state: 'in_corso' } });
      });
    },

    /** Stopped broadcasts whose channel got new credentials after the stop: resumed by the tick. */
    async resumeReconnected(now = new Date()) {
      const stopped = await db
        .select({ b: broadcasts, secretAt: schema.channelSecrets.updatedAt })
        .from(broadcasts)
        .innerJoin(schema.channelSecrets, and(eq(schema.channelSecrets.enteId, broadcasts.enteId), eq(schema.channelSecrets.channelId, broadcasts.channelId)))
        .where(and(eq(broadcasts.state, 'sospeso'), sql`${schema.channelSecrets.updatedAt} > ${broadcasts.stoppedAt}`));
      for (const { b } of stopped) {
        await db.update(broadcasts).set({ state: 'in_corso', stopCode: null, stopIt: null, stopEn: null, stoppedAt: null, nextSlotAt: now }).where(and(eq(broadcasts.enteId, b.enteId), eq(broadcasts.id, b.id), eq(broadcasts.state, 'sospeso')));
      }
      return stopped.length;
    },

    // ------------------------------------------------------------ subscribers

    /** Records opt-ins (a number or chat id per platform); an address that opted out and back in is re-activated. */
    async addSubscribers(who: CrisisActor, enteId: string, items: { channel: BroadcastPlatform; address: string; optedInAt?: string; source: string }[], now = new Date()) {
      const errors: FieldError[] = [];
      items.forEach((s, i) => {
        if (s.channel === 'whatsapp' && !/^\+[1-9]\d{6,14}$/.test(s.address)) errors.push({ field: `subscribers.${i}.address`, code: 'invalid_phone', messages: { it: 'Numero in formato internazionale, es. +393331234567.', en: 'Number in international format, e.g. +393331234567.' } });
        if (s.channel === 'telegram' && !/^-?\d{1,20}$/.test(s.address)) errors.push({ field: `subscribers.${i}.address`, code: 'invalid_chat_id', messages: { it: 'Identificativo numerico della chat Telegram.', en: 'Numeric Telegram chat id.' } });
      });
      if (errors.length) throw new DomainError('validation_failed', {}, errors);
      return db.transaction(async (tx) => {
        for (let i = 0; i < items.length; i += 1000) {
          const chunk = items.slice(i, i + 1000);
          await tx
            .insert(subscribers)
            .values(chunk.map((s) => ({ enteId, channel: s.channel, address: s.address, optedInAt: s.optedInAt ? new Date(s.optedInAt) : now, optInSource: s.source })))
            .onConflictDoUpdate({
              target: [subscribers.enteId, subscribers.channel, subscribers.address],
              set: { optedOutAt: null, optedInAt: sql`excluded.opted_in_at`, optInSource: sql`excluded.opt_in_source` },
            });
        }
        await appendAudit(tx, enteId, who.audit, { action: 'subscribers.add', entityType: 'subscribers', entityId: enteId, after: { count: items.length } });
        return this.subscriberCounts(enteId, tx);
      });
    },

    async optOut(who: CrisisActor | null, enteId: string, channel: BroadcastPlatform, address: string, now = new Date()) {
      return db.transaction(async (tx) => {
        const [s] = await tx
          .update(subscribers)
          .set({ optedOutAt: now })
          .where(and(eq(subscribers.enteId, enteId), eq(subscribers.channel, channel), eq(subscribers.address, address), isNull(subscribers.optedOutAt)))
          .returning();
        if (!s) throw new DomainError('not_found', { what: 'subscriber' });
        // Not yet sent deliveries to this person are dropped: an opt-out is effective at once.
        await tx.execute(sql`update ${deliveries} set state = 'fallito', error = 'disiscritto' where ente_id = ${enteId} and subscriber_id = ${s.id} and state = 'da_inviare'`);
        await appendAudit(tx, enteId, who?.audit ?? { id: null, label: 'iscritto' }, { action: 'subscribers.opt_out', entityType: 'subscriber', entityId: s.id, after: { channel } });
        return { id: s.id, optedOutAt: now.toISOString() };
      });
    },

    async subscriberCounts(enteId: string, tx: Db = db) {
      const rows = await tx
        .select({ channel: subscribers.channel, active: sql<number>`count(*) filter (where ${subscribers.optedOutAt} is null)::int`, optedOut: sql<number>`count(*) filter (where ${subscribers.optedOutAt} is not null)::int` })
        .from(subscribers)
        .where(eq(subscribers.enteId, enteId))
        .groupBy(subscribers.channel);
      const of = (c: string) => rows.find((r) => r.channel === c) ?? { active: 0, optedOut: 0 };
      return { whatsapp: { active: of('whatsapp').active, optedOut: of('whatsapp').optedOut }, telegram: { active: of('telegram').active, optedOut: of('telegram').optedOut } };
    },

    /** Whether the actor may approve alerts. */
    mayApprove: (who: CrisisActor) => can(who.roles, 'alerts.approve'),
  };
}

export type AlertsService = ReturnType<typeof createAlertsService>;
