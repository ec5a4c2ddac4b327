/**
 * Listening and false claims. The inbox (or any source) calls `ingest` with each message: the
 * hourly counts per channel grow, the message is kept as a signal, and it is matched against the
 * false claims on record. `signals` runs the spike detector over the stored hourly counts and
 * suggests declaring a crisis, with the messages behind each spike. A false claim gets a saved
 * reply and a clarification post drafted as an editorial proposal.
 */
import { and, asc, desc, eq, gte, isNull, lt, sql } from 'drizzle-orm';
import { schema, type Db } from '../../platform/db/index.ts';
import { jsonParam } from '../../platform/db/json-param.ts';
import { DomainError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import type { Editor } from '../editorial/index.ts';
import type { CrisisActor } from './crisis.service.ts';
import { fakeClaims, inboxHourly, signalMessages } from './crisis.tables.ts';
import { claimSimilarity, detectSpikes, hourStart, isAlarmed, type SpikeOptions } from './listening.fns.ts';

/** What this module needs from the editorial module: drafting a proposal. */
export interface ProposalDrafter {
  createProposal(who: Editor, enteId: string, input: { title: string; body: string; targetChannelIds?: string[]; links?: string[]; service?: string | null }): Promise<{ id: string }>;
}

export interface IncomingMessage {
  channelId: string;
  at: Date;
  text: string;
  ref?: string | null;
  /** The inbox's own sentiment, when it has one; else a small lexicon decides. */
  negative?: boolean;
}

export function createListeningService(deps: { db: Db; drafter: ProposalDrafter | null }) {
  const { db } = deps;

  async function claimsOf(tx: Db, enteId: string) {
    return tx.select().from(fakeClaims).where(eq(fakeClaims.enteId, enteId));
  }

  function bestClaim(claims: (typeof fakeClaims.$inferSelect)[], text: string) {
    let best: { id: string; score: number } | null = null;
    for (const c of claims) {
      const score = claimSimilarity(c.claim, text);
      if (score >= c.threshold && (!best || score > best.score)) best = { id: c.id, score };
    }
    return best;
  }

  return {
    /** Records messages: hourly counts, the signal, and the false claim it repeats (if any). */
    async ingest(enteId: string, messages: IncomingMessage[]) {
      return db.transaction(async (tx) => {
        const r = await this.recordIn(tx, enteId, messages);
        await r.count();
        return { ingested: r.ingested, matched: r.matched };
      });
    },

    /**
     * The same inside the caller's transaction (the inbox records the listening signals of a
     * batch in the transaction that stores its items, so none is lost and none counted twice).
     * Stores the messages now and leaves their hourly counts to `count()`, which the caller runs
     * last in the same transaction: an hour's row is shared by every batch of the channel, and a
     * row updated early stays locked until commit, making a concurrent batch wait that long.
     */
    async recordIn(tx: Db, enteId: string, messages: IncomingMessage[]): Promise<{ ingested: number; matched: number; count: () => Promise<void> }> {
      if (messages.length === 0) return { ingested: 0, matched: 0, count: async () => {} };
      const claims = await claimsOf(tx, enteId);
      const hours = new Map<string, { channelId: string; hour: Date; total: number; negative: number }>();
      let matched = 0;
      const rows = messages.map((m) => {
        const alarmed = m.negative ?? isAlarmed(m.text);
        const key = `${m.channelId}|${hourStart(m.at).toISOString()}`;
        const h = hours.get(key) ?? { channelId: m.channelId, hour: hourStart(m.at), total: 0, negative: 0 };
        h.total++;
        if (alarmed) h.negative++;
        hours.set(key, h);
        const claim = bestClaim(claims, m.text);
        if (claim) matched++;
        return { enteId, channelId: m.channelId, at: m.at, ref: m.ref ?? null, text: m.text.slice(0, 5000), alarmed, claimId: claim?.id ?? null, claimScore: claim?.score ?? null };
      });
      // One statement per table whatever the batch size: a JSON parameter rather than a
      // multi-row VALUES list, whose building costs more than the rows themselves.
      await tx.execute(sql`
        INSERT INTO crisis_signal_messages (ente_id, channel_id, at, ref, text, alarmed, claim_id, claim_score)
        SELECT ${enteId}::uuid, x.c, x.at, x.ref, x.text, x.alarmed, x.claim, x.score
        FROM json_to_recordset(${jsonParam(rows.map((r) => ({ c: r.channelId, at: r.at.toISOString(), ref: r.ref, text: r.text, alarmed: r.alarmed, claim: r.claimId, score: r.claimScore })))}::json)
          AS x(c uuid, at timestamptz, ref text, text text, alarmed boolean, claim uuid, score double precision)`);
      const counts = [...hours.values()].map((h) => ({ c: h.channelId, hour: h.hour.toISOString(), total: h.total, negative: h.negative }));
      return {
        ingested: rows.length,
        matched,
        count: async () => {
          await tx.execute(sql`
            INSERT INTO crisis_inbox_hourly AS h (ente_id, channel_id, hour, total, negative)
            SELECT ${enteId}::uuid, x.c, x.hour, x.total, x.negative
            FROM json_to_recordset(${JSON.stringify(counts)}::json) AS x(c uuid, hour timestamptz, total int, negative int)
            ORDER BY x.c, x.hour
            ON CONFLICT (ente_id, channel_id, hour) DO UPDATE SET total = h.total + excluded.total, negative = h.negative + excluded.negative`);
        },
      };
    },

    /** GDPR erasure of inbox items: the copies of their texts kept here are replaced (the counts stay). */
    async eraseIn(tx: Db, enteId: string, refs: readonly string[], replacement: string) {
      if (refs.length === 0) return;
      await tx.execute(sql`
        UPDATE crisis_signal_messages SET text = ${replacement}
        WHERE ente_id = ${enteId} AND ref = ANY(ARRAY(SELECT json_array_elements_text(${jsonParam(refs)}::json)))`);
    },

    /** Retention: messages received before `before` are deleted (the hourly counts stay, they name no one). */
    async purgeIn(tx: Db, enteId: string, before: Date) {
      await tx.delete(signalMessages).where(and(eq(signalMessages.enteId, enteId), lt(signalMessages.at, before)));
    },

    /** Spikes over the last `weeks` weeks, per channel, with the messages of each spike hour. */
    async signals(enteId: string, opts: { since?: Date; weeks?: number; now?: Date } & Partial<SpikeOptions> = {}) {
      const now = opts.now ?? new Date();
      const from = new Date(now.getTime() - (opts.weeks ?? 8) * 7 * 24 * 3_600_000);
      const since = opts.since ?? new Date(now.getTime() - 24 * 3_600_000);
      const counts = await db
        .select()
        .from(inboxHourly)
        .where(and(eq(inboxHourly.enteId, enteId), gte(inboxHourly.hour, from), lt(inboxHourly.hour, now)))
        .orderBy(asc(inboxHourly.hour));
      const channels = new Map((await db.select().from(schema.channels).where(eq(schema.channels.enteId, enteId))).map((c) => [c.id, c]));
      const byChannel = new Map<string, typeof counts>();
      for (const c of counts) byChannel.set(c.channelId, [...(byChannel.get(c.channelId) ?? []), c]);
      const spikes = [];
      for (const [channelId, series] of byChannel) {
        for (const s of detectSpikes(series, opts)) {
          if (s.hour.getTime() < hourStart(since).getTime()) continue;
          const messages = await db
            .select()
            .from(signalMessages)
            .where(and(eq(signalMessages.enteId, enteId), eq(signalMessages.channelId, channelId), gte(signalMessages.at, s.hour), lt(signalMessages.at, new Date(s.hour.getTime() + 3_600_000))))
            .orderBy(desc(signalMessages.alarmed), asc(signalMessages.at))
            .limit(20);
          spikes.push({
            channelId,
            channelName: channels.get(channelId)?.name ?? '',
            hour: s.hour.toISOString(),
            total: s.total,
            negative: s.negative,
            baseline: s.baseline,
            reasons: s.reasons,
            messages: messages.map((m) => ({ id: m.id, at: m.at.toISOString(), text: m.text, ref: m.ref, alarmed: m.alarmed })),
          });
        }
      }
      spikes.sort((a, b) => b.hour.localeCompare(a.hour));
      return {
        suggestion: spikes.length
          ? {
              declareCrisis: true,
              it: `Volume o tono dei messaggi fuori dal normale su ${new Set(spikes.map((s) => s.channelName || s.channelId)).size} canali: valuta se dichiarare la modalità crisi.`,
              en: `Message volume or tone out of the ordinary on ${new Set(spikes.map((s) => s.channelId)).size} channels: consider declaring crisis mode.`,
            }
          : null,
        spikes,
      };
    },

    /** Records a false claim, drafts the saved reply and the clarification post, marks past messages repeating it. */
    async createClaim(who: CrisisActor, enteId: string, input: { claim: string; sourceUrl: string; sourceTitle: string; savedReply?: string; channelIds?: string[]; threshold?: number }) {
      const reply =
        input.savedReply ??
        `Gentile utente, la notizia che «${input.claim}» è falsa. Le informazioni ufficiali sono qui: ${input.sourceTitle}, ${input.sourceUrl}. Ti invitiamo a non condividere notizie non verificate.`;
      const body = `ATTENZIONE ALLE NOTIZIE FALSE – Circola la notizia che «${input.claim}». Non è vera.\nLa fonte ufficiale: ${input.sourceTitle} ${input.sourceUrl}\nCondividi solo informazioni dai canali ufficiali dell’Ente. Emergenze: 112`;
      const post = deps.drafter
        ? await deps.drafter.createProposal(who, enteId, { title: `Smentita: ${input.claim}`.slice(0, 200), body, targetChannelIds: input.channelIds ?? [], links: [input.sourceUrl], service: 'Comunicazione di crisi' })
        : null;
      return db.transaction(async (tx) => {
        const [c] = await tx
          .insert(fakeClaims)
          .values({ enteId, claim: input.claim, sourceUrl: input.sourceUrl, sourceTitle: input.sourceTitle, savedReply: reply, postId: post?.id ?? null, threshold: input.threshold ?? 0.5, createdBy: who.userId })
          .returning();
        // Messages already received that repeat the claim.
        const recent = await tx.select().from(signalMessages).where(and(eq(signalMessages.enteId, enteId), isNull(signalMessages.claimId))).orderBy(desc(signalMessages.at)).limit(5000);
        const hits = recent.map((m) => ({ id: m.id, score: claimSimilarity(c!.claim, m.text) })).filter((m) => m.score >= c!.threshold);
        for (const h of hits) await tx.update(signalMessages).set({ claimId: c!.id, claimScore: h.score }).where(and(eq(signalMessages.enteId, enteId), eq(signalMessages.id, h.id)));
        await appendAudit(tx, enteId, who.audit, { action: 'fake_claim.create', entityType: 'fake_claim', entityId: c!.id, after: { claim: c!.claim, sourceUrl: c!.sourceUrl, postId: c!.postId, matched: hits.length } });
        return this.presentClaim(tx, enteId, c!);
      });
    },

    async presentClaim(tx: Db, enteId: string, c: typeof fakeClaims.$inferSelect) {
      const matches = await tx.select().from(signalMessages).where(and(eq(signalMessages.enteId, enteId), eq(signalMessages.claimId, c.id))).orderBy(desc(signalMessages.at)).limit(100);
      return {
        id: c.id,
        claim: c.claim,
        source: { url: c.sourceUrl, title: c.sourceTitle },
        savedReply: c.savedReply,
        postId: c.postId,
        threshold: c.threshold,
        createdAt: c.createdAt.toISOString(),
        matches: matches.map((m) => ({ id: m.id, channelId: m.channelId, at: m.at.toISOString(), text: m.text, ref: m.ref, score: m.claimScore ?? 0 })),
      };
    },

    async listClaims(enteId: string) {
      const claims = await db.select().from(fakeClaims).where(eq(fakeClaims.enteId, enteId)).orderBy(desc(fakeClaims.createdAt));
      return { claims: await Promise.all(claims.map((c) => this.presentClaim(db, enteId, c))) };
    },

    async getClaim(enteId: string, id: string) {
      const [c] = await db.select().from(fakeClaims).where(and(eq(fakeClaims.enteId, enteId), eq(fakeClaims.id, id)));
      if (!c) throw new DomainError('not_found', { what: 'fake claim' });
      return this.presentClaim(db, enteId, c);
    },
  };
}

export type ListeningService = ReturnType<typeof createListeningService>;
