/**
 * The editorial calendar (proposals by desired date, posts by channel date-time, holes where a
 * channel has nothing planned for more than N days), its iCalendar and CSV exports, the
 * electoral periods of par condicio and the Ente's editorial settings.
 */
import { eq } from 'drizzle-orm';
import { type Db, schema } from '../../platform/db/index.ts';
import { DomainError, type FieldError } from '../../platform/errors.ts';
import { appendAudit } from '../audit/index.ts';
import { calendarWindow, dayOf, findGaps, startOfDay, addDays, type CalendarView } from './calendar.fns.ts';
import { recordsToCsv } from './csv.fns.ts';
import * as repo from './editorial.repo.ts';
import type { Editor } from './editorial.shared.ts';
import { toICalendar, type CalendarEvent } from './ical.fns.ts';
import { STATUS_LABELS, type PostStatus } from './workflow.fns.ts';

export interface CalendarQuery {
  view: CalendarView;
  /** A day of the period to show (YYYY-MM-DD); today by default. */
  date?: string;
  /** Explicit window for the list view and the exports. */
  from?: string;
  to?: string;
  deskId?: string;
  channelId?: string;
  statuses?: string[];
}

const EXCERPT = 140;
const MAX_DAYS = 400;

const ICAL_STATUS: Record<PostStatus, string> = {
  proposta: 'proposed',
  in_lavorazione: 'draft',
  in_approvazione: 'in_review',
  approvato: 'approved',
  programmato: 'scheduled',
  rifiutato: 'rejected',
  pubblicato: 'published',
};

function excerpt(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > EXCERPT ? `${t.slice(0, EXCERPT - 1)}…` : t;
}

export function createCalendarService(deps: { db: Db }) {
  const { db } = deps;

  async function ente(enteId: string) {
    const [e] = await db.select().from(schema.enti).where(eq(schema.enti.id, enteId));
    if (!e) throw new DomainError('not_found', { what: 'ente' });
    return e;
  }

  async function calendar(enteId: string, q: CalendarQuery, now = new Date()) {
    const e = await ente(enteId);
    const tz = e.timeZone;
    let win = calendarWindow(q.view, q.date ?? dayOf(now, tz), tz);
    if (q.from || q.to) {
      const fromDay = q.from ?? win.fromDay;
      const toDay = q.to ? addDays(q.to, 1) : addDays(fromDay, 30);
      if (toDay <= fromDay || (Date.parse(toDay) - Date.parse(fromDay)) / 86_400_000 > MAX_DAYS) {
        throw new DomainError('validation_failed', {}, [{ field: 'querystring.to', code: 'invalid_value' }]);
      }
      win = { view: q.view, fromDay, toDay, from: startOfDay(fromDay, tz), to: startOfDay(toDay, tz) };
    }
    const filter = { from: win.from, to: win.to, ...(q.channelId ? { channelId: q.channelId } : {}) };
    // Gaps are computed on everything planned; the desk and status filters apply to the entries only.
    const [variants, proposals, channels, settings, around] = await Promise.all([
      repo.calendarVariants(db, enteId, filter),
      repo.calendarProposals(db, enteId, { ...filter, ...(q.deskId ? { deskId: q.deskId } : {}), ...(q.statuses?.length ? { statuses: q.statuses } : {}) }),
      repo.channelsOf(db, enteId),
      repo.getSettings(db, enteId),
      repo.plannedAround(db, enteId, win.from, win.to),
    ]);
    const statuses = q.statuses?.length ? new Set(q.statuses) : null;
    const entries = [
      ...variants
        .filter((v) => (!q.deskId || v.deskId === q.deskId) && (!statuses || statuses.has(v.status)))
        .map((v) => ({
          kind: 'post' as const,
          postId: v.postId,
          title: v.title,
          status: v.status as PostStatus,
          channelId: v.channelId as string | null,
          channelName: v.channelName as string | null,
          platform: v.platform as string | null,
          at: v.at!,
          deskId: v.deskId,
          excerpt: excerpt(v.text),
        })),
      ...proposals.map((p) => ({
        kind: 'proposal' as const,
        postId: p.postId,
        title: p.title,
        status: p.status as PostStatus,
        channelId: null,
        channelName: null,
        platform: null,
        at: p.at!,
        deskId: p.deskId,
        excerpt: excerpt(p.body),
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());

    const plannedByChannel = new Map<string, Date[]>();
    for (const v of variants) {
      if (v.status === 'rifiutato') continue;
      const list = plannedByChannel.get(v.channelId) ?? [];
      list.push(v.at!);
      plannedByChannel.set(v.channelId, list);
    }
    const gaps = channels
      .filter((c) => c.status === 'attivo' && (!q.channelId || c.id === q.channelId))
      .flatMap((c) => {
        const gapDays = settings.channelGapDays[c.id] ?? settings.defaultGapDays;
        return findGaps(plannedByChannel.get(c.id) ?? [], {
          windowFrom: win.from,
          windowTo: win.to,
          gapDays,
          before: around.before.get(c.id) ?? null,
          after: around.after.get(c.id) ?? null,
        }).map((g) => ({ channelId: c.id, channelName: c.name, platform: c.platform, gapDays, from: g.from, to: g.to, days: g.days, open: g.open }));
      });
    return { ente: e, window: win, timeZone: tz, entries, gaps };
  }

  return {
    async get(enteId: string, q: CalendarQuery) {
      const c = await calendar(enteId, q);
      // Zone offsets change only on the hour: one Intl call per hour of the month, not per entry.
      const days = new Map<number, string>();
      const day = (at: Date) => {
        const hour = Math.floor(at.getTime() / 3_600_000);
        let d = days.get(hour);
        if (d === undefined) {
          d = dayOf(at, c.timeZone);
          days.set(hour, d);
        }
        return d;
      };
      return {
        view: c.window.view,
        timeZone: c.timeZone,
        fromDay: c.window.fromDay,
        toDay: addDays(c.window.toDay, -1),
        from: c.window.from.toISOString(),
        to: c.window.to.toISOString(),
        entries: c.entries.map((e) => ({ ...e, at: e.at.toISOString(), day: day(e.at), statusLabel: STATUS_LABELS[e.status] })),
        gaps: c.gaps.map((g) => ({ ...g, from: g.from.toISOString(), to: g.to.toISOString() })),
      };
    },

    /** RFC 5545 document of the window (by default from 30 days ago to 90 days ahead). */
    async ics(enteId: string, q: Omit<CalendarQuery, 'view'>, now = new Date()) {
      const c = await calendar(enteId, { ...q, view: 'list', ...defaultRange(q, now) });
      const events: CalendarEvent[] = c.entries.map((e) => ({
        uid: `${e.postId}-${e.channelId ?? 'proposta'}@redazione.${c.ente.slug}`,
        start: e.at,
        end: new Date(e.at.getTime() + 15 * 60_000),
        summary: `${e.channelName ? `[${e.channelName}] ` : '[Proposta] '}${e.title}`,
        description: `${STATUS_LABELS[e.status].it} / ${STATUS_LABELS[e.status].en}\n${e.excerpt}`,
        status: ICAL_STATUS[e.status],
        categories: [STATUS_LABELS[e.status].it, ...(e.platform ? [e.platform] : [])],
      }));
      for (const g of c.gaps) {
        events.push({
          uid: `gap-${g.channelId}-${g.from.getTime()}@redazione.${c.ente.slug}`,
          start: g.from.getTime() < c.window.from.getTime() ? c.window.from : g.from,
          end: g.to,
          summary: `[${g.channelName}] Nessun post per ${g.days} giorni / nothing planned for ${g.days} days`,
          description: `Soglia ${g.gapDays} giorni / threshold ${g.gapDays} days`,
          status: 'tentative',
          categories: ['Buco'],
        });
      }
      return toICalendar(events, { prodId: '-//Redazione//Calendario editoriale//IT', calName: `Calendario editoriale – ${c.ente.name}`, now });
    },

    /** CSV (RFC 4180, UTF-8 with BOM), one row per post and channel. */
    async csv(enteId: string, q: Omit<CalendarQuery, 'view'>, delimiter: ',' | ';', now = new Date()) {
      const c = await calendar(enteId, { ...q, view: 'list', ...defaultRange(q, now) });
      const time = new Intl.DateTimeFormat('it-IT', { timeZone: c.timeZone, hour: '2-digit', minute: '2-digit' });
      return recordsToCsv(
        c.entries,
        [
          { header: 'giorno', value: (e) => dayOf(e.at, c.timeZone) },
          { header: 'ora', value: (e) => time.format(e.at) },
          { header: 'istante_utc', value: (e) => e.at },
          { header: 'tipo', value: (e) => (e.kind === 'proposal' ? 'proposta' : 'post') },
          { header: 'stato', value: (e) => e.status },
          { header: 'canale', value: (e) => e.channelName ?? '' },
          { header: 'piattaforma', value: (e) => e.platform ?? '' },
          { header: 'titolo', value: (e) => e.title },
          { header: 'testo', value: (e) => e.excerpt },
          { header: 'desk_id', value: (e) => e.deskId },
          { header: 'post_id', value: (e) => e.postId },
        ],
        { bom: true, delimiter, escapeFormulas: true },
      );
    },

    async listElectoralPeriods(enteId: string) {
      return (await repo.listElectoralPeriods(db, enteId)).map(presentPeriod);
    },

    async createElectoralPeriod(who: Editor, enteId: string, input: { name: string; start: string; end: string; ballotDate?: string | null }) {
      const errors: FieldError[] = [];
      if (input.end < input.start) errors.push({ field: 'end', code: 'before_start', messages: { it: 'La fine precede l’inizio.', en: 'The end is before the start.' } });
      if (input.ballotDate && input.ballotDate < input.end) {
        errors.push({ field: 'ballotDate', code: 'before_end', messages: { it: 'Il ballottaggio precede la fine del periodo.', en: 'The run-off is before the end of the period.' } });
      }
      if (errors.length) throw new DomainError('validation_failed', {}, errors);
      return db.transaction(async (tx) => {
        const p = await repo.insertElectoralPeriod(tx, { enteId, name: input.name, startDate: input.start, endDate: input.end, ballotDate: input.ballotDate ?? null, createdBy: who.userId });
        await appendAudit(tx, enteId, who.audit, { action: 'electoral_period.create', entityType: 'electoral_period', entityId: p.id, after: p });
        return presentPeriod(p);
      });
    },

    async getSettings(enteId: string) {
      return presentSettings(await repo.getSettings(db, enteId));
    },

    async updateSettings(who: Editor, enteId: string, input: { approvalsRequired?: 1 | 2; defaultGapDays?: number; channelGapDays?: Record<string, number | null>; version: number }) {
      return db.transaction(async (tx) => {
        const before = await repo.getSettings(tx, enteId);
        if (before.version !== input.version) throw new DomainError('version_conflict');
        if (input.channelGapDays) {
          const known = new Set((await repo.channelsOf(tx, enteId)).map((c) => c.id));
          const errors = Object.keys(input.channelGapDays)
            .filter((id) => !known.has(id))
            .map((id) => ({ field: `channelGapDays.${id}`, code: 'unknown_channel' }));
          if (errors.length) throw new DomainError('validation_failed', {}, errors);
        }
        const saved = await repo.saveSettings(tx, enteId, input.version, {
          approvalsRequired: input.approvalsRequired ?? before.approvalsRequired,
          defaultGapDays: input.defaultGapDays ?? before.defaultGapDays,
        });
        if (!saved) throw new DomainError('version_conflict');
        if (input.channelGapDays) {
          const merged = { ...before.channelGapDays };
          for (const [id, days] of Object.entries(input.channelGapDays)) {
            if (days === null) delete merged[id];
            else merged[id] = days;
          }
          await repo.replaceChannelGaps(tx, enteId, merged);
        }
        const after = await repo.getSettings(tx, enteId);
        await appendAudit(tx, enteId, who.audit, { action: 'editorial_settings.update', entityType: 'editorial_settings', entityId: enteId, before, after });
        return presentSettings(after);
      });
    },
  };
}

function defaultRange(q: { from?: string; to?: string }, now: Date) {
  const today = now.toISOString().slice(0, 10);
  return { from: q.from ?? addDays(today, -30), to: q.to ?? addDays(today, 90) };
}

function presentPeriod(p: repo.ElectoralPeriodRow) {
  return { id: p.id, name: p.name, start: p.startDate, end: p.endDate, ballotDate: p.ballotDate, effectiveEnd: p.ballotDate ?? p.endDate, createdAt: p.createdAt.toISOString() };
}

function presentSettings(s: Awaited<ReturnType<typeof repo.getSettings>>) {
  return { approvalsRequired: s.approvalsRequired, defaultGapDays: s.defaultGapDays, channelGapDays: s.channelGapDays, version: s.version };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
