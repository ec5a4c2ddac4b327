/**
 * The editorial calendar's pure logic: the time window of a month, week or list view in the
 * Ente's time zone, and the holes in a channel's plan (nothing planned for more than N days).
 */

export const CALENDAR_VIEWS = ['month', 'week', 'list'] as const;
export type CalendarView = (typeof CALENDAR_VIEWS)[number];

const DAY_MS = 86_400_000;

// Building an Intl formatter costs far more than using one: keep one per time zone.
const partsFormatters = new Map<string, Intl.DateTimeFormat>();
const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function cached(cache: Map<string, Intl.DateTimeFormat>, timeZone: string, make: () => Intl.DateTimeFormat): Intl.DateTimeFormat {
  let f = cache.get(timeZone);
  if (!f) {
    f = make();
    cache.set(timeZone, f);
  }
  return f;
}

/** The offset of a time zone from UTC at an instant, in milliseconds (positive east of Greenwich). */
export function zoneOffset(at: Date, timeZone: string): number {
  const parts = cached(
    partsFormatters,
    timeZone,
    () =>
      new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      }),
  ).formatToParts(at);
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}

/** The instant a calendar day (YYYY-MM-DD) begins in a time zone. */
export function startOfDay(ymd: string, timeZone: string): Date {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  const guess = Date.UTC(y, m - 1, d);
  const first = guess - zoneOffset(new Date(guess), timeZone);
  // Around a DST change the offset at the guess and at the result can differ: correct once.
  return new Date(guess - zoneOffset(new Date(first), timeZone));
}

/** The calendar day of an instant in a time zone, as YYYY-MM-DD. */
export function dayOf(at: Date, timeZone: string): string {
  return cached(dayFormatters, timeZone, () => new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })).format(at);
}

/** A day plus n days, as YYYY-MM-DD. */
export function addDays(ymd: string, n: number): string {
  const [y, m, d] = ymd.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + n)).toISOString().slice(0, 10);
}

export interface CalendarWindow {
  view: CalendarView;
  /** First day shown and the day after the last, YYYY-MM-DD in the Ente's zone. */
  fromDay: string;
  toDay: string;
  from: Date;
  to: Date;
}

/**
 * The window of a view around a day: the whole month, the ISO week (Monday to Sunday), or for
 * the list `days` days from the day (30 by default).
 */
export function calendarWindow(view: CalendarView, anchor: string, timeZone: string, days = 30): CalendarWindow {
  let fromDay: string;
  let toDay: string;
  if (view === 'month') {
    fromDay = `${anchor.slice(0, 7)}-01`;
    const [y, m] = fromDay.split('-').map(Number) as [number, number];
    toDay = new Date(Date.UTC(y, m, 1)).toISOString().slice(0, 10);
  } else if (view === 'week') {
    const [y, m, d] = anchor.split('-').map(Number) as [number, number, number];
    const weekday = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7; // Monday = 0
    fromDay = addDays(anchor, -weekday);
    toDay = addDays(fromDay, 7);
  } else {
    fromDay = anchor;
    toDay = addDays(anchor, days);
  }
  return { view, fromDay, toDay, from: startOfDay(fromDay, timeZone), to: startOfDay(toDay, timeZone) };
}

export interface Gap {
  /** The last planned item before the hole, or the window's start when there is none. */
  from: Date;
  /** The next planned item, or the window's end when nothing is planned after (open). */
  to: Date;
  days: number;
  open: boolean;
}

/**
 * Holes in a channel's plan within [windowFrom, windowTo): intervals longer than `gapDays`
 * between consecutive planned items. `before` is the last item before the window, `after` the
 * first after it; a hole may start before the window or end after it, but must overlap it.
 */
export function findGaps(
  planned: readonly Date[],
  opts: { windowFrom: Date; windowTo: Date; gapDays: number; before?: Date | null; after?: Date | null },
): Gap[] {
  const inside = planned
    .filter((d) => d >= opts.windowFrom && d < opts.windowTo)
    .map((d) => d.getTime())
    .sort((a, b) => a - b);
  const points = [opts.before ? opts.before.getTime() : opts.windowFrom.getTime(), ...inside];
  const end = opts.after ? opts.after.getTime() : opts.windowTo.getTime();
  points.push(end);
  const limit = opts.gapDays * DAY_MS;
  const gaps: Gap[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b - a <= limit) continue;
    if (b <= opts.windowFrom.getTime() || a >= opts.windowTo.getTime()) continue;
    const open = i + 1 === points.length - 1 && !opts.after;
    gaps.push({ from: new Date(a), to: new Date(b), days: Math.floor((b - a) / DAY_MS), open });
  }
  return gaps;
}
