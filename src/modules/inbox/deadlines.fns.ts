/**
 * Response deadlines: the policy promises an answer within `responseTimeHours` of presence, so the
 * clock runs only inside the hours of presence (the rulebook's weekly schedule), never on Italian
 * public holidays or the Ente's closed dates. Pure functions, table-tested.
 */
import { isItalianHoliday, localTime } from '../../lib/italian/holidays.ts';
import type { ModerationHours } from '../policy/index.ts';

type WeeklySchedule = ModerationHours['schedule'];

const MINUTE = 60_000;
const toMinutes = (hhmm: string): number => {
  const [h, m] = hhmm.split(':');
  return Number(h) * 60 + Number(m ?? 0);
};

function closedOn(date: string, schedule: WeeklySchedule): boolean {
  return schedule.closedDates.includes(date) || (schedule.closedOnPublicHolidays && isItalianHoliday(date));
}

/**
 * The instant `workingMinutes` of presence after `start`. Walks interval by interval: inside an
 * opening interval it consumes up to its end, outside it jumps to the next interval's start (or the
 * next local midnight). DST switches happen at night, outside any office's hours; the walk stays
 * exact there because each step re-reads the local time. Null when the schedule has no hours at all.
 */
export function addWorkingMinutes(start: Date, workingMinutes: number, schedule: WeeklySchedule): Date | null {
  const hasHours = Object.values(schedule.days).some((r) => (r ?? []).length > 0);
  if (!hasHours || Number.isNaN(start.getTime())) return null;
  // A burst of questions arrives within a few minutes: the walk is done once per minute and
  // schedule. From any instant of a minute it takes the same steps as from the minute's start;
  // the seconds carry over to the deadline unless a step jumped to a whole minute (see `walk`).
  const t = start.getTime();
  const minute = Math.floor(t / MINUTE) * MINUTE;
  let cache = walks.get(schedule);
  if (!cache) walks.set(schedule, (cache = new Map()));
  const key = `${minute}|${workingMinutes}`;
  let w = cache.get(key);
  if (!w) {
    w = walk(minute, workingMinutes, schedule);
    if (cache.size >= 10_000) cache.clear();
    cache.set(key, w);
  }
  if (w.at === null) return null;
  return new Date(w.jumped ? w.at : w.at + (t - minute));
}

const walks = new WeakMap<WeeklySchedule, Map<string, { at: number | null; jumped: boolean }>>();

/**
 * Walks interval by interval: inside an opening interval it consumes up to its end, outside it
 * jumps to the next interval's start (or the next local midnight), aligned to the whole minute.
 * `jumped` tells whether it ever jumped.
 */
function walk(start: number, workingMinutes: number, schedule: WeeklySchedule): { at: number | null; jumped: boolean } {
  let t = start;
  let left = Math.max(0, workingMinutes);
  let jumped = false;
  // Two years of steps is far more than any promise; a guard against a schedule closed forever.
  for (let steps = 0; steps < 5_000; steps++) {
    const local = localTime(new Date(t), schedule.timeZone);
    const ranges = closedOn(local.date, schedule) ? [] : [...(schedule.days[local.weekday] ?? [])].sort((a, b) => toMinutes(a.from) - toMinutes(b.from));
    const inside = ranges.find((r) => local.minutes >= toMinutes(r.from) && local.minutes < toMinutes(r.to));
    if (inside) {
      const available = toMinutes(inside.to) - local.minutes;
      if (left <= available) return { at: t + left * MINUTE, jumped };
      left -= available;
      t += available * MINUTE;
      continue;
    }
    const next = ranges.find((r) => toMinutes(r.from) > local.minutes);
    const jump = next ? toMinutes(next.from) - local.minutes : 1440 - local.minutes;
    t = Math.floor(t / MINUTE) * MINUTE + jump * MINUTE;
    jumped = true;
  }
  return { at: null, jumped };
}

/** The deadline of a question that arrived at `receivedAt`. */
export function responseDeadline(receivedAt: Date, hours: { schedule: WeeklySchedule; responseTimeHours: number }): Date | null {
  return addWorkingMinutes(receivedAt, Math.round(hours.responseTimeHours * 60), hours.schedule);
}

export type Lateness = 'late' | 'soon' | 'on_time' | 'none';

/** Whether an open question is late, about to be late (within `soonHours` of its deadline), or fine. */
export function lateness(dueAt: Date | null, answered: boolean, now: Date, soonHours: number): Lateness {
  if (!dueAt || answered) return 'none';
  if (dueAt.getTime() <= now.getTime()) return 'late';
  if (dueAt.getTime() - now.getTime() <= soonHours * 3_600_000) return 'soon';
  return 'on_time';
}
